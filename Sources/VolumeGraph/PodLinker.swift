/// Links each pod to the claims it mounts (`mounts`) and the node it runs on (`runs_on`).
///
/// A mounted claim the inventory lacks becomes a placeholder node and a `pvc-missing` finding,
/// unless the inventory holds no claims at all (then claims were simply not read).
enum PodLinker {
    static func link(_ draft: inout GraphDraft) {
        for podID in draft.index.pods.keys.sorted() {
            let pod = draft.index.pods[podID]!
            for reference in PodReferenceCollector.claims(of: pod, in: podID.namespace) {
                if !draft.index.contains(reference.claim) {
                    guard draft.index.readKinds.contains(.persistentVolumeClaim) else { continue }
                    draft.index.addReferencedNode(
                        GraphNodeFactory.placeholder(reference.claim, requested: reference.ephemeralRequest))
                    draft.report(.error, .pvcMissing, missingClaimMessage(podID, reference), [podID, reference.claim])
                }
                draft.link(podID, reference.claim, .mounts)
            }
            if let nodeName = pod.spec.nodeName {
                draft.link(podID, GraphNodeID(kind: .node, namespace: nil, name: nodeName), .runsOn)
            }
        }
    }

    private static func missingClaimMessage(_ pod: GraphNodeID, _ reference: ClaimReference) -> String {
        let base = "\(pod) mounts \(reference.claim), which does not exist"
        guard reference.isEphemeral else { return base }
        return base + " (claim of generic ephemeral volume \"\(reference.volume)\", created when the pod is scheduled)"
    }
}
