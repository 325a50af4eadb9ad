import KubeModel

/// Links claims and volumes to each other (`bound_to`) and to their StorageClass
/// (`provisioned_by`), checking the binding from both sides: the claim's `spec.volumeName`
/// and the volume's `claimRef` (namespace, name and, when both carry one, uid).
enum StorageLinker {
    static func link(_ draft: inout GraphDraft) {
        linkStorageClasses(&draft)
        for claimID in draft.index.claims.keys.sorted() { linkFromClaim(claimID, &draft) }
        for name in draft.index.volumes.keys.sorted() { linkFromVolume(draft.index.volumes[name]!, &draft) }
    }

    /// A class the inventory lacks becomes a placeholder (when classes were read at all), so the
    /// claims and volumes that name it stay linked to something visible. Only claims get a
    /// finding: a static volume's class name need not be an object (`storageClassName: manual`).
    private static func linkStorageClasses(_ draft: inout GraphDraft) {
        for claimID in draft.index.claims.keys.sorted() {
            let claim = draft.index.claims[claimID]!
            guard let className = claim.spec.storageClassName, !className.isEmpty else { continue }
            let classID = storageClassID(className)
            if addPlaceholderForMissingClass(classID, &draft) {
                // A bound claim keeps working without its class; a claim still waiting may wait forever.
                let severity: FindingSeverity = claim.status.phase == "Bound" ? .info : .warning
                draft.report(severity, .storageClassMissing, "\(claimID) asks for \(classID), which does not exist",
                             [claimID, classID])
            }
            draft.link(claimID, classID, .provisionedBy)
        }
        for name in draft.index.volumes.keys.sorted() {
            let volume = draft.index.volumes[name]!
            guard let className = volume.spec.storageClassName, !className.isEmpty else { continue }
            let classID = storageClassID(className)
            addPlaceholderForMissingClass(classID, &draft)
            draft.link(volumeID(volume), classID, .provisionedBy)
        }
    }

    /// True when the class is absent from an inventory that holds classes: a placeholder now stands for it.
    @discardableResult
    private static func addPlaceholderForMissingClass(_ classID: GraphNodeID, _ draft: inout GraphDraft) -> Bool {
        guard draft.index.storageClasses[classID.name] == nil, draft.index.readKinds.contains(.storageClass) else {
            return false
        }
        draft.index.addReferencedNode(GraphNodeFactory.placeholder(classID))
        return true
    }

    /// The claim's side: `spec.volumeName` names the PV; the PV's `claimRef` must name the claim back.
    private static func linkFromClaim(_ claimID: GraphNodeID, _ draft: inout GraphDraft) {
        let claim = draft.index.claims[claimID]!
        guard let volumeName = claim.spec.volumeName, !volumeName.isEmpty else { return }
        guard let volume = draft.index.volume(named: volumeName) else {
            linkMissingVolume(claimID, claim, volumeName, &draft)
            return
        }
        let pvID = volumeID(volume)
        draft.link(claimID, pvID, .boundTo)
        guard let ref = volume.spec.claimRef, let refName = ref.name else {
            if claim.status.phase == "Bound" {
                draft.report(.error, .claimRefMismatch, "\(claimID) is Bound to \(pvID), whose claimRef is empty",
                             [claimID, pvID])
            }
            return
        }
        let named = GraphNodeID(kind: .persistentVolumeClaim, namespace: ref.namespace, name: refName)
        if named != claimID {
            draft.report(.error, .claimRefMismatch,
                         "\(claimID) names \(pvID), but the volume's claimRef names \(named.qualifiedName)",
                         [claimID, pvID, named])
        } else if !uidsAgree(ref.uid, claim.metadata.uid) {
            draft.report(.error, .claimRefMismatch,
                         "\(claimID) names \(pvID), but the volume's claimRef has uid \(ref.uid ?? "") "
                            + "(an earlier claim of the same name), not \(claim.metadata.uid ?? "")",
                         [claimID, pvID])
        }
    }

    /// A claim naming a PV the inventory lacks (when PVs were read at all) is linked to a
    /// placeholder. Only a `Bound` claim is a finding here: a `Lost` one is reported as lost, and a
    /// `Pending` one may be pre-bound to a volume an administrator has yet to create.
    private static func linkMissingVolume(_ claimID: GraphNodeID, _ claim: PersistentVolumeClaim, _ volumeName: String,
                                          _ draft: inout GraphDraft) {
        guard draft.index.readKinds.contains(.persistentVolume) else { return }
        let pvID = GraphNodeID(kind: .persistentVolume, namespace: nil, name: volumeName)
        draft.index.addReferencedNode(GraphNodeFactory.placeholder(pvID))
        draft.link(claimID, pvID, .boundTo)
        if claim.status.phase == "Bound" {
            draft.report(.error, .pvMissing, "\(claimID) is Bound to \(pvID), which does not exist", [claimID, pvID])
        }
    }

    /// The volume's side: a `Bound` PV whose claimRef names a claim that does not name it back,
    /// or an `Available` one reserved for a claim that names another volume (it can never bind).
    /// A claim that is gone is left to the `Released` phase finding.
    private static func linkFromVolume(_ volume: PersistentVolume, _ draft: inout GraphDraft) {
        guard let ref = volume.spec.claimRef, let refName = ref.name else { return }
        let pvID = volumeID(volume)
        let claimID = GraphNodeID(kind: .persistentVolumeClaim, namespace: ref.namespace, name: refName)
        guard let claim = draft.index.claims[claimID] else { return }
        let isBound = volume.status.phase == "Bound"
        guard uidsAgree(ref.uid, claim.metadata.uid) else {
            if isBound {
                draft.report(.error, .claimRefMismatch,
                             "\(pvID) is Bound to an earlier \(claimID) (uid \(ref.uid ?? "")); "
                                + "the claim now has uid \(claim.metadata.uid ?? "")", [pvID, claimID])
            }
            return
        }
        switch claim.spec.volumeName {
        case nil where isBound:
            draft.link(claimID, pvID, .boundTo)
        case let other? where other != volume.metadata.name && isBound:
            draft.report(.error, .claimRefMismatch,
                         "\(pvID) is Bound to \(claimID), but that claim names PersistentVolume \(other)",
                         [pvID, claimID])
        case let other? where other != volume.metadata.name && volume.status.phase == "Available":
            let otherID = GraphNodeID(kind: .persistentVolume, namespace: nil, name: other)
            let claimState = claim.status.phase == "Bound" ? "is bound to" : "names"
            draft.report(.warning, .pvClaimBoundElsewhere,
                         "\(pvID) is Available, but its claimRef names \(claimID.qualifiedName), which \(claimState) \(otherID)",
                         [pvID, claimID, otherID])
        default:
            break
        }
    }

    /// Uids are compared only when both sides have one: hand-written snapshots often omit them.
    static func uidsAgree(_ left: String?, _ right: String?) -> Bool {
        guard let left, let right, !left.isEmpty, !right.isEmpty else { return true }
        return left == right
    }

    private static func volumeID(_ volume: PersistentVolume) -> GraphNodeID {
        GraphNodeID(kind: .persistentVolume, namespace: nil, name: volume.metadata.name)
    }

    private static func storageClassID(_ name: String) -> GraphNodeID {
        GraphNodeID(kind: .storageClass, namespace: nil, name: name)
    }
}
