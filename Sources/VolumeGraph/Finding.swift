/// How bad a finding is; `error` sorts first.
public enum FindingSeverity: String, Codable, Sendable, CaseIterable, Comparable {
    /// Something is broken now: a pod cannot start, data is unreachable.
    case error
    /// Probably wrong or about to go wrong; worth a look.
    case warning
    /// Not wrong in itself, but often forgotten (a claim no pod mounts).
    case info

    public static func < (lhs: FindingSeverity, rhs: FindingSeverity) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// What kind of problem a finding is; the raw value is stable for scripts.
public enum FindingCode: String, Codable, Sendable, CaseIterable, Comparable {
    /// A PVC in phase `Pending`.
    case pvcPending = "pvc-pending"
    /// A PVC in phase `Lost`: its PV is gone.
    case pvcLost = "pvc-lost"
    /// A pod in phase `Pending` that mounts a PVC which is not `Bound`.
    case podPendingOnUnboundClaim = "pod-pending-on-unbound-pvc"
    /// A PV in phase `Released`: its claim was deleted and the volume awaits reclamation.
    case pvReleased = "pv-released"
    /// A PV in phase `Failed`: automatic reclamation failed.
    case pvFailed = "pv-failed"
    /// A PVC and a PV disagree about their binding (`spec.volumeName` against `claimRef`).
    case claimRefMismatch = "claim-ref-mismatch"
    /// A PVC that no pod mounts.
    case pvcUnused = "pvc-unused"
    /// A PVC requests more storage than its bound PV provides.
    case pvcExceedsVolume = "pvc-exceeds-pv-capacity"
    /// A pod mounts a PVC that does not exist.
    case pvcMissing = "pvc-missing"
    /// A PVC's `spec.volumeName` names a PV that does not exist.
    case pvMissing = "pv-missing"
    /// A PVC asks for a StorageClass that does not exist (`storageClassName: ""` asks for none).
    case storageClassMissing = "storageclass-missing"
    /// A PV in phase `Available` that no claim refers to.
    case pvUnclaimed = "pv-unclaimed"
    /// An `Available` PV whose `claimRef` names a claim that names another PV.
    case pvClaimBoundElsewhere = "pv-claim-bound-elsewhere"
    /// A pod uses a ConfigMap that does not exist (not marked optional).
    case configMapMissing = "configmap-missing"
    /// A pod uses a Secret that does not exist (not marked optional).
    case secretMissing = "secret-missing"

    public static func < (lhs: FindingCode, rhs: FindingCode) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A problem found in the inventory, with the objects involved (the subject first).
public struct Finding: Hashable, Comparable, Codable, Sendable {
    public var severity: FindingSeverity
    public var code: FindingCode
    public var message: String
    /// The object the finding is about first, then the others involved.
    public var objects: [GraphNodeID]

    public init(severity: FindingSeverity, code: FindingCode, message: String, objects: [GraphNodeID]) {
        self.severity = severity
        self.code = code
        self.message = message
        self.objects = objects
    }

    /// The object the finding is about.
    public var subject: GraphNodeID? { objects.first }

    public static func < (lhs: Finding, rhs: Finding) -> Bool {
        if lhs.severity != rhs.severity { return lhs.severity < rhs.severity }
        if lhs.code != rhs.code { return lhs.code < rhs.code }
        if lhs.objects != rhs.objects { return lhs.objects.lexicographicallyPrecedes(rhs.objects) }
        return lhs.message < rhs.message
    }
}
