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

    private static func linkStorageClasses(_ draft: inout GraphDraft) {
        for (claimID, claim) in draft.index.claims {
            if let className = claim.spec.storageClassName, !className.isEmpty {
                draft.link(claimID, storageClassID(className), .provisionedBy)
            }
        }
        for volume in draft.index.volumes.values {
            if let className = volume.spec.storageClassName, !className.isEmpty {
                draft.link(volumeID(volume), storageClassID(className), .provisionedBy)
            }
        }
    }

    /// The claim's side: `spec.volumeName` names the PV; the PV's `claimRef` must name the claim back.
    private static func linkFromClaim(_ claimID: GraphNodeID, _ draft: inout GraphDraft) {
        let claim = draft.index.claims[claimID]!
        guard let volumeName = claim.spec.volumeName, let volume = draft.index.volume(named: volumeName) else { return }
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

    /// The volume's side: a `Bound` PV whose claimRef names a claim that does not name it back.
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
