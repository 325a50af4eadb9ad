/// Links each Service to the pods its label selector picks in its own namespace (`targets`).
/// A Service without a selector targets nothing (its endpoints are managed by hand).
enum ServiceLinker {
    static func link(_ draft: inout GraphDraft) {
        let podsByNamespace = Dictionary(grouping: draft.index.pods.keys, by: \.namespace)
        for serviceID in draft.index.services.keys.sorted() {
            let spec = draft.index.services[serviceID]!.spec
            for podID in podsByNamespace[serviceID.namespace] ?? []
            where spec.selects(labels: draft.index.pods[podID]!.metadata.labels) {
                draft.link(serviceID, podID, .targets)
            }
        }
    }
}
