import Foundation

extension TestAPIServer {
    /// CPU and memory one node reports through `metrics.k8s.io` (what `kubectl top nodes` shows) and its kubelet's
    /// Summary API, as Kubernetes quantities (`"1500m"`, `"3Gi"`).
    public struct NodeUsage: Sendable, Encodable, Equatable {
        public var name: String
        public var cpu: String?
        public var memory: String?
        /// metrics-server has no sample for the node: it is left out of lists and a GET is 404.
        public var missing: Bool

        public init(name: String, cpu: String? = nil, memory: String? = nil) {
            self.name = name
            self.cpu = cpu
            self.memory = memory
            missing = false
        }

        /// A node without metrics (its kubelet still answers the Summary API).
        public static func missing(_ name: String) -> NodeUsage {
            var usage = NodeUsage(name: name)
            usage.missing = true
            return usage
        }
    }

    /// The usage of one container of a running pod; unset figures keep their generated values.
    public struct ContainerUsage: Sendable, Encodable, Equatable {
        public var name: String
        public var cpu: String?
        public var memory: String?

        public init(name: String, cpu: String? = nil, memory: String? = nil) {
            self.name = name
            self.cpu = cpu
            self.memory = memory
        }
    }

    /// The usage of a running pod's containers (by name; the server refuses names the pod does not have).
    public struct PodUsage: Sendable, Encodable, Equatable {
        public var namespace: String
        public var name: String
        public var containers: [ContainerUsage]
        /// metrics-server has no sample for the pod (`kubectl top pod` says metrics are not available).
        public var missing: Bool

        public init(namespace: String, name: String, containers: [ContainerUsage]) {
            self.namespace = namespace
            self.name = name
            self.containers = containers
            missing = false
        }

        public static func missing(namespace: String, name: String) -> PodUsage {
            var usage = PodUsage(namespace: namespace, name: name, containers: [])
            usage.missing = true
            return usage
        }
    }

    /// Filesystem figures the kubelet reports for a PersistentVolumeClaim (in every pod that mounts it). Unset
    /// figures keep their generated values; `availableBytes` defaults to capacity minus used, `inodesFree` to
    /// inodes minus used.
    public struct VolumeUsage: Sendable, Encodable, Equatable {
        public var namespace: String
        public var pvc: String
        public var usedBytes: Int?
        public var capacityBytes: Int?
        public var availableBytes: Int?
        public var inodes: Int?
        public var inodesUsed: Int?
        public var inodesFree: Int?

        public init(namespace: String, pvc: String, usedBytes: Int? = nil, capacityBytes: Int? = nil,
                    availableBytes: Int? = nil, inodes: Int? = nil, inodesUsed: Int? = nil, inodesFree: Int? = nil) {
            self.namespace = namespace
            self.pvc = pvc
            self.usedBytes = usedBytes
            self.capacityBytes = capacityBytes
            self.availableBytes = availableBytes
            self.inodes = inodes
            self.inodesUsed = inodesUsed
            self.inodesFree = inodesFree
        }
    }

    /// Sets what `metrics.k8s.io` (and the kubelet Summary API) report for these nodes and pods, on top of the
    /// usage generated from the snapshot; a node's figure is its own total, not the sum of its pods'. Nodes and
    /// pods not named keep their figures until ``clearMetrics()``.
    public func setMetrics(nodes: [NodeUsage] = [], pods: [PodUsage] = []) async throws {
        struct Body: Encodable { var nodes: [NodeUsage]; var pods: [PodUsage] }
        _ = try await admin.send("POST", "/_test/metrics", body: try JSONEncoder().encode(Body(nodes: nodes, pods: pods)))
    }

    /// Back to the usage generated from the snapshot.
    public func clearMetrics() async throws {
        _ = try await admin.send("DELETE", "/_test/metrics")
    }

    /// Sets the kubelet's figures for these claims (e.g. to fill a volume step by step).
    public func setVolumeStats(_ volumes: [VolumeUsage]) async throws {
        _ = try await admin.send("POST", "/_test/volumestats", body: try JSONEncoder().encode(["volumes": volumes]))
    }

    /// Back to the volume figures generated from the snapshot.
    public func clearVolumeStats() async throws {
        _ = try await admin.send("DELETE", "/_test/volumestats")
    }
}
