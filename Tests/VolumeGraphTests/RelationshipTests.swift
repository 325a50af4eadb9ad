import KubeModel
import Testing
@testable import VolumeGraph

@Suite struct VolumeRelationshipTests {
    @Test func healthyNamespaceLinksPodClaimVolumeClassAndNode() throws {
        let graph = try Fx.build(Fx.healthyShop())
        #expect(graph.edgeTexts == [
            "Pod shop/api -mounts-> PersistentVolumeClaim shop/data",
            "Pod shop/api -runs_on-> Node node-a",
            "PersistentVolumeClaim shop/data -bound_to-> PersistentVolume pv-data",
            "PersistentVolumeClaim shop/data -provisioned_by-> StorageClass fast",
            "PersistentVolume pv-data -provisioned_by-> StorageClass fast",
        ])
        #expect(graph.findings.isEmpty)
        #expect(graph.nodes.count == 5)
    }

    @Test func ephemeralVolumeMountsTheGeneratedClaimNamedPodDashVolume() throws {
        let scratch = Volume(name: "scratch", ephemeral: EphemeralVolumeSource(volumeClaimTemplate: PersistentVolumeClaimTemplate(
            spec: PersistentVolumeClaimSpec(resources: ResourceRequirements(requests: ["storage": "5Gi"])))))
        let inventory = GraphInventory(
            pods: [Fx.pod("batch", "web-0", volumes: [scratch])],
            persistentVolumeClaims: [Fx.pvc("batch", "web-0-scratch", volume: "pv-e")],
            persistentVolumes: [Fx.pv("pv-e", claim: ("batch", "web-0-scratch"))])
        let graph = try Fx.build(inventory)
        #expect(graph.edgeTexts.contains("Pod batch/web-0 -mounts-> PersistentVolumeClaim batch/web-0-scratch"))
        #expect(graph.findings(.pvcMissing).isEmpty)
    }

    @Test func boundToIsFoundFromTheVolumeSideWhenTheClaimDoesNotNameIt() throws {
        // The binder sets the PV's claimRef first; a snapshot can catch the claim before volumeName is written.
        let inventory = GraphInventory(
            pods: [Fx.pod("shop", "api", claims: ["data"])],
            persistentVolumeClaims: [Fx.pvc("shop", "data", phase: "Pending", volume: nil, uid: "u1")],
            persistentVolumes: [Fx.pv("pv-1", phase: "Bound", claim: ("shop", "data"), claimUID: "u1")])
        let graph = try Fx.build(inventory)
        #expect(graph.edgeTexts.contains("PersistentVolumeClaim shop/data -bound_to-> PersistentVolume pv-1"))
    }

    @Test func aPreBoundAvailableVolumeIsNotYetBound() throws {
        let inventory = GraphInventory(
            persistentVolumeClaims: [Fx.pvc("shop", "data", phase: "Pending", volume: nil)],
            persistentVolumes: [Fx.pv("pv-1", phase: "Available", claim: ("shop", "data"))])
        let graph = try Fx.build(inventory)
        #expect(graph.relationships(.boundTo).isEmpty)
        #expect(graph.node(Fx.pvID("pv-1"))?.properties.claim == Fx.pvcID("shop", "data"))
    }

    @Test func absentStorageClassAndNodeGiveNoEdgeButStayAsProperties() throws {
        let inventory = GraphInventory(
            pods: [Fx.pod("shop", "api", node: "node-gone", claims: ["data"])],
            persistentVolumeClaims: [Fx.pvc("shop", "data", volume: "pv-1", storageClass: "slow")],
            persistentVolumes: [Fx.pv("pv-1", claim: ("shop", "data"), storageClass: "slow")])
        let graph = try Fx.build(inventory)
        #expect(graph.relationships(.provisionedBy).isEmpty)
        #expect(graph.relationships(.runsOn).isEmpty)
        #expect(graph.node(Fx.podID("shop", "api"))?.properties.node == "node-gone")
        #expect(graph.node(Fx.pvcID("shop", "data"))?.properties.storageClass == "slow")
    }

    @Test func emptyStorageClassNameMeansNoClass() throws {
        let inventory = GraphInventory(
            persistentVolumeClaims: [Fx.pvc("shop", "data", volume: "pv-1", storageClass: "")],
            persistentVolumes: [Fx.pv("pv-1", claim: ("shop", "data"), storageClass: "")],
            storageClasses: [Fx.storageClass("")])
        #expect(try Fx.build(inventory).relationships(.provisionedBy).isEmpty)
    }

    @Test func nodePropertiesCarryStatusSizesAndModes() throws {
        let graph = try Fx.build(Fx.healthyShop())
        let claim = try #require(graph.node(Fx.pvcID("shop", "data")))
        #expect(claim.status == "Bound")
        #expect(claim.uid == "uid-data")
        #expect(claim.properties == GraphNodeProperties(requested: "1Gi", capacity: "1Gi", accessModes: ["ReadWriteOnce"],
                                                        storageClass: "fast", volumeName: "pv-data"))
        let volume = try #require(graph.node(Fx.pvID("pv-data")))
        #expect(volume.status == "Bound")
        #expect(volume.properties.reclaimPolicy == "Delete")
        #expect(volume.properties.capacity == "1Gi")
        #expect(volume.properties.claim == Fx.pvcID("shop", "data"))
        #expect(graph.node(Fx.scID("fast"))?.properties.volumeBindingMode == "Immediate")
        let node = try #require(graph.node(Fx.nodeID("node-a")))
        #expect(node.status == "Ready")
        #expect(node.properties.cpu == "3920m")
        #expect(node.properties.memory == "15Gi")
    }
}

@Suite struct AllKindsRelationshipTests {
    static func ownedInventory() -> GraphInventory {
        GraphInventory(
            pods: [
                Fx.pod("web", "front-7d9-x", owners: [Fx.owner("ReplicaSet", "front-7d9", uid: "rs-1")]),
                Fx.pod("web", "db-0", owners: [Fx.owner("StatefulSet", "db", uid: "sts-1")]),
                Fx.pod("web", "agent-q", owners: [Fx.owner("DaemonSet", "agent", uid: "ds-1")]),
                Fx.pod("web", "report-123-z", phase: "Succeeded",
                       owners: [OwnerReference(apiVersion: "batch/v1", kind: "Job", name: "report-123", uid: "job-1")]),
            ],
            workloads: [
                Fx.workload("ReplicaSet", "web", "front-7d9", uid: "rs-1", owners: [Fx.owner("Deployment", "front", uid: "dep-1")]),
                Fx.workload("Deployment", "web", "front", uid: "dep-1"),
                Fx.workload("StatefulSet", "web", "db", uid: "sts-1"),
                Fx.workload("DaemonSet", "web", "agent", uid: "ds-1"),
                Fx.workload("Job", "web", "report-123", uid: "job-1",
                            owners: [OwnerReference(apiVersion: "batch/v1", kind: "CronJob", name: "report", uid: "cj-1")]),
                Fx.workload("CronJob", "web", "report", uid: "cj-1"),
            ])
    }

    @Test func ownerChainsFollowOwnerReferenceUIDs() throws {
        let graph = try Fx.build(Self.ownedInventory(), GraphOptions(kinds: .all))
        #expect(Set(graph.relationships(.ownedBy).map { "\($0.source) -> \($0.target)" }) == [
            "Pod web/front-7d9-x -> ReplicaSet web/front-7d9",
            "ReplicaSet web/front-7d9 -> Deployment web/front",
            "Pod web/db-0 -> StatefulSet web/db",
            "Pod web/agent-q -> DaemonSet web/agent",
            "Pod web/report-123-z -> Job web/report-123",
            "Job web/report-123 -> CronJob web/report",
        ])
    }

    @Test func volumeKindsLeaveOwnersOutButKeepTheControllerName() throws {
        let graph = try Fx.build(Self.ownedInventory(), GraphOptions(kinds: .volumes, allPods: true))
        #expect(graph.relationships(.ownedBy).isEmpty)
        #expect(Set(graph.nodes.map(\.kind)) == [.pod])
        #expect(graph.node(Fx.podID("web", "front-7d9-x"))?.properties.controller == "ReplicaSet/front-7d9")
    }

    @Test func ownerWithoutUIDIsMatchedByKindAndNameInTheSameNamespace() throws {
        // Hand-written snapshots often have no uids at all.
        let inventory = GraphInventory(
            pods: [Fx.pod("web", "p", owners: [Fx.owner("StatefulSet", "db", uid: "sts-1")])],
            workloads: [Fx.workload("StatefulSet", "web", "db", uid: nil), Fx.workload("StatefulSet", "other", "db", uid: nil)])
        let graph = try Fx.build(inventory, GraphOptions(kinds: .all))
        #expect(graph.edgeTexts.filter { $0.contains("owned_by") } == ["Pod web/p -owned_by-> StatefulSet web/db"])
    }

    @Test func ownerOfTheSameNameWithAnotherUIDIsARecreatedObjectAndNotLinked() throws {
        let inventory = GraphInventory(
            pods: [Fx.pod("web", "p", owners: [Fx.owner("StatefulSet", "db", uid: "sts-old")])],
            workloads: [Fx.workload("StatefulSet", "web", "db", uid: "sts-new")])
        let graph = try Fx.build(inventory, GraphOptions(kinds: .all))
        #expect(graph.relationships(.ownedBy).isEmpty)
    }

    @Test func ownerAbsentFromTheInventoryGetsNoPlaceholder() throws {
        let inventory = GraphInventory(pods: [Fx.pod("web", "p", owners: [Fx.owner("ReplicaSet", "gone", uid: "rs-x")])])
        let graph = try Fx.build(inventory, GraphOptions(kinds: .all))
        #expect(graph.nodeIDs == [Fx.podID("web", "p")])
        #expect(graph.findings.isEmpty)
    }

    @Test func servicesTargetMatchingPodsInTheirOwnNamespaceOnly() throws {
        let inventory = GraphInventory(
            pods: [Fx.pod("a", "p1", labels: ["app": "web", "tier": "x"]), Fx.pod("a", "p2", labels: ["app": "db"]),
                   Fx.pod("b", "p1", labels: ["app": "web"])],
            services: [Fx.service("a", "web", selector: ["app": "web"]), Fx.service("a", "manual", selector: nil),
                       Fx.service("a", "empty", selector: [:])])
        let graph = try Fx.build(inventory, GraphOptions(kinds: .all))
        #expect(graph.edgeTexts == ["Service a/web -targets-> Pod a/p1"])
        #expect(graph.node(Fx.id(.service, "a", "web"))?.properties.selector == ["app": "web"])
        #expect(graph.node(Fx.id(.service, "a", "manual")) != nil)
    }

    @Test func podsUseConfigMapsAndSecretsFromVolumesProjectedEnvAndEnvFrom() throws {
        let container = Container(
            name: "app",
            env: [EnvVar(name: "A", valueFrom: EnvVarSource(configMapKeyRef: KeySelector(name: "cm-env", key: "k"))),
                  EnvVar(name: "B", valueFrom: EnvVarSource(secretKeyRef: KeySelector(name: "sec-env", key: "k"))),
                  EnvVar(name: "C")],
            envFrom: [EnvFromSource(configMapRef: NameReference(name: "cm-all")), EnvFromSource(secretRef: NameReference(name: "sec-all"))])
        let volumes = [
            Volume(name: "cfg", configMap: ConfigMapVolumeSource(name: "cm-vol")),
            Volume(name: "tls", secret: SecretVolumeSource(secretName: "sec-vol")),
            Volume(name: "proj", projected: ProjectedVolumeSource(sources: [
                VolumeProjection(configMap: NameReference(name: "cm-proj")), VolumeProjection(secret: NameReference(name: "sec-proj"))])),
        ]
        let names = ["cm-env", "cm-all", "cm-vol", "cm-proj", "cm-unused"]
        let secretNames = ["sec-env", "sec-all", "sec-vol", "sec-proj", "sec-unused"]
        let inventory = GraphInventory(
            pods: [Fx.pod("app", "api", volumes: volumes, containers: [container])],
            configMaps: names.map { Fx.configMap("app", $0) } + [Fx.configMap("other", "cm-env")],
            secrets: secretNames.map { Fx.secret("app", $0) })
        let graph = try Fx.build(inventory, GraphOptions(kinds: .all))
        let used = Set(graph.relationships(.uses).map(\.target))
        #expect(used == Set(names.dropLast().map { Fx.id(.configMap, "app", $0) } + secretNames.dropLast().map { Fx.id(.secret, "app", $0) }))
        #expect(graph.node(Fx.id(.configMap, "app", "cm-unused")) == nil, "unreferenced ConfigMaps stay out of the picture")
        #expect(graph.node(Fx.id(.configMap, "other", "cm-env")) == nil)
        #expect(graph.node(Fx.id(.secret, "app", "sec-env"))?.properties == GraphNodeProperties())
        #expect(graph.findings.isEmpty)
    }

    @Test func volumeKindsDrawNoServicesConfigMapsOrSecrets() throws {
        let inventory = GraphInventory(
            pods: [Fx.pod("a", "p", volumes: [Volume(name: "c", configMap: ConfigMapVolumeSource(name: "missing"))], labels: ["x": "y"])],
            services: [Fx.service("a", "s", selector: ["x": "y"])],
            configMaps: [Fx.configMap("a", "present")])
        let graph = try Fx.build(inventory)
        #expect(graph.nodeIDs == [Fx.podID("a", "p")])
        #expect(graph.relationships.isEmpty)
        #expect(graph.findings.isEmpty)
    }
}
