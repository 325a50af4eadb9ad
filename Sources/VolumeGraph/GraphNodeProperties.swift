/// Kind-specific facts about a node, the ones a person reads in the picture. Every field is
/// optional and left out of the JSON when it does not apply to the kind.
///
/// Sizes stay as the API wrote them (`10Gi`), so the output matches `kubectl get`.
public struct GraphNodeProperties: Codable, Equatable, Sendable {
    /// Pod: the node it is bound to (`spec.nodeName`), even when that Node is not in the inventory.
    public var node: String?
    /// Pod: its controlling owner as `Kind/name`, known even with `--kinds volumes`.
    public var controller: String?
    /// PVC: `spec.resources.requests.storage`; ephemeral placeholders: the template's request.
    public var requested: String?
    /// PVC: the provisioned size (`status.capacity.storage`); PV: `spec.capacity.storage`.
    public var capacity: String?
    /// PVC: granted modes once bound, else the requested ones; PV: `spec.accessModes`.
    public var accessModes: [String]?
    /// PV: `persistentVolumeReclaimPolicy`; StorageClass: `reclaimPolicy`.
    public var reclaimPolicy: String?
    /// PVC and PV: `storageClassName`, even when that class is not in the inventory.
    public var storageClass: String?
    /// PVC: `spec.volumeName`, the PV the claim names.
    public var volumeName: String?
    /// PVC and PV: `Filesystem` or `Block`.
    public var volumeMode: String?
    /// PV: the claim its `claimRef` names.
    public var claim: GraphNodeID?
    /// StorageClass: `provisioner`.
    public var provisioner: String?
    /// StorageClass: `Immediate` or `WaitForFirstConsumer`.
    public var volumeBindingMode: String?
    /// Node: allocatable CPU (capacity when the node reports no allocatable).
    public var cpu: String?
    /// Node: allocatable memory (capacity when the node reports no allocatable).
    public var memory: String?
    /// Service: `spec.type`.
    public var serviceType: String?
    /// Service: `spec.selector`.
    public var selector: [String: String]?

    public init(node: String? = nil, controller: String? = nil, requested: String? = nil, capacity: String? = nil,
                accessModes: [String]? = nil, reclaimPolicy: String? = nil, storageClass: String? = nil,
                volumeName: String? = nil, volumeMode: String? = nil, claim: GraphNodeID? = nil,
                provisioner: String? = nil, volumeBindingMode: String? = nil, cpu: String? = nil,
                memory: String? = nil, serviceType: String? = nil, selector: [String: String]? = nil) {
        self.node = node
        self.controller = controller
        self.requested = requested
        self.capacity = capacity
        self.accessModes = accessModes
        self.reclaimPolicy = reclaimPolicy
        self.storageClass = storageClass
        self.volumeName = volumeName
        self.volumeMode = volumeMode
        self.claim = claim
        self.provisioner = provisioner
        self.volumeBindingMode = volumeBindingMode
        self.cpu = cpu
        self.memory = memory
        self.serviceType = serviceType
        self.selector = selector
    }
}
