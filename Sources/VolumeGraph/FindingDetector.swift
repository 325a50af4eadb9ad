import KubeModel

/// Findings that follow from phases and sizes once every relationship is known: Pending and
/// Lost claims, pods waiting on them, Released and Failed volumes, Available volumes no claim
/// refers to, claims no pod mounts, and claims asking for more than their volume holds. Binding disagreements and dangling
/// references are reported by the linkers that discover them.
enum FindingDetector {
    static func detect(_ draft: inout GraphDraft) {
        for claimID in draft.index.claims.keys.sorted() { inspectClaim(claimID, &draft) }
        for podID in draft.index.pods.keys.sorted() { inspectPod(podID, &draft) }
        for name in draft.index.volumes.keys.sorted() { inspectVolume(draft.index.volumes[name]!, &draft) }
    }

    private static func inspectClaim(_ claimID: GraphNodeID, _ draft: inout GraphDraft) {
        let claim = draft.index.claims[claimID]!
        let mounted = draft.isMounted(claimID)
        switch claim.status.phase {
        case "Pending":
            reportPending(claimID, claim, mounted: mounted, &draft)
        case "Lost":
            let volume = claim.spec.volumeName.map { " PersistentVolume \($0) is gone" } ?? " its PersistentVolume is gone"
            draft.report(.error, .pvcLost, "\(claimID) is Lost:\(volume)", [claimID])
        default:
            break
        }
        if !mounted {
            draft.report(.info, .pvcUnused, "no pod mounts \(claimID)", [claimID])
        }
        checkSize(claimID, claim, &draft)
    }

    private static func reportPending(_ claimID: GraphNodeID, _ claim: PersistentVolumeClaim, mounted: Bool,
                                      _ draft: inout GraphDraft) {
        let className = claim.spec.storageClassName ?? ""
        let storageClass = draft.index.storageClasses[className]
        if storageClass == nil, !className.isEmpty, draft.index.readKinds.contains(.storageClass) {
            draft.report(.warning, .pvcPending, "\(claimID) is Pending: StorageClass \(className) does not exist",
                         [claimID])
        } else if storageClass?.volumeBindingMode == "WaitForFirstConsumer", !mounted {
            draft.report(.info, .pvcPending,
                         "\(claimID) is Pending: StorageClass \(className) waits for a pod to mount it", [claimID])
        } else {
            draft.report(.warning, .pvcPending, "\(claimID) is Pending", [claimID])
        }
    }

    private static func checkSize(_ claimID: GraphNodeID, _ claim: PersistentVolumeClaim, _ draft: inout GraphDraft) {
        guard let volumeName = claim.spec.volumeName, let volume = draft.index.volume(named: volumeName),
              let requestedText = claim.spec.requestedStorage, let capacityText = volume.spec.storage,
              let requested = Quantity.parse(requestedText), let capacity = Quantity.parse(capacityText),
              requested > capacity else { return }
        let pvID = GraphNodeID(kind: .persistentVolume, namespace: nil, name: volumeName)
        draft.report(.warning, .pvcExceedsVolume,
                     "\(claimID) requests \(requestedText) but \(pvID) holds \(capacityText)", [claimID, pvID])
    }

    private static func inspectPod(_ podID: GraphNodeID, _ draft: inout GraphDraft) {
        let pod = draft.index.pods[podID]!
        guard pod.status.phase == "Pending" else { return }
        for reference in PodReferenceCollector.claims(of: pod, in: podID.namespace) {
            guard let claim = draft.index.claims[reference.claim], claim.status.phase != "Bound" else { continue }
            draft.report(.error, .podPendingOnUnboundClaim,
                         "\(podID) is Pending: it mounts \(reference.claim), which is \(claim.status.phase ?? "not bound")",
                         [podID, reference.claim])
        }
    }

    private static func inspectVolume(_ volume: PersistentVolume, _ draft: inout GraphDraft) {
        let pvID = GraphNodeID(kind: .persistentVolume, namespace: nil, name: volume.metadata.name)
        let claim = volume.spec.claimRef.flatMap { ref in
            ref.name.map { GraphNodeID(kind: .persistentVolumeClaim, namespace: ref.namespace, name: $0) }
        }
        let claimText = claim.map { " (was claimed by \($0.qualifiedName))" } ?? ""
        switch volume.status.phase {
        case "Released":
            let policy = volume.spec.persistentVolumeReclaimPolicy.map { ", reclaim policy \($0)" } ?? ""
            draft.report(.warning, .pvReleased,
                         "\(pvID) is Released: its claim was deleted\(claimText)\(policy); it binds to no new claim until reclaimed",
                         [pvID] + (claim.map { [$0] } ?? []))
        case "Failed":
            draft.report(.error, .pvFailed, "\(pvID) is Failed: automatic reclamation failed\(claimText)",
                         [pvID] + (claim.map { [$0] } ?? []))
        case "Available":
            inspectAvailable(volume, pvID, claimRef: claim, &draft)
        default:
            break
        }
    }

    /// An `Available` volume no claim names and whose `claimRef`, if any, names no existing claim:
    /// only info, as a statically provisioned pool is made of such volumes, but an unclaimed
    /// volume is often a forgotten one that still costs money. Not reported when the inventory
    /// holds no claims at all (they were probably not read).
    private static func inspectAvailable(_ volume: PersistentVolume, _ pvID: GraphNodeID, claimRef: GraphNodeID?,
                                         _ draft: inout GraphDraft) {
        guard draft.index.readKinds.contains(.persistentVolumeClaim), !draft.isClaimed(pvID) else { return }
        if let claimRef, draft.index.claims[claimRef] != nil { return }
        let details = [volume.spec.storage, volume.spec.storageClassName.flatMap { $0.isEmpty ? nil : "StorageClass \($0)" }]
            .compactMap { $0 }
        var message = "\(pvID) is Available and no claim refers to it"
        if !details.isEmpty { message += " (\(details.joined(separator: ", ")))" }
        if let claimRef { message += "; its claimRef names \(claimRef.qualifiedName), which does not exist" }
        draft.report(.info, .pvUnclaimed, message, [pvID])
    }
}
