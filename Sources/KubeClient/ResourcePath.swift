import Foundation

/// A REST resource: API group, version and plural name, optionally inside a namespace.
public struct ResourcePath: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// Empty for the core group (`/api/v1`).
    public var group: String
    public var version: String
    /// Plural, lower case: `pods`, `persistentvolumeclaims`.
    public var resource: String
    /// nil lists across all namespaces (or a cluster-scoped resource).
    public var namespace: String?

    public init(group: String = "", version: String = "v1", resource: String, namespace: String? = nil) {
        self.group = group
        self.version = version
        self.resource = resource
        self.namespace = namespace
    }

    /// The same resource in `namespace` (nil = all namespaces).
    public func inNamespace(_ namespace: String?) -> ResourcePath {
        var copy = self
        copy.namespace = namespace
        return copy
    }

    /// `/api/v1/namespaces/ns/pods`, `/apis/apps/v1/deployments`, plus `/name` when given.
    public func path(name: String? = nil) -> String {
        var path = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
        if let namespace, !namespace.isEmpty { path += "/namespaces/\(Self.segment(namespace))" }
        path += "/\(resource)"
        if let name { path += "/\(Self.segment(name))" }
        return path
    }

    /// `group/version` as Kubernetes writes it (`v1` for core).
    public var groupVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// `pods` or `deployments.apps`, with `in namespace X` when namespaced.
    public var description: String {
        let name = group.isEmpty ? resource : "\(resource).\(group)"
        return namespace.map { "\(name) in namespace \($0)" } ?? name
    }

    private static func segment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? text
    }

    public static let nodes = ResourcePath(resource: "nodes")
    public static let pods = ResourcePath(resource: "pods")
    public static let persistentVolumeClaims = ResourcePath(resource: "persistentvolumeclaims")
    public static let persistentVolumes = ResourcePath(resource: "persistentvolumes")
    public static let services = ResourcePath(resource: "services")
    public static let configMaps = ResourcePath(resource: "configmaps")
    public static let namespaces = ResourcePath(resource: "namespaces")
    public static let storageClasses = ResourcePath(group: "storage.k8s.io", resource: "storageclasses")
    public static let replicaSets = ResourcePath(group: "apps", resource: "replicasets")
    public static let deployments = ResourcePath(group: "apps", resource: "deployments")
    public static let statefulSets = ResourcePath(group: "apps", resource: "statefulsets")
    public static let daemonSets = ResourcePath(group: "apps", resource: "daemonsets")
    public static let jobs = ResourcePath(group: "batch", resource: "jobs")
    public static let cronJobs = ResourcePath(group: "batch", resource: "cronjobs")
}
