import KubeModel
import Testing
@testable import VolumeGraph

@Suite struct ClaimFindingTests {
    @Test func pendingClaimIsAWarning() throws {
        let inventory = GraphInventory(
            pods: [Fx.pod("a", "p", claims: ["c"])],
            persistentVolumeClaims: [Fx.pvc("a", "c", phase: "Pending")],
            storageClasses: [Fx.storageClass("fast")])
        let finding = try #require(try Fx.build(inventory).findings(.pvcPending).first)
        #expect(finding.severity == .warning)
        #expect(finding.message == "PersistentVolumeClaim a/c is Pending")
        #expect(finding.objects == [Fx.pvcID("a", "c")])
    }

    @Test func pendingClaimOfAnAbsentStorageClassSaysSo() throws {
        let inventory = GraphInventory(
            persistentVolumeClaims: [Fx.pvc("a", "c", phase: "Pending", storageClass: "gold")],
            storageClasses: [Fx.storageClass("fast")])
        let finding = try #require(try Fx.build(inventory).findings(.pvcPending).first)
        #expect(finding.message == "PersistentVolumeClaim a/c is Pending: StorageClass gold does not exist")
    }

    @Test func unmountedClaimWaitingForFirstConsumerIsOnlyInfo() throws {
        let inventory = GraphInventory(
            persistentVolumeClaims: [Fx.pvc("a", "c", phase: "Pending", storageClass: "local")],
            storageClasses: [Fx.storageClass("local", binding: "WaitForFirstConsumer")])
        let graph = try Fx.build(inventory)
        #expect(graph.findings(.pvcPending).map(\.severity) == [.info])
        #expect(graph.findings(.pvcUnused).map(\.severity) == [.info])
    }

    @Test func lostClaimIsAnError() throws {
        let inventory = GraphInventory(
            pods: [Fx.pod("a", "p", claims: ["c"])],
            persistentVolumeClaims: [Fx.pvc("a", "c", phase: "Lost", volume: "pv-gone")])
        let graph = try Fx.build(inventory)
        #expect(graph.findings == [Finding(severity: .error, code: .pvcLost,
                                           message: "PersistentVolumeClaim a/c is Lost: PersistentVolume pv-gone is gone",
                                           objects: [Fx.pvcID("a", "c")])])
    }

    @Test func pendingPodOnAnUnboundClaimIsAnError() throws {
        let inventory = GraphInventory(
            pods: [Fx.pod("a", "p", phase: "Pending", node: nil, claims: ["c", "ok"]),
                   Fx.pod("a", "running", claims: ["c"])],
            persistentVolumeClaims: [Fx.pvc("a", "c", phase: "Pending"), Fx.pvc("a", "ok", volume: "pv-ok")],
            persistentVolumes: [Fx.pv("pv-ok", claim: ("a", "ok"))])
        let graph = try Fx.build(inventory)
        #expect(graph.findings(.podPendingOnUnboundClaim) == [Finding(
            severity: .error, code: .podPendingOnUnboundClaim,
            message: "Pod a/p is Pending: it mounts PersistentVolumeClaim a/c, which is Pending",
            objects: [Fx.podID("a", "p"), Fx.pvcID("a", "c")])])
    }

    @Test func claimNoPodMountsIsInfo() throws {
        let inventory = GraphInventory(
            pods: [Fx.pod("a", "p", claims: ["used"]), Fx.pod("b", "p", claims: ["spare"])],
            persistentVolumeClaims: [Fx.pvc("a", "used", volume: "v1"), Fx.pvc("a", "spare", volume: "v2")],
            persistentVolumes: [Fx.pv("v1", claim: ("a", "used")), Fx.pv("v2", claim: ("a", "spare"))])
        let graph = try Fx.build(inventory)
        #expect(graph.findings(.pvcUnused).map(\.objects) == [[Fx.pvcID("a", "spare")]])
        #expect(graph.findings(.pvcUnused).first?.severity == .info)
    }

    @Test(arguments: [
        ("20Gi", "10Gi", true), ("1Gi", "1024Mi", false), ("1Gi", "1G", true), ("1G", "1Gi", false), ("500M", "0.5G", false),
    ])
    func requestLargerThanTheVolumeIsFlaggedComparingQuantitiesExactly(request: String, capacity: String, flagged: Bool) throws {
        let inventory = GraphInventory(
            pods: [Fx.pod("a", "p", claims: ["c"])],
            persistentVolumeClaims: [Fx.pvc("a", "c", volume: "v", request: request)],
            persistentVolumes: [Fx.pv("v", claim: ("a", "c"), capacity: capacity)])
        let findings = try Fx.build(inventory).findings(.pvcExceedsVolume)
        #expect(findings.count == (flagged ? 1 : 0))
        if flagged {
            #expect(findings.first?.message == "PersistentVolumeClaim a/c requests \(request) but PersistentVolume v holds \(capacity)")
            #expect(findings.first?.objects == [Fx.pvcID("a", "c"), Fx.pvID("v")])
        }
    }

    @Test func malformedSizesAreNotCompared() throws {
        let inventory = GraphInventory(
            pods: [Fx.pod("a", "p", claims: ["c"])],
            persistentVolumeClaims: [Fx.pvc("a", "c", volume: "v", request: "20GB")],
            persistentVolumes: [Fx.pv("v", claim: ("a", "c"), capacity: "10Gi")])
        #expect(try Fx.build(inventory).findings.isEmpty)
    }
}

@Suite struct VolumeFindingTests {
    @Test func releasedVolumeIsAWarningNamingItsFormerClaim() throws {
        let inventory = GraphInventory(persistentVolumes: [Fx.pv("v", phase: "Released", claim: ("a", "deleted"), reclaim: "Retain")])
        let graph = try Fx.build(inventory)
        #expect(graph.findings == [Finding(
            severity: .warning, code: .pvReleased,
            message: "PersistentVolume v is Released: its claim was deleted (was claimed by a/deleted), reclaim policy Retain; "
                + "it binds to no new claim until reclaimed",
            objects: [Fx.pvID("v"), Fx.pvcID("a", "deleted")])])
    }

    @Test func failedVolumeIsAnError() throws {
        let graph = try Fx.build(GraphInventory(persistentVolumes: [Fx.pv("v", phase: "Failed")]))
        #expect(graph.findings.map(\.code) == [.pvFailed])
        #expect(graph.findings.first?.severity == .error)
    }
}

@Suite struct BindingMismatchTests {
    @Test func claimNamesAVolumeWhoseClaimRefNamesAnotherClaim() throws {
        let inventory = GraphInventory(
            pods: [Fx.pod("a", "p", claims: ["mine"]), Fx.pod("b", "p", claims: ["theirs"])],
            persistentVolumeClaims: [Fx.pvc("a", "mine", volume: "v"), Fx.pvc("b", "theirs", volume: "v")],
            persistentVolumes: [Fx.pv("v", claim: ("b", "theirs"))])
        let graph = try Fx.build(inventory)
        #expect(graph.findings(.claimRefMismatch) == [Finding(
            severity: .error, code: .claimRefMismatch,
            message: "PersistentVolumeClaim a/mine names PersistentVolume v, but the volume's claimRef names b/theirs",
            objects: [Fx.pvcID("a", "mine"), Fx.pvID("v"), Fx.pvcID("b", "theirs")])])
        #expect(graph.edgeTexts.contains("PersistentVolumeClaim a/mine -bound_to-> PersistentVolume v"),
                "the claim's side is still drawn, so the conflict is visible")
    }

    @Test func claimRefOfAnEarlierClaimOfTheSameNameIsCaughtByUID() throws {
        let inventory = GraphInventory(
            pods: [Fx.pod("a", "p", claims: ["c"])],
            persistentVolumeClaims: [Fx.pvc("a", "c", volume: "v", uid: "new")],
            persistentVolumes: [Fx.pv("v", claim: ("a", "c"), claimUID: "old")])
        let findings = try Fx.build(inventory).findings(.claimRefMismatch)
        #expect(findings.map(\.objects) == [[Fx.pvID("v"), Fx.pvcID("a", "c")], [Fx.pvcID("a", "c"), Fx.pvID("v")]])
        #expect(findings.allSatisfy { $0.message.contains("uid old") })
    }

    @Test func boundClaimWhoseVolumeHasNoClaimRef() throws {
        let inventory = GraphInventory(
            pods: [Fx.pod("a", "p", claims: ["c"])],
            persistentVolumeClaims: [Fx.pvc("a", "c", volume: "v")],
            persistentVolumes: [Fx.pv("v", claim: nil)])
        let finding = try #require(try Fx.build(inventory).findings(.claimRefMismatch).first)
        #expect(finding.message == "PersistentVolumeClaim a/c is Bound to PersistentVolume v, whose claimRef is empty")
    }

    @Test func pendingClaimPreBoundToAFreeVolumeIsNoMismatch() throws {
        let inventory = GraphInventory(
            pods: [Fx.pod("a", "p", claims: ["c"])],
            persistentVolumeClaims: [Fx.pvc("a", "c", phase: "Pending", volume: "v")],
            persistentVolumes: [Fx.pv("v", phase: "Available", claim: nil)])
        #expect(try Fx.build(inventory).findings(.claimRefMismatch).isEmpty)
    }

    @Test func boundVolumeWhoseClaimNamesAnotherVolume() throws {
        let inventory = GraphInventory(
            pods: [Fx.pod("a", "p", claims: ["c"])],
            persistentVolumeClaims: [Fx.pvc("a", "c", volume: "v2")],
            persistentVolumes: [Fx.pv("v1", claim: ("a", "c")), Fx.pv("v2", claim: ("a", "c"))])
        let graph = try Fx.build(inventory)
        #expect(graph.findings(.claimRefMismatch) == [Finding(
            severity: .error, code: .claimRefMismatch,
            message: "PersistentVolume v1 is Bound to PersistentVolumeClaim a/c, but that claim names PersistentVolume v2",
            objects: [Fx.pvID("v1"), Fx.pvcID("a", "c")])])
        #expect(graph.relationships(.boundTo).map(\.target) == [Fx.pvID("v2")])
    }
}

@Suite struct DanglingReferenceTests {
    @Test func podMountingAnAbsentClaimGetsAPlaceholderAndAnError() throws {
        let scratch = Volume(name: "scratch", ephemeral: EphemeralVolumeSource(volumeClaimTemplate: PersistentVolumeClaimTemplate(
            spec: PersistentVolumeClaimSpec(resources: ResourceRequirements(requests: ["storage": "2Gi"])))))
        let inventory = GraphInventory(
            pods: [Fx.pod("a", "p", claims: ["gone"], volumes: [scratch])],
            persistentVolumeClaims: [Fx.pvc("other", "gone", volume: "v")])
        let graph = try Fx.build(inventory)
        #expect(graph.findings(.pvcMissing).map(\.objects) == [
            [Fx.podID("a", "p"), Fx.pvcID("a", "gone")], [Fx.podID("a", "p"), Fx.pvcID("a", "p-scratch")],
        ])
        #expect(graph.findings(.pvcMissing).allSatisfy { $0.severity == .error })
        #expect(graph.findings(.pvcMissing)[1].message.contains("generic ephemeral volume \"scratch\""))
        let placeholder = try #require(graph.node(Fx.pvcID("a", "p-scratch")))
        #expect(placeholder.isMissing)
        #expect(placeholder.properties.requested == "2Gi")
        #expect(graph.edgeTexts.contains("Pod a/p -mounts-> PersistentVolumeClaim a/gone"))
    }

    @Test func claimsAreNotReportedMissingWhenTheInventoryHoldsNoClaimsAtAll() throws {
        let graph = try Fx.build(GraphInventory(pods: [Fx.pod("a", "p", claims: ["c"])]))
        #expect(graph.findings.isEmpty)
        #expect(graph.nodeIDs == [Fx.podID("a", "p")])
    }

    @Test func absentConfigMapAndSecretAreErrorsUnlessOptional() throws {
        let container = Container(name: "app", env: [
            EnvVar(name: "A", valueFrom: EnvVarSource(secretKeyRef: KeySelector(name: "db-pass", key: "p"))),
            EnvVar(name: "B", valueFrom: EnvVarSource(configMapKeyRef: KeySelector(name: "maybe", key: "k", optional: true))),
        ])
        let inventory = GraphInventory(
            pods: [Fx.pod("a", "p", volumes: [Volume(name: "c", configMap: ConfigMapVolumeSource(name: "settings"))],
                          containers: [container])],
            configMaps: [Fx.configMap("a", "unrelated")], secrets: [Fx.secret("a", "unrelated")])
        let graph = try Fx.build(inventory, GraphOptions(kinds: .all))
        #expect(graph.findings.map { "\($0.code.rawValue) \($0.message)" } == [
            "configmap-missing Pod a/p uses ConfigMap a/settings, which does not exist",
            "secret-missing Pod a/p uses Secret a/db-pass, which does not exist",
        ])
        #expect(graph.node(Fx.id(.secret, "a", "db-pass"))?.isMissing == true)
        #expect(graph.node(Fx.id(.configMap, "a", "maybe")) == nil)
        #expect(try Fx.build(inventory, GraphOptions(kinds: .volumes)).findings.isEmpty)
    }

    @Test func referenceOptionalInOnePlaceButRequiredInAnotherIsRequired() throws {
        let container = Container(name: "app", envFrom: [EnvFromSource(configMapRef: NameReference(name: "cfg", optional: true))])
        let inventory = GraphInventory(
            pods: [Fx.pod("a", "p", volumes: [Volume(name: "c", configMap: ConfigMapVolumeSource(name: "cfg"))],
                          containers: [container])],
            configMaps: [Fx.configMap("a", "other")])
        #expect(try Fx.build(inventory, GraphOptions(kinds: .all)).findings.map(\.code) == [.configMapMissing])
    }

    @Test func findingsSortErrorsFirst() throws {
        let inventory = GraphInventory(
            persistentVolumeClaims: [Fx.pvc("a", "unused", volume: "v", uid: "u"), Fx.pvc("a", "lost", phase: "Lost")],
            persistentVolumes: [Fx.pv("v", claim: ("a", "unused"), claimUID: "u"), Fx.pv("r", phase: "Released")])
        let graph = try Fx.build(inventory)
        #expect(graph.findings.map(\.severity) == [.error, .warning, .info, .info])
        #expect(graph.findings.map(\.code) == [.pvcLost, .pvReleased, .pvcUnused, .pvcUnused])
    }
}

@Suite struct MissingVolumeTests {
    /// The inventory holds PVs (so PVs were read), but not the one the claim names.
    static func claim(phase: String) -> GraphInventory {
        GraphInventory(
            pods: [Fx.pod("a", "p", claims: ["c"])],
            persistentVolumeClaims: [Fx.pvc("a", "c", phase: phase, volume: "pv-gone")],
            persistentVolumes: [Fx.pv("pv-other", phase: "Bound", claim: ("b", "other"))])
    }

    @Test func boundClaimNamingAnAbsentVolumeGetsAPlaceholderAnEdgeAndAnError() throws {
        let graph = try Fx.build(Self.claim(phase: "Bound"))
        #expect(graph.findings(.pvMissing) == [Finding(
            severity: .error, code: .pvMissing,
            message: "PersistentVolumeClaim a/c is Bound to PersistentVolume pv-gone, which does not exist",
            objects: [Fx.pvcID("a", "c"), Fx.pvID("pv-gone")])])
        #expect(graph.node(Fx.pvID("pv-gone"))?.isMissing == true)
        #expect(graph.edgeTexts.contains("PersistentVolumeClaim a/c -bound_to-> PersistentVolume pv-gone"))
        #expect(graph.findings(.claimRefMismatch).isEmpty)
    }

    @Test func lostOrPendingClaimsShowThePlaceholderWithoutThisFinding() throws {
        let lost = try Fx.build(Self.claim(phase: "Lost"))
        #expect(lost.findings(.pvMissing).isEmpty)
        #expect(lost.findings(.pvcLost).count == 1)
        #expect(lost.node(Fx.pvID("pv-gone"))?.isMissing == true)
        let pending = try Fx.build(Self.claim(phase: "Pending"))
        #expect(pending.findings(.pvMissing).isEmpty, "pre-bound to a volume an administrator has yet to create")
        #expect(pending.edgeTexts.contains("PersistentVolumeClaim a/c -bound_to-> PersistentVolume pv-gone"))
    }

    @Test func noPlaceholderWhenTheInventoryHoldsNoVolumesAtAll() throws {
        var inventory = Self.claim(phase: "Bound")
        inventory.persistentVolumes = []
        let graph = try Fx.build(inventory)
        #expect(graph.findings(.pvMissing).isEmpty)
        #expect(graph.node(Fx.pvID("pv-gone")) == nil)
    }

    @Test func theNamespaceViewShowsThePlaceholder() throws {
        let graph = try Fx.build(Self.claim(phase: "Bound"), GraphOptions(namespaces: ["a"]))
        #expect(graph.node(Fx.pvID("pv-gone"))?.isMissing == true)
        #expect(graph.findings(.pvMissing).count == 1)
    }
}

@Suite struct AvailableVolumeTests {
    @Test func availableVolumeNoClaimRefersToIsInfo() throws {
        let inventory = GraphInventory(
            persistentVolumeClaims: [Fx.pvc("a", "c", volume: "pv-used")],
            persistentVolumes: [Fx.pv("pv-used", claim: ("a", "c")),
                                Fx.pv("pv-free", phase: "Available", capacity: "5Gi", storageClass: "manual")])
        let graph = try Fx.build(inventory)
        #expect(graph.findings(.pvUnclaimed) == [Finding(
            severity: .info, code: .pvUnclaimed,
            message: "PersistentVolume pv-free is Available and no claim refers to it (5Gi, StorageClass manual)",
            objects: [Fx.pvID("pv-free")])])
    }

    @Test func availableVolumeReservedForAnAbsentClaimSaysSo() throws {
        let inventory = GraphInventory(
            persistentVolumeClaims: [Fx.pvc("a", "other", phase: "Pending")],
            persistentVolumes: [Fx.pv("pv-free", phase: "Available", claim: ("a", "future"), storageClass: "")])
        let finding = try #require(try Fx.build(inventory).findings(.pvUnclaimed).first)
        #expect(finding.message == "PersistentVolume pv-free is Available and no claim refers to it (1Gi); "
                + "its claimRef names a/future, which does not exist")
    }

    @Test(arguments: [
        // A claim pre-bound to the volume by name.
        (Fx.pvc("a", "c", phase: "Pending", volume: "pv-free"), nil as (String, String)?),
        // The volume reserved for a waiting claim that names no volume yet.
        (Fx.pvc("a", "c", phase: "Pending", volume: nil), ("a", "c") as (String, String)?),
    ])
    func availableVolumeSomeClaimRefersToIsNoFinding(claim: PersistentVolumeClaim, claimRef: (String, String)?) throws {
        let inventory = GraphInventory(persistentVolumeClaims: [claim],
                                       persistentVolumes: [Fx.pv("pv-free", phase: "Available", claim: claimRef)])
        #expect(try Fx.build(inventory).findings(.pvUnclaimed).isEmpty)
    }

    @Test func notReportedWhenTheInventoryHoldsNoClaimsAtAll() throws {
        let graph = try Fx.build(GraphInventory(persistentVolumes: [Fx.pv("pv-free", phase: "Available")]))
        #expect(graph.findings.isEmpty)
    }

    @Test func availableVolumeWhoseClaimRefNamesAClaimBoundElsewhere() throws {
        let inventory = GraphInventory(
            pods: [Fx.pod("a", "p", claims: ["c"])],
            persistentVolumeClaims: [Fx.pvc("a", "c", volume: "pv-2")],
            persistentVolumes: [Fx.pv("pv-1", phase: "Available", claim: ("a", "c")), Fx.pv("pv-2", claim: ("a", "c"))])
        let graph = try Fx.build(inventory)
        #expect(graph.findings == [Finding(
            severity: .warning, code: .pvClaimBoundElsewhere,
            message: "PersistentVolume pv-1 is Available, but its claimRef names a/c, which is bound to PersistentVolume pv-2",
            objects: [Fx.pvID("pv-1"), Fx.pvcID("a", "c"), Fx.pvID("pv-2")])])
    }

    @Test func theClaimItNamesMayStillBeWaitingForTheOtherVolume() throws {
        let inventory = GraphInventory(
            persistentVolumeClaims: [Fx.pvc("a", "c", phase: "Pending", volume: "pv-2")],
            persistentVolumes: [Fx.pv("pv-1", phase: "Available", claim: ("a", "c")), Fx.pv("pv-2", phase: "Available")])
        let finding = try #require(try Fx.build(inventory).findings(.pvClaimBoundElsewhere).first)
        #expect(finding.message.hasSuffix("its claimRef names a/c, which names PersistentVolume pv-2"))
    }
}

@Suite struct MissingStorageClassTests {
    static func claim(phase: String, storageClass: String?) -> GraphInventory {
        GraphInventory(
            pods: [Fx.pod("a", "p", claims: ["c"])],
            persistentVolumeClaims: [Fx.pvc("a", "c", phase: phase, volume: phase == "Bound" ? "v" : nil,
                                            storageClass: storageClass)],
            persistentVolumes: phase == "Bound" ? [Fx.pv("v", claim: ("a", "c"), storageClass: storageClass)] : [],
            storageClasses: [Fx.storageClass("fast")])
    }

    @Test(arguments: [("Bound", FindingSeverity.info), ("Pending", .warning), ("Lost", .warning)])
    func claimAskingForAnAbsentClassIsReportedWhateverItsPhase(phase: String, severity: FindingSeverity) throws {
        let graph = try Fx.build(Self.claim(phase: phase, storageClass: "gold"))
        #expect(graph.findings(.storageClassMissing) == [Finding(
            severity: severity, code: .storageClassMissing,
            message: "PersistentVolumeClaim a/c asks for StorageClass gold, which does not exist",
            objects: [Fx.pvcID("a", "c"), Fx.scID("gold")])])
        #expect(graph.node(Fx.scID("gold"))?.isMissing == true)
        #expect(graph.edgeTexts.contains("PersistentVolumeClaim a/c -provisioned_by-> StorageClass gold"))
    }

    @Test func aVolumeOfTheAbsentClassIsLinkedToThePlaceholderWithoutAFindingOfItsOwn() throws {
        let graph = try Fx.build(Self.claim(phase: "Bound", storageClass: "manual"))
        #expect(graph.edgeTexts.contains("PersistentVolume v -provisioned_by-> StorageClass manual"))
        #expect(graph.findings.map(\.code) == [.storageClassMissing], "static volumes often name a class that is no object")
    }

    @Test(arguments: ["", nil] as [String?])
    func anEmptyOrUnsetClassIsNoFinding(storageClass: String?) throws {
        let graph = try Fx.build(Self.claim(phase: "Bound", storageClass: storageClass))
        #expect(graph.findings.isEmpty)
        #expect(!graph.nodes.contains { $0.isMissing })
    }

    @Test func notReportedWhenTheInventoryHoldsNoClassesAtAll() throws {
        var inventory = Self.claim(phase: "Pending", storageClass: "gold")
        inventory.storageClasses = []
        let graph = try Fx.build(inventory)
        #expect(graph.findings(.storageClassMissing).isEmpty)
        #expect(graph.node(Fx.scID("gold")) == nil)
    }
}
