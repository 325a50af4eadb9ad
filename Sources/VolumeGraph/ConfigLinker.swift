/// Links pods to the ConfigMaps and Secrets they read (`uses`): names only, never contents.
///
/// Those objects join the graph only when a pod uses them (a namespace's unreferenced Secrets,
/// such as Helm's release records, would bury the picture). A required reference to an object
/// the inventory lacks becomes a placeholder and a finding; an `optional` one is dropped; and
/// when the inventory holds no object of that kind at all, the kind was not read and nothing is
/// reported.
enum ConfigLinker {
    static func link(_ draft: inout GraphDraft) {
        for podID in draft.index.pods.keys.sorted() {
            let pod = draft.index.pods[podID]!
            for reference in PodReferenceCollector.configObjects(of: pod, in: podID.namespace) {
                if let existing = draft.index.configObject(reference.target) {
                    draft.index.addReferencedNode(existing)
                } else {
                    guard !reference.isOptional, draft.index.readKinds.contains(reference.target.kind) else { continue }
                    draft.index.addReferencedNode(GraphNodeFactory.placeholder(reference.target))
                    let code: FindingCode = reference.target.kind == .secret ? .secretMissing : .configMapMissing
                    draft.report(.error, code, "\(podID) uses \(reference.target), which does not exist",
                                 [podID, reference.target])
                }
                draft.link(podID, reference.target, .uses)
            }
        }
    }
}
