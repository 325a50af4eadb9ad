/// The text lines drawn for a node, shared by the DOT and Mermaid renderers: kind and name, then
/// status with sizes, then the details pods-graph showed (access modes, class, reclaim policy).
enum NodeLabel {
    /// `claimDrawn`: a volume's claim is drawn bound to it, so the label need not name it.
    static func lines(_ node: GraphNode, withNamespace: Bool = false, claimDrawn: Bool = false) -> [String] {
        let title = "\(node.kind.shortName) \(withNamespace ? node.id.qualifiedName : node.name)"
        if node.isMissing { return [title, "Missing"] + (node.properties.requested.map { ["requests \($0)"] } ?? []) }
        return [title] + details(node, claimDrawn: claimDrawn).filter { !$0.isEmpty }
    }

    private static func details(_ node: GraphNode, claimDrawn: Bool) -> [String] {
        let p = node.properties
        switch node.kind {
        case .pod:
            return [node.status ?? "", p.node.map { "on \($0)" } ?? ""]
        case .persistentVolumeClaim:
            let size: String? = switch (p.capacity, p.requested) {
            case let (capacity?, requested?) where capacity != requested: "\(capacity) (requested \(requested))"
            case let (capacity?, _): capacity
            case let (nil, requested?): "requests \(requested)"
            case (nil, nil): nil
            }
            return [joined(node.status, size), joined(modes(p.accessModes), p.storageClass)]
        case .persistentVolume:
            return [joined(node.status, p.capacity, p.reclaimPolicy), joined(modes(p.accessModes), p.storageClass),
                    claimDrawn ? "" : p.claim.map { "claim \($0.qualifiedName)" } ?? ""]
        case .storageClass:
            return [p.provisioner ?? "", joined(p.reclaimPolicy, p.volumeBindingMode)]
        case .node:
            return [node.status ?? "", joined(p.cpu.map { "cpu \($0)" }, p.memory.map { "memory \($0)" })]
        case .service:
            return [p.serviceType ?? ""]
        default:
            return [node.status ?? ""]
        }
    }

    private static func joined(_ parts: String?...) -> String {
        parts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " · ")
    }

    /// `ReadWriteOnce` → `RWO`, as `kubectl get pv` prints them.
    static func modes(_ modes: [String]?) -> String? {
        guard let modes, !modes.isEmpty else { return nil }
        let short = ["ReadWriteOnce": "RWO", "ReadOnlyMany": "ROX", "ReadWriteMany": "RWX", "ReadWriteOncePod": "RWOP"]
        return modes.map { short[$0] ?? $0 }.joined(separator: ",")
    }
}
