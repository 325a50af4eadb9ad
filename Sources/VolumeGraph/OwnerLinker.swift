import KubeModel

/// Links dependents to their owners (`owned_by`): Pod → ReplicaSet → Deployment, Pod →
/// StatefulSet or DaemonSet, Pod → Job → CronJob, and any other owner present in the graph.
///
/// Owners are found by `ownerReferences[].uid`. Only when no object carries that uid does the
/// link fall back to kind + name in the dependent's namespace, and then only to an object with
/// no uid of its own (hand-written snapshots): an object of that name with a different uid is a
/// recreated owner, not this one. An owner absent from the inventory gets no placeholder — with
/// a partial snapshot that is normal, not a problem; the pod's `controller` property keeps the name.
enum OwnerLinker {
    static func link(_ draft: inout GraphDraft) {
        for dependent in draft.index.ownerReferences.keys.sorted() {
            for reference in draft.index.ownerReferences[dependent]! {
                if let owner = resolve(reference, of: dependent, in: draft.index) {
                    draft.link(dependent, owner, .ownedBy)
                }
            }
        }
    }

    static func resolve(_ reference: OwnerReference, of dependent: GraphNodeID, in index: ObjectIndex) -> GraphNodeID? {
        if !reference.uid.isEmpty, let owner = index.byUID[reference.uid] { return owner }
        let candidate = GraphNodeID(kind: ObjectKind(reference.kind), namespace: dependent.namespace, name: reference.name)
        guard let node = index.nodes[candidate], !node.isMissing else { return nil }
        return StorageLinker.uidsAgree(reference.uid, node.uid) ? candidate : nil
    }
}
