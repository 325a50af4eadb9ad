import KubeModel

extension ClusterResource where Item == PartialObjectMetadata {
    /// ConfigMaps by name and metadata only. Meant for snapshot files: their contents are never decoded,
    /// but an API LIST would still carry them over the wire, so callers do not list these from a server.
    public static var configMapNames: Self {
        Self(kind: "ConfigMap", path: .configMaps, isNamespaced: true) { if case .configMap(let o) = $0 { o } else { nil } }
    }

    /// Secrets by name and metadata only, under the same rule as ``configMapNames``.
    public static var secretNames: Self {
        Self(kind: "Secret", path: ResourcePath(resource: "secrets"), isNamespaced: true) {
            if case .secret(let o) = $0 { o } else { nil }
        }
    }
}
