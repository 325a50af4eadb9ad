import Foundation
import KubeModel
import Testing
import TestSupport

/// Writes with optimistic concurrency, metrics.k8s.io and the kubelet Summary API on the test API server, checked
/// through plain HTTPS and against kubectl: the next stages (leader election, alert state in ConfigMaps, usage and
/// volume alerts) are tested against these, so they must behave like kube-apiserver, metrics-server and kubelet.
@Suite("Test API server: writes, metrics and kubelet stats")
struct TestAPIServerWriteTests {
    static let leases = "/apis/coordination.k8s.io/v1/namespaces/default/leases"
    static let configMaps = "/api/v1/namespaces/default/configmaps"

    static func lease(_ name: String, holder: String, resourceVersion: String? = nil) -> [String: Any] {
        var metadata: [String: Any] = ["name": name]
        if let resourceVersion { metadata["resourceVersion"] = resourceVersion }
        return ["apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": metadata,
                "spec": ["holderIdentity": holder, "leaseDurationSeconds": 15,
                         "renewTime": "2025-06-01T10:00:00.000000Z"]]
    }

    static func configMap(_ name: String, data: [String: String], resourceVersion: String? = nil) -> [String: Any] {
        var metadata: [String: Any] = ["name": name]
        if let resourceVersion { metadata["resourceVersion"] = resourceVersion }
        return ["apiVersion": "v1", "kind": "ConfigMap", "metadata": metadata, "data": data]
    }

    // MARK: - Writes

    @Test("a Lease: create, AlreadyExists, update, stale update (409), update without version (422), delete with preconditions")
    func leaseLifecycle() async throws {
        let server = try await Fixtures.startSmall()
        let api = RawAPI(server)

        let created = try await api.send("POST", Self.leases, json: Self.lease("leader", holder: "pod-a"))
        #expect(created.status == 201, "\(created.text)")
        let uid = try #require(created.json[path: "metadata.uid"] as? String)
        #expect(!uid.isEmpty && created.json[path: "metadata.creationTimestamp"] != nil)
        let first = created.resourceVersion
        #expect(Int(first) != nil)

        let again = try await api.send("POST", Self.leases, json: Self.lease("leader", holder: "pod-b"))
        #expect(again.status == 409 && again.reason == "AlreadyExists")
        #expect(again.message == #"leases.coordination.k8s.io "leader" already exists"#)

        let read = try await api.get(Self.leases + "/leader")
        #expect(read.status == 200 && read.resourceVersion == first)
        #expect(read.json[path: "spec.holderIdentity"] as? String == "pod-a")

        let updated = try await api.send("PUT", Self.leases + "/leader",
                                         json: Self.lease("leader", holder: "pod-b", resourceVersion: first))
        #expect(updated.status == 200, "\(updated.text)")
        let second = updated.resourceVersion
        #expect(try #require(Int(second)) > #require(Int(first)))
        #expect(updated.json[path: "metadata.uid"] as? String == uid)

        let stale = try await api.send("PUT", Self.leases + "/leader",
                                       json: Self.lease("leader", holder: "pod-c", resourceVersion: first))
        #expect(stale.status == 409 && stale.reason == "Conflict")
        #expect(stale.message == #"Operation cannot be fulfilled on leases.coordination.k8s.io "leader": "#
                + "the object has been modified; please apply your changes to the latest version and try again")

        let unconditional = try await api.send("PUT", Self.leases + "/leader", json: Self.lease("leader", holder: "pod-c"))
        #expect(unconditional.status == 422 && unconditional.reason == "Invalid")
        #expect(unconditional.message.hasSuffix("metadata.resourceVersion: Invalid value: 0: must be specified for an update"))

        let wrongPrecondition = try await api.send("DELETE", Self.leases + "/leader",
                                                   json: ["preconditions": ["resourceVersion": first]])
        #expect(wrongPrecondition.status == 409)
        #expect(wrongPrecondition.message.contains(
            "Precondition failed: ResourceVersion in precondition: \(first), ResourceVersion in object meta: \(second)"))
        #expect(try await api.get(Self.leases + "/leader").json[path: "spec.holderIdentity"] as? String == "pod-b")

        let deleted = try await api.send("DELETE", Self.leases + "/leader",
                                         json: ["preconditions": ["resourceVersion": second, "uid": uid]])
        #expect(deleted.status == 200 && deleted.json["status"] as? String == "Success")
        #expect(deleted.json[path: "details.uid"] as? String == uid)

        let gone = try await api.get(Self.leases + "/leader")
        #expect(gone.status == 404 && gone.message == #"leases.coordination.k8s.io "leader" not found"#)
        #expect(try await server.getObject(.init(apiVersion: "coordination.k8s.io/v1", kind: "Lease",
                                                 namespace: "default", name: "leader")) == nil)

        let writes = try await server.requests().filter { $0.method != "GET" }
        #expect(writes.map(\.status) == [201, 409, 200, 409, 422, 409, 200])
        #expect(writes.allSatisfy { $0.auth == .token && $0.user == "test-user" })
    }

    @Test("a PUT creates a missing Lease but not a missing ConfigMap, as their strategies say")
    func createOnUpdate() async throws {
        let server = try await Fixtures.startSmall()
        let api = RawAPI(server)
        let lease = try await api.send("PUT", Self.leases + "/fresh", json: Self.lease("fresh", holder: "pod-a"))
        #expect(lease.status == 201, "\(lease.text)")
        let configMap = try await api.send("PUT", Self.configMaps + "/fresh", json: Self.configMap("fresh", data: [:]))
        #expect(configMap.status == 404 && configMap.message == #"configmaps "fresh" not found"#)
    }

    @Test("a ConfigMap: unconditional update, an update that changes nothing writes nothing, patches, mismatches")
    func configMapUpdates() async throws {
        let server = try await Fixtures.startSmall()
        let api = RawAPI(server)
        let created = try await api.send("POST", Self.configMaps, json: Self.configMap("state", data: ["a": "1"]))
        #expect(created.status == 201, "\(created.text)")

        let unconditional = try await api.send("PUT", Self.configMaps + "/state",
                                               json: Self.configMap("state", data: ["a": "2"]))
        #expect(unconditional.status == 200, "\(unconditional.text)")
        #expect(try #require(Int(unconditional.resourceVersion)) > #require(Int(created.resourceVersion)))

        let same = try await api.send("PUT", Self.configMaps + "/state", json: Self.configMap(
            "state", data: ["a": "2"], resourceVersion: unconditional.resourceVersion))
        #expect(same.status == 200 && same.resourceVersion == unconditional.resourceVersion)

        let merged = try await api.send("PATCH", Self.configMaps + "/state", json: ["data": ["b": "3", "a": NSNull()]],
                                        contentType: "application/merge-patch+json")
        #expect(merged.status == 200)
        #expect(merged.json["data"] as? [String: String] == ["b": "3"])

        let patched = try await api.send("PATCH", Self.configMaps + "/state",
                                         json: [["op": "add", "path": "/data/c", "value": "4"]],
                                         contentType: "application/json-patch+json")
        #expect(patched.json["data"] as? [String: String] == ["b": "3", "c": "4"])

        let failedTest = try await api.send("PATCH", Self.configMaps + "/state",
                                            json: [["op": "test", "path": "/data/b", "value": "9"]],
                                            contentType: "application/json-patch+json")
        #expect(failedTest.status == 422)

        let stalePatch = try await api.send("PATCH", Self.configMaps + "/state",
                                            json: ["metadata": ["resourceVersion": created.resourceVersion]],
                                            contentType: "application/merge-patch+json")
        #expect(stalePatch.status == 409 && stalePatch.reason == "Conflict")

        let renamed = try await api.send("PUT", Self.configMaps + "/state", json: Self.configMap("other", data: [:]))
        #expect(renamed.status == 400)
        #expect(renamed.message == "the name of the object (other) does not match the name on the URL (state)")

        var elsewhere = Self.configMap("state", data: [:])
        elsewhere["metadata"] = ["name": "state", "namespace": "kube-system"]
        let moved = try await api.send("PUT", Self.configMaps + "/state", json: elsewhere)
        #expect(moved.status == 400)
        #expect(moved.message == "the namespace of the provided object does not match the namespace sent on the request")

        let nowhere = try await api.send("POST", "/api/v1/namespaces/nope/configmaps", json: Self.configMap("x", data: [:]))
        #expect(nowhere.status == 404 && nowhere.message == #"namespaces "nope" not found"#)

        let badUID = try await api.send("DELETE", Self.configMaps + "/state", json: ["preconditions": ["uid": "not-it"]])
        #expect(badUID.status == 409 && badUID.message.contains("Precondition failed: UID in precondition: not-it"))

        let stored = try #require(try await server.getObject(.init(kind: "ConfigMap", namespace: "default", name: "state")))
        let object = try #require(try JSONSerialization.jsonObject(with: stored) as? [String: Any])
        #expect(object["data"] as? [String: String] == ["b": "3", "c": "4"])
    }

    @Test("ConfigMap data up to 1 MiB is stored; one byte more is 422 Invalid with kube-apiserver's message",
          arguments: [(1_048_576, 201), (1_048_577, 422)])
    func sizeLimit(size: Int, status: Int) async throws {
        let server = try await Fixtures.startSmall()
        let api = RawAPI(server)
        // The limit counts keys and values: "k" plus the value.
        let reply = try await api.send("POST", Self.configMaps, json: Self.configMap(
            "big", data: ["k": String(repeating: "x", count: size - 1)]))
        #expect(reply.status == status, "\(reply.text.prefix(300))")
        if status == 422 {
            #expect(reply.reason == "Invalid")
            #expect(reply.message == #"ConfigMap "big" is invalid: []: Too long: may not be more than 1048576 bytes"#)
            let causes = try #require(reply.json[path: "details.causes"] as? [[String: Any]])
            #expect(causes.first?["reason"] as? String == "FieldValueTooLong" && causes.first?["field"] as? String == "[]")
        }
        let stored = try await server.getObject(.init(kind: "ConfigMap", namespace: "default", name: "big"))
        #expect((stored != nil) == (status == 201))
    }

    @Test("a request body over 3 MiB is refused with 413 before it is parsed")
    func requestBodyLimit() async throws {
        let server = try await Fixtures.startSmall()
        let reply = try await RawAPI(server).send("POST", Self.configMaps,
                                                  body: Data(repeating: UInt8(ascii: " "), count: 3 * 1_048_576 + 1))
        #expect(reply.status == 413 && reply.message == "Request entity too large: limit is 3145728")
    }

    @Test("watchers see ADDED, MODIFIED and DELETED for written objects, with the versions the writes answered")
    func watchSeesWrites() async throws {
        let server = try await Fixtures.startSmall()
        let api = RawAPI(server)
        let start = try await api.get(Self.configMaps).resourceVersion
        // Resuming at `start`, the watch gets every later event whether it connects before or after the writes.
        async let events = api.watch(Self.configMaps + "?resourceVersion=\(start)") { $0.count >= 3 }

        let created = try await api.send("POST", Self.configMaps, json: Self.configMap("watched", data: ["a": "1"]))
        let updated = try await api.send("PUT", Self.configMaps + "/watched", json: Self.configMap(
            "watched", data: ["a": "2"], resourceVersion: created.resourceVersion))
        let deleted = try await api.send("DELETE", Self.configMaps + "/watched")
        #expect([created.status, updated.status, deleted.status] as [Int] == [201, 200, 200])

        let seen = try await events
        #expect(seen.map(\.type) == ["ADDED", "MODIFIED", "DELETED"])
        #expect(seen.map { $0.object[path: "metadata.name"] as? String } == ["watched", "watched", "watched"])
        let versions = seen.compactMap { $0.object[path: "metadata.resourceVersion"] as? String }
        #expect(Array(versions.prefix(2)) == [created.resourceVersion, updated.resourceVersion])
        #expect(try #require(Int(versions.last ?? "")) > #require(Int(updated.resourceVersion)))
        #expect(seen.dropFirst().first?.object["data"] as? [String: String] == ["a": "2"])
    }

    @Test("a paged list keeps its continue token across API writes; a control-API change expires it")
    func continueAcrossWrites() async throws {
        let server = try await Fixtures.startSmall()
        let api = RawAPI(server)
        let first = try await api.get("/api/v1/pods?limit=3")
        let token = try #require(first.json[path: "metadata.continue"] as? String)

        #expect(try await api.send("POST", Self.configMaps, json: Self.configMap("during", data: [:])).status == 201)
        let second = try await api.get("/api/v1/pods?limit=3&continue=\(token)")
        #expect(second.status == 200 && second.resourceVersion == first.resourceVersion)
        let names = ((first.json["items"] as? [[String: Any]] ?? []) + (second.json["items"] as? [[String: Any]] ?? []))
            .compactMap { $0[path: "metadata.name"] as? String }
        #expect(Set(names).count == 6)
        let next = try #require(second.json[path: "metadata.continue"] as? String)

        try await server.changeObjects(delete: [.init(kind: "Pod", namespace: "default", name: "big-0")])
        let expired = try await api.get("/api/v1/pods?limit=3&continue=\(next)")
        #expect(expired.status == 410 && expired.reason == "Expired")
    }

    @Test("writes need credentials, and a fault armed for PUT denies an update like RBAC would")
    func writeDenials() async throws {
        let server = try await Fixtures.startSmall()
        let api = RawAPI(server)
        let anonymous = try await api.send("POST", Self.leases, json: Self.lease("leader", holder: "x"), token: "wrong")
        #expect(anonymous.status == 401)
        #expect(try await server.getObject(.init(apiVersion: "coordination.k8s.io/v1", kind: "Lease",
                                                 namespace: "default", name: "leader")) == nil)

        let created = try await api.send("POST", Self.leases, json: Self.lease("leader", holder: "a"))
        try await server.addFault(TestAPIServer.Fault(pathPrefix: Self.leases, status: 403, method: "PUT"))
        let update = Self.lease("leader", holder: "b", resourceVersion: created.resourceVersion)
        let denied = try await api.send("PUT", Self.leases + "/leader", json: update)
        #expect(denied.status == 403)
        #expect(denied.message == #"leases.coordination.k8s.io "leader" is forbidden: User "test-user" cannot update "#
                + #"resource "leases" in API group "coordination.k8s.io" in the namespace "default""#)
        #expect(try await api.send("PUT", Self.leases + "/leader", json: update).status == 200)
    }

    @Test("kubectl creates, annotates, applies, lists and deletes ConfigMaps and Leases",
          .enabled(if: Kubectl.isAvailable, "kubectl is not installed"))
    func kubectlWrites() async throws {
        let server = try await Fixtures.startSmall()
        // kubectl's typed client sends protobuf for `create configmap`.
        try await expectSuccess(server, ["create", "configmap", "settings", "--from-literal=mode=fast",
                                         "--from-literal=level=3"])
        try await expectSuccess(server, ["annotate", "configmap", "settings", "owner=ops"])
        let table = try await expectSuccess(server, ["get", "configmap", "settings"])
        #expect(table.split(separator: "\n").last?.split(separator: " ").prefix(2).joined(separator: " ") == "settings 2")
        let stored = try #require(try await server.getObject(.init(kind: "ConfigMap", namespace: "default",
                                                                   name: "settings")))
        let object = try #require(try JSONSerialization.jsonObject(with: stored) as? [String: Any])
        #expect(object["data"] as? [String: String] == ["mode": "fast", "level": "3"])
        #expect(object[path: "metadata.annotations"] as? [String: String] == ["owner": "ops"])

        let file = server.stateDirectory.appendingPathComponent("lease.json")
        for holder in ["pod-a", "pod-b"] {
            try JSONSerialization.data(withJSONObject: Self.lease("leader", holder: holder)).write(to: file)
            // No OpenAPI here: client-side schema validation is off.
            try await expectSuccess(server, ["apply", "--validate=false", "-n", "default", "-f", file.path])
        }
        let leases = try await expectSuccess(server, ["get", "lease", "-n", "default"])
        #expect(leases.contains("HOLDER") && leases.contains("leader   pod-b"), "\(leases)")

        let missingNamespace = try await server.kubectl(["create", "configmap", "x", "-n", "nope"])
        #expect(missingNamespace.exitCode != 0 && missingNamespace.standardError.contains(#"namespaces "nope" not found"#))

        try await expectSuccess(server, ["delete", "configmap", "settings"])
        #expect(try await server.getObject(.init(kind: "ConfigMap", namespace: "default", name: "settings")) == nil)
    }

    // MARK: - metrics.k8s.io

    @Test("kubectl top nodes and top pods -A print what metrics.k8s.io serves",
          .enabled(if: Kubectl.isAvailable, "kubectl is not installed"))
    func kubectlTopAgrees() async throws {
        let server = try await Fixtures.startSmall()
        let api = RawAPI(server)
        try await expectTopAgrees(server, api)
        try await server.setMetrics(nodes: [.init(name: "node-a", cpu: "7", memory: "30Gi")])
        let rows = try await expectTopAgrees(server, api)
        // 7000m of 7910m allocatable, 30Gi of 31792740Ki: kubectl truncates the percentages.
        #expect(rows["node-a"] == ["7000m", "88%", "30720Mi", "98%"])
    }

    @discardableResult
    private func expectTopAgrees(_ server: TestAPIServer, _ api: RawAPI) async throws -> [String: [String]] {
        let metrics = try await api.get("/apis/metrics.k8s.io/v1beta1/nodes")
        #expect(metrics.json["kind"] as? String == "NodeMetricsList")
        let nodes = try await api.get("/api/v1/nodes").json["items"] as? [[String: Any]] ?? []
        var expected: [String: [String]] = [:]
        for item in metrics.json["items"] as? [[String: Any]] ?? [] {
            let name = try #require(item[path: "metadata.name"] as? String)
            let node = try #require(nodes.first { $0[path: "metadata.name"] as? String == name })
            let cpu = try quantity(item[path: "usage.cpu"]), memory = try quantity(item[path: "usage.memory"])
            let cpuAllocatable = try quantity(node[path: "status.allocatable.cpu"])
            let memoryAllocatable = try quantity(node[path: "status.allocatable.memory"])
            expected[name] = ["\(cpu.milliValue)m", percent(cpu, cpuAllocatable),
                              "\(memory.value / (1024 * 1024))Mi", percent(memory, memoryAllocatable)]
        }
        #expect(expected.keys.sorted() == ["node-a", "node-b"])
        let top = try await expectSuccess(server, ["top", "nodes"])
        let printed = Dictionary(uniqueKeysWithValues: rows(top).map { ($0[0], Array($0.dropFirst())) })
        #expect(printed == expected, "\(top)")

        let podMetrics = try await api.get("/apis/metrics.k8s.io/v1beta1/pods")
        var expectedPods: [String: [String]] = [:]
        for item in podMetrics.json["items"] as? [[String: Any]] ?? [] {
            var cpu = Quantity.zero, memory = Quantity.zero
            for container in item["containers"] as? [[String: Any]] ?? [] {
                cpu += try quantity(container[path: "usage.cpu"])
                memory += try quantity(container[path: "usage.memory"])
            }
            let key = "\(item[path: "metadata.namespace"] as? String ?? "")/\(item[path: "metadata.name"] as? String ?? "")"
            expectedPods[key] = ["\(cpu.milliValue)m", "\(memory.value / (1024 * 1024))Mi"]
        }
        // The running pods; the pending, succeeded and failed ones have no metrics.
        #expect(expectedPods.keys.sorted() == ["default/db-0", "default/web-7d9f8-abcde", "default/web-7d9f8-fghij",
                                               "kube-system/kube-proxy-x1", "kube-system/kube-proxy-x2"])
        let topPods = try await expectSuccess(server, ["top", "pods", "-A"])
        let printedPods = Dictionary(uniqueKeysWithValues: rows(topPods).map { ("\($0[0])/\($0[1])", Array($0.dropFirst(2))) })
        #expect(printedPods == expectedPods, "\(topPods)")
        return printed
    }

    @Test("usage set through the control API shows in the metrics API; a pod without metrics is left out")
    func settableMetrics() async throws {
        let server = try await Fixtures.startSmall()
        let api = RawAPI(server)
        try await server.setMetrics(pods: [
            .init(namespace: "default", name: "db-0", containers: [.init(name: "postgres", cpu: "1900m", memory: "2Gi")]),
            .missing(namespace: "kube-system", name: "kube-proxy-x1"),
        ])
        let db = try await api.get("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/db-0")
        #expect(db.json["kind"] as? String == "PodMetrics")
        let containers = try #require(db.json["containers"] as? [[String: Any]])
        #expect(containers.first { $0["name"] as? String == "postgres" }?["usage"] as? [String: String]
                == ["cpu": "1900m", "memory": "2Gi"])

        let missing = try await api.get("/apis/metrics.k8s.io/v1beta1/namespaces/kube-system/pods/kube-proxy-x1")
        #expect(missing.status == 404 && missing.message == #"podmetrics.metrics.k8s.io "kube-proxy-x1" not found"#)
        let listed = try await api.get("/apis/metrics.k8s.io/v1beta1/namespaces/kube-system/pods")
        let names = (listed.json["items"] as? [[String: Any]] ?? []).compactMap { $0[path: "metadata.name"] as? String }
        #expect(names == ["kube-proxy-x2"])

        let labelled = try await api.get("/apis/metrics.k8s.io/v1beta1/pods?labelSelector=app%3Dweb")
        #expect((labelled.json["items"] as? [[String: Any]])?.count == 2)

        await #expect(throws: (any Error).self) {
            try await server.setMetrics(pods: [.init(namespace: "default", name: "db-0",
                                                     containers: [.init(name: "no-such-container", cpu: "1")])])
        }
        try await server.clearMetrics()
        #expect(try await api.get("/apis/metrics.k8s.io/v1beta1/namespaces/kube-system/pods/kube-proxy-x1").status == 200)
    }

    @Test("NodeMetrics and PodMetrics in the snapshot are served as recorded; the rest is generated")
    func recordedMetrics() async throws {
        var list = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.smallCluster))
            as? [String: Any])
        var items = try #require(list["items"] as? [[String: Any]])
        items.append(["apiVersion": "metrics.k8s.io/v1beta1", "kind": "NodeMetrics", "metadata": ["name": "node-b"],
                      "timestamp": "2025-06-01T10:00:00Z", "window": "10s",
                      "usage": ["cpu": "2500m", "memory": "8Gi"]])
        items.append(["apiVersion": "metrics.k8s.io/v1beta1", "kind": "PodMetrics",
                      "metadata": ["name": "db-0", "namespace": "default"], "timestamp": "2025-06-01T10:00:00Z",
                      "window": "10s", "containers": [["name": "postgres", "usage": ["cpu": "333m", "memory": "100Mi"]]]])
        list["items"] = items
        let server = try await TestAPIServer.start(snapshot: try JSONSerialization.data(withJSONObject: list))
        let api = RawAPI(server)
        let node = try await api.get("/apis/metrics.k8s.io/v1beta1/nodes/node-b")
        #expect(node.json["usage"] as? [String: String] == ["cpu": "2500m", "memory": "8Gi"])
        let pod = try await api.get("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/db-0")
        #expect((pod.json["containers"] as? [[String: Any]])?.map { $0["usage"] as? [String: String] }
                == [["cpu": "333m", "memory": "100Mi"]])
        let generated = try await api.get("/apis/metrics.k8s.io/v1beta1/nodes/node-a")
        #expect(generated.status == 200 && generated.json[path: "usage.cpu"] as? String != nil)
    }

    // MARK: - Kubelet Summary API

    @Test("the kubelet summary lists the node's running pods with volume stats per claim, settable step by step")
    func kubeletSummary() async throws {
        let server = try await Fixtures.startSmall()
        let api = RawAPI(server)
        let pod = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"db-1","namespace":"default","uid":"uid-db-1"},"#
            + #""spec":{"nodeName":"node-b","containers":[{"name":"pg","image":"postgres","#
            + #""resources":{"requests":{"cpu":"500m","memory":"1Gi"}}}],"volumes":[{"name":"data","#
            + #""persistentVolumeClaim":{"claimName":"data-db-0"}},{"name":"scratch","emptyDir":{}}]},"#
            + #""status":{"phase":"Running","startTime":"2025-06-01T00:00:00Z"}}"#
        try await server.changeObjects(upsert: [Data(pod.utf8)])

        let summary = try await api.get("/api/v1/nodes/node-b/proxy/stats/summary")
        #expect(summary.status == 200, "\(summary.text)")
        #expect(summary.json[path: "node.nodeName"] as? String == "node-b")
        let pods = try #require(summary.json["pods"] as? [[String: Any]])
        #expect(pods.compactMap { $0[path: "podRef.name"] as? String }.sorted()
                == ["db-1", "kube-proxy-x2", "web-7d9f8-fghij"])  // the succeeded pod on node-b is not running
        let db = try #require(pods.first { $0[path: "podRef.name"] as? String == "db-1" })
        #expect(db[path: "podRef.uid"] as? String == "uid-db-1")
        let volumes = try #require(db["volume"] as? [[String: Any]])
        let data = try #require(volumes.first { $0["name"] as? String == "data" })
        #expect(data["pvcRef"] as? [String: String] == ["name": "data-db-0", "namespace": "default"])
        let capacity = 10 * 1_073_741_824
        #expect(data["capacityBytes"] as? Int == capacity)
        let used = try #require(data["usedBytes"] as? Int), available = try #require(data["availableBytes"] as? Int)
        #expect(used > 0 && used + available == capacity)
        let inodes = try #require(data["inodes"] as? Int)
        #expect((data["inodesUsed"] as? Int ?? -1) + (data["inodesFree"] as? Int ?? -1) == inodes)
        let scratch = try #require(volumes.first { $0["name"] as? String == "scratch" })
        #expect(scratch["pvcRef"] == nil)

        // CPU and memory agree with metrics.k8s.io, which metrics-server scrapes from here.
        let nodeMetrics = try await api.get("/apis/metrics.k8s.io/v1beta1/nodes/node-b")
        #expect(try quantity(nodeMetrics.json[path: "usage.cpu"]).nanos
                == Int128(try #require(summary.json[path: "node.cpu.usageNanoCores"] as? Int)))
        let podMetrics = try await api.get("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/db-1")
        let memory = try quantity((podMetrics.json["containers"] as? [[String: Any]])?.first?[path: "usage.memory"])
        #expect(memory.value == Int64(try #require(
            (db["containers"] as? [[String: Any]])?.first?[path: "memory.workingSetBytes"] as? Int)))

        for fill in [capacity / 2, capacity - 4096] {
            try await server.setVolumeStats([.init(namespace: "default", pvc: "data-db-0", usedBytes: fill)])
            let next = try await api.get("/api/v1/nodes/node-b/proxy/stats/summary")
            let volume = try #require(volumeStats(next, pod: "db-1", volume: "data"))
            #expect(volume["usedBytes"] as? Int == fill && volume["availableBytes"] as? Int == capacity - fill)
        }

        let lean = try await api.get("/api/v1/nodes/node-b/proxy/stats/summary?only_cpu_and_memory=true")
        #expect((lean.json["pods"] as? [[String: Any]])?.allSatisfy { $0["volume"] == nil } == true)
        let unknownNode = try await api.get("/api/v1/nodes/node-z/proxy/stats/summary")
        #expect(unknownNode.status == 404 && unknownNode.message == #"nodes "node-z" not found"#)
        let unknownPath = try await api.get("/api/v1/nodes/node-b/proxy/no-such-page")
        #expect(unknownPath.status == 404 && unknownPath.text == "404 page not found\n")
    }

    // MARK: - Helpers

    /// One pod's entry for one volume in a kubelet summary.
    private func volumeStats(_ summary: RawAPI.Reply, pod: String, volume: String) -> [String: Any]? {
        let pods = summary.json["pods"] as? [[String: Any]] ?? []
        let entry = pods.first { $0[path: "podRef.name"] as? String == pod }
        let volumes = entry?["volume"] as? [[String: Any]] ?? []
        return volumes.first { $0["name"] as? String == volume }
    }

    @discardableResult
    private func expectSuccess(_ server: TestAPIServer, _ arguments: [String]) async throws -> String {
        let result = try await server.kubectl(arguments)
        #expect(result.exitCode == 0, "\(result.commandLine)\n\(result.standardError)\nserver log:\n\(server.log)")
        return result.standardOutput
    }

    /// The fields of each table row after the header.
    private func rows(_ output: String) -> [[String]] {
        output.split(separator: "\n").dropFirst().map { $0.split(separator: " ").map(String.init) }
    }

    private func quantity(_ value: Any?) throws -> Quantity {
        try Quantity(parsing: try #require(value as? String))
    }

    /// kubectl top's percentage: a float share of the milli-values, truncated.
    private func percent(_ usage: Quantity, _ allocatable: Quantity) -> String {
        "\(Int64(Double(usage.milliValue) / Double(allocatable.milliValue) * 100))%"
    }
}
