import Foundation
import Testing
@testable import KubeModel

private func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
    try JSONDecoder().decode(T.self, from: Data(json.utf8))
}

@Suite struct PodDecodingTests {
    static let podJSON = """
    {"apiVersion":"v1","kind":"Pod",
     "metadata":{"name":"api-7d9","namespace":"shop","uid":"u-1","labels":{"app":"api"},
       "annotations":{"big":"ignored"},"managedFields":[{"manager":"kubectl"}],
       "creationTimestamp":"2026-11-23T10:00:00Z",
       "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"api-7d","uid":"rs-1","controller":true}]},
     "spec":{"nodeName":"node-a",
       "overhead":{"cpu":"250m"},
       "resources":{"requests":{"cpu":"2"}},
       "initContainers":[{"name":"proxy","restartPolicy":"Always","resources":{"requests":{"cpu":"100m"}}},
                         {"name":"migrate","resources":{"limits":{"memory":"1Gi"}}}],
       "containers":[{"name":"app","image":"x","resources":{"requests":{"cpu":"0.5","memory":"12O"},"limits":{"cpu":1}},
          "env":[{"name":"A","value":"literal"},{"name":"B","valueFrom":{"configMapKeyRef":{"name":"cm-env","key":"k"}}},
                 {"name":"C","valueFrom":{"secretKeyRef":{"name":"sec-env","key":"k"}}}],
          "envFrom":[{"configMapRef":{"name":"cm-all"}},{"secretRef":{"name":"sec-all"}}]}],
       "volumes":[{"name":"data","persistentVolumeClaim":{"claimName":"data-0"}},
                  {"name":"scratch","ephemeral":{"volumeClaimTemplate":{"spec":{"accessModes":["ReadWriteOnce"],
                      "resources":{"requests":{"storage":"1Gi"}}}}}},
                  {"name":"cfg","configMap":{"name":"cm-vol"}},
                  {"name":"tls","secret":{"secretName":"sec-vol"}},
                  {"name":"proj","projected":{"sources":[{"configMap":{"name":"cm-proj"}},{"secret":{"name":"sec-proj"}},
                      {"serviceAccountToken":{"path":"token"}}]}},
                  {"name":"tmp","emptyDir":{}}]},
     "status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}]}}
    """

    @Test func decodesTheFieldsTheProductUses() throws {
        let pod = try decode(Pod.self, Self.podJSON)
        #expect(pod.metadata.name == "api-7d9")
        #expect(pod.metadata.namespace == "shop")
        #expect(pod.metadata.labels == ["app": "api"])
        #expect(pod.metadata.controller?.kind == "ReplicaSet")
        #expect(pod.metadata.controller?.uid == "rs-1")
        #expect(pod.spec.nodeName == "node-a")
        #expect(pod.spec.overhead == ["cpu": "250m"])
        #expect(pod.spec.resources?.requests["cpu"] == "2")
        #expect(pod.spec.initContainers.map(\.isRestartableSidecar) == [true, false])
        #expect(pod.spec.initContainers[1].resources.limits["memory"] == "1Gi")
        #expect(pod.status.phase == "Running")
    }

    @Test func keepsMalformedAndNumericQuantitiesRaw() throws {
        let pod = try decode(Pod.self, Self.podJSON)
        let app = pod.spec.containers[0]
        #expect(app.resources.requests["memory"] == "12O")
        #expect(app.resources.requests["cpu"] == "0.5")
        #expect(app.resources.limits["cpu"] == "1")
    }

    @Test func collectsReferencedConfigMapsSecretsAndClaims() throws {
        let pod = try decode(Pod.self, Self.podJSON)
        #expect(pod.referencedConfigMapNames == ["cm-all", "cm-env", "cm-proj", "cm-vol"])
        #expect(pod.referencedSecretNames == ["sec-all", "sec-env", "sec-proj", "sec-vol"])
        #expect(pod.claimNames == ["data-0", "api-7d9-scratch"])
        #expect(pod.spec.volumes[1].ephemeral?.volumeClaimTemplate?.spec.requestedStorage == "1Gi")
    }

    @Test func minimalPodDecodesWithDefaults() throws {
        let pod = try decode(Pod.self, #"{"metadata":{"name":"p","creationTimestamp":null},"spec":{"containers":[{"name":"c"}]}}"#)
        #expect(pod.spec.nodeName == nil)
        #expect(pod.spec.containers[0].resources.requests.isEmpty)
        #expect(pod.spec.volumes.isEmpty)
        #expect(pod.status.phase == nil)
        #expect(!pod.status.isTerminal)
    }

    @Test func decodesInPlaceResizeStatus() throws {
        let pod = try decode(Pod.self, #"""
        {"metadata":{"name":"p"},"status":{"phase":"Running","resize":"Infeasible","containerStatuses":[
          {"name":"app","ready":true,"image":"x","state":{"running":{}},"allocatedResources":{"cpu":"9"},
           "resources":{"requests":{"cpu":"50m"},"limits":{"memory":"1Gi"}}},
          {"name":"empty","resources":{}},{"name":"none","resources":null},{"name":"absent"}]}}
        """#)
        #expect(pod.status.resize == "Infeasible")
        #expect(pod.status.isResizeInfeasible)
        #expect(pod.status.containerStatuses.map(\.name) == ["app", "empty", "none", "absent"])
        #expect(pod.status.containerStatuses[0].resources == ResourceRequirements(requests: ["cpu": "50m"], limits: ["memory": "1Gi"]))
        // An empty object is "set" (kubectl then uses it); absent and null are not.
        #expect(pod.status.containerStatuses[1].resources == ResourceRequirements())
        #expect(pod.status.containerStatuses[2].resources == nil)
        #expect(pod.status.containerStatuses[3].resources == nil)
    }

    @Test func resizeStatusDefaultsAndLastStatusOfANameWins() throws {
        let bare = try decode(Pod.self, #"{"metadata":{"name":"p"},"status":{"resize":null,"containerStatuses":null}}"#)
        #expect(bare.status.resize == nil && bare.status.containerStatuses.isEmpty && !bare.status.isResizeInfeasible)
        let twice = PodStatus(containerStatuses: [ContainerStatus(name: "a", resources: ResourceRequirements(requests: ["cpu": "1"])),
                                                  ContainerStatus(name: "a", resources: ResourceRequirements(requests: ["cpu": "2"]))])
        #expect(twice.containerStatus(named: "a")?.resources?.requests["cpu"] == "2")
        #expect(twice.containerStatus(named: "b") == nil)
    }

    @Test func wrongTypesInResizeStatusAreRejected() {
        for status in [#"{"resize":1}"#, #"{"containerStatuses":{}}"#, #"{"containerStatuses":[null]}"#,
                       #"{"containerStatuses":[{"name":1}]}"#, #"{"containerStatuses":[{"resources":[]}]}"#] {
            #expect(throws: DecodingError.self, "\(status)") {
                try decode(Pod.self, #"{"metadata":{"name":"p"},"status":"# + status + "}")
            }
        }
    }

    @Test func nonScalarQuantityIsKeptAsAnInvalidMarker() throws {
        let list = try decode(ResourceList.self, #"{"cpu":{"x":1},"memory":"1Gi"}"#)
        #expect(list["cpu"] == ResourceList.invalidValueMarker)
        #expect(list["memory"] == "1Gi")
    }
}

@Suite struct ClusterObjectDecodingTests {
    @Test func nodeWithAndWithoutAllocatable() throws {
        let node = try decode(Node.self, """
            {"metadata":{"name":"node-a","labels":{"pool":"gpu"}},"spec":{"unschedulable":true},
             "status":{"capacity":{"cpu":"4","memory":"16Gi","pods":"110","nvidia.com/gpu":"2"},
                       "allocatable":{"cpu":"3920m","memory":"15Gi","pods":"110"},
                       "conditions":[{"type":"Ready","status":"True","reason":"KubeletReady"}]}}
            """)
        #expect(node.metadata.name == "node-a")
        #expect(node.spec.unschedulable)
        #expect(node.status.capacity["nvidia.com/gpu"] == "2")
        #expect(node.status.allocatable?["cpu"] == "3920m")
        #expect(node.status.isReady)
        let bare = try decode(Node.self, #"{"metadata":{"name":"b"},"status":{"capacity":{"cpu":"2"}}}"#)
        #expect(bare.status.allocatable == nil)
        #expect(!bare.status.isReady)
    }

    @Test func claimVolumeAndClass() throws {
        let pvc = try decode(PersistentVolumeClaim.self, """
            {"metadata":{"name":"data-0","namespace":"db"},
             "spec":{"volumeName":"pv-1","storageClassName":"fast","accessModes":["ReadWriteOnce"],
                     "resources":{"requests":{"storage":"10Gi"}},"volumeMode":"Filesystem"},
             "status":{"phase":"Bound","capacity":{"storage":"10Gi"}}}
            """)
        #expect(pvc.spec.volumeName == "pv-1")
        #expect(pvc.spec.requestedStorage == "10Gi")
        #expect(pvc.status.phase == "Bound")
        #expect(pvc.status.capacity["storage"] == "10Gi")

        let pending = try decode(PersistentVolumeClaim.self, #"{"metadata":{"name":"x"},"spec":{"volumeName":""},"status":{"phase":"Pending"}}"#)
        #expect(pending.spec.volumeName == nil)

        let pv = try decode(PersistentVolume.self, """
            {"metadata":{"name":"pv-1"},"spec":{"capacity":{"storage":"10Gi"},"storageClassName":"fast",
             "claimRef":{"kind":"PersistentVolumeClaim","namespace":"db","name":"data-0","uid":"c-1"},
             "accessModes":["ReadWriteOnce"],"persistentVolumeReclaimPolicy":"Retain","hostPath":{"path":"/x"}},
             "status":{"phase":"Released"}}
            """)
        #expect(pv.spec.storage == "10Gi")
        #expect(pv.spec.claimRef == ObjectReference(kind: "PersistentVolumeClaim", namespace: "db", name: "data-0", uid: "c-1"))
        #expect(pv.spec.persistentVolumeReclaimPolicy == "Retain")
        #expect(pv.status.phase == "Released")

        let sc = try decode(StorageClass.self, """
            {"metadata":{"name":"fast"},"provisioner":"ebs.csi.aws.com","reclaimPolicy":"Delete",
             "volumeBindingMode":"WaitForFirstConsumer","parameters":{"type":"gp3"}}
            """)
        #expect(sc.provisioner == "ebs.csi.aws.com")
        #expect(sc.volumeBindingMode == "WaitForFirstConsumer")
    }

    @Test func serviceSelectsByLabels() throws {
        let service = try decode(Service.self, #"{"metadata":{"name":"api","namespace":"shop"},"spec":{"selector":{"app":"api"},"type":"ClusterIP"}}"#)
        #expect(service.spec.selects(labels: ["app": "api", "tier": "web"]))
        #expect(!service.spec.selects(labels: ["app": "web"]))
        #expect(!ServiceSpec(selector: [:]).selects(labels: ["app": "api"]))
    }
}

@Suite struct MixedListDecodingTests {
    static let listJSON = """
    {"apiVersion":"v1","kind":"List","metadata":{"resourceVersion":""},"items":[
      {"apiVersion":"v1","kind":"Node","metadata":{"name":"node-a"},"status":{"capacity":{"cpu":"4"}}},
      {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"shop"},"spec":{"containers":[]}},
      {"apiVersion":"v1","kind":"Pod","metadata":{"name":"broken","namespace":"shop"},"spec":{"containers":"nope"}},
      {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","namespace":"shop"},"data":{"password":"hunter2"}},
      {"apiVersion":"v1","kind":"Secret","metadata":{"name":"s","namespace":"shop"},"data":{"token":"aHVudGVyMg=="}},
      {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"rs","namespace":"shop",
        "ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"d","uid":"d-1","controller":true}]}},
      {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"shop"}},
      {"apiVersion":"v1","metadata":{"name":"kindless"}}
    ]}
    """

    @Test func dispatchesOnKindAndKeepsRejectedIdentity() throws {
        let list = try decode(MixedList.self, Self.listJSON)
        #expect(list.items.map(\.kind) == ["Node", "Pod", "ConfigMap", "Secret", "ReplicaSet", "Namespace"])
        #expect(list.items.map(\.metadata.name) == ["node-a", "p", "cm", "s", "rs", "shop"])
        #expect(list.rejected.count == 2)
        #expect(list.rejected[0].kind == "Pod")
        #expect(list.rejected[0].objectName == "shop/broken")
        #expect(list.rejected[0].index == 2)
        #expect(list.rejected[1].name == "kindless")
        if case .workload(let rs) = list.items[4] {
            #expect(rs.metadata.controller?.kind == "Deployment")
        } else {
            Issue.record("ReplicaSet should decode as a workload")
        }
    }

    @Test func secretContentsAreNotDecoded() throws {
        let list = try decode(MixedList.self, Self.listJSON)
        #expect(!String(describing: list.items).contains("hunter2"))
        #expect(!String(describing: list.items).contains("aHVudGVyMg=="))
    }

    @Test func typedListItemsGetTheirKind() throws {
        let list = try decode(KubeList<Workload>.self, #"{"kind":"ReplicaSetList","metadata":{"continue":"abc"},"items":[{"metadata":{"name":"rs"}}]}"#)
        #expect(list.items.map { $0.withKind("ReplicaSet").kind } == ["ReplicaSet"])
        #expect(list.metadata.continueToken == "abc")
    }
}
