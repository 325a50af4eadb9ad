import FastDecode
import Foundation
import KubeModel
import Testing

/// Hand-written pages: each must decode exactly as JSONDecoder decodes it, and through the expected path
/// (the scanner itself, or JSONDecoder for the item or page it cannot promise to reproduce).
@Suite struct EdgeCaseTests {
    enum Route: Sendable {
        /// Scanned by simdjson alone.
        case fast
        /// At least one item handed to JSONDecoder.
        case referenceItem
        /// The whole page handed to JSONDecoder.
        case referencePage
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var items: [String]
        var metadata = #"{"continue":"next-1","resourceVersion":"77"}"#
        var route: Route
        var testDescription: String { name }
    }

    static let unknownOfEveryType = #","x1":1,"x2":-1.5e3,"x3":true,"x4":false,"x5":null,"x6":"s\"\u00e9","x7":[1,[2,{}],"a"],"x8":{"a":{"b":[null]}}"#

    static let cases: [Case] = [
        Case(name: "plain pod", items: [Page.pod()], route: .fast),
        Case(name: "several pods", items: (1...40).map { Page.pod(name: "\"web-\($0)\"") }, route: .fast),
        Case(name: "empty object item", items: ["{}"], route: .fast),
        Case(name: "missing metadata, spec and status",
             items: [#"{"apiVersion":"v1"}"#, #"{"metadata":{}}"#, #"{"spec":{}}"#, #"{"status":{}}"#], route: .fast),
        Case(name: "null everywhere", items: [
            #"{"metadata":null,"spec":null,"status":null}"#,
            #"{"metadata":{"name":null,"namespace":null,"uid":null,"labels":null,"ownerReferences":null,"creationTimestamp":null,"deletionTimestamp":null},"spec":{"nodeName":null,"containers":null,"initContainers":null,"overhead":null,"resources":null,"volumes":null,"serviceAccountName":null},"status":{"phase":null}}"#,
            Page.pod(container: #","resources":null,"restartPolicy":null,"env":null,"envFrom":null"#),
            Page.pod(container: #","resources":{"requests":null,"limits":null}"#),
            Page.pod(spec: #"{"resources":{"requests":null,"limits":null}}"#),
        ], route: .fast),
        Case(name: "container without name or resources", items: [Page.pod(spec: #"{"containers":[{}]}"#)], route: .fast),
        Case(name: "unicode names", items: [
            #"{"metadata":{"name":"名前-ポッド-🚀","namespace":"ns-é"},"spec":{"nodeName":"nœud-1","containers":[{"name":"конт"}]}}"#,
        ], route: .fast),
        Case(name: "escaped strings", items: [
            #"{"metadata":{"name":"we\"b\u00e9\n\\x\/y\ud83d\ude80","namespace":"sh\u006fp"},"spec":{"nodeName":"node\/a","containers":[{"name":"a\tb","resources":{"requests":{"cpu":"25\u0030m"}}}]}}"#,
        ], route: .fast),
        Case(name: "long names share nothing by accident", items: [
            Page.pod(name: "\"" + String(repeating: "long-pod-name-", count: 20) + "\""),
            Page.pod(name: "\"" + String(repeating: "long-pod-name-", count: 19) + "x\""),
        ], route: .fast),
        Case(name: "empty containers, requests and overhead", items: [
            Page.pod(spec: #"{"nodeName":"n","containers":[],"initContainers":[],"overhead":{},"resources":{}}"#),
            Page.pod(container: #","resources":{"requests":{},"limits":{}}"#),
            Page.pod(container: #","resources":{}"#),
        ], route: .fast),
        Case(name: "unknown fields of every type at every level", items: [
            #"{"kind":"Pod"\#(unknownOfEveryType),"metadata":{"name":"u"\#(unknownOfEveryType)},"spec":{"nodeName":"n"\#(unknownOfEveryType),"containers":[{"name":"c"\#(unknownOfEveryType),"resources":{"requests":{"cpu":"1"}\#(unknownOfEveryType)}}]},"status":{"phase":"Running"\#(unknownOfEveryType)}}"#,
        ], metadata: #"{"continue":"c"\#(unknownOfEveryType)}"#, route: .fast),
        Case(name: "skipped bulk: managedFields, annotations, probes", items: [
            #"{"metadata":{"name":"m","annotations":{"a":"{\"json\":[1,2]}","b":""},"managedFields":[{"fieldsV1":{"f:spec":{"f:containers":{"k:{\"name\":\"x\"}":{".":{}}}}}}]},"spec":{"containers":[{"name":"c","livenessProbe":{"httpGet":{"path":"/","port":8080}},"ports":[{"containerPort":80}]}],"tolerations":[{"key":"k","operator":"Exists"}]}}"#,
        ], route: .fast),
        Case(name: "init containers before containers, sidecars", items: [
            #"{"metadata":{"name":"s"},"spec":{"initContainers":[{"name":"init","resources":{"requests":{"cpu":"2"}}},{"name":"proxy","restartPolicy":"Always","resources":{"requests":{"cpu":"100m"},"limits":{"cpu":"200m"}}}],"nodeName":"n","containers":[{"name":"app","resources":{"limits":{"memory":"1Gi"},"requests":{"memory":"512Mi"}}}]}}"#,
        ], route: .fast),
        Case(name: "overhead and pod-level resources", items: [
            Page.pod(spec: #"{"nodeName":"n","overhead":{"cpu":"250m","memory":"120Mi"},"resources":{"requests":{"cpu":"1","memory":"1Gi"},"limits":{"cpu":"2"}},"containers":[{"name":"a"}]}"#),
        ], route: .fast),
        Case(name: "empty node name is unscheduled", items: [Page.pod(spec: #"{"nodeName":"","containers":[]}"#)], route: .fast),
        Case(name: "extended and escaped resource names", items: [
            Page.pod(container: #","resources":{"requests":{"nvidia.com\/gpu":"1","hugepages-2Mi":"1Gi","ephemeral-storage":"2Gi"}}"#),
        ], route: .fast),
        Case(name: "quantities that are neither strings nor numbers", items: [
            Page.pod(container: #","resources":{"requests":{"cpu":null,"memory":true,"a":false,"b":{},"c":[1]}}"#),
        ], route: .fast),
        Case(name: "item kind that is not a string is ignored", items: [#"{"kind":5,"metadata":{"name":"k"}}"#, #"{"kind":null}"#], route: .fast),
        Case(name: "valid skipped model fields", items: [
            #"{"metadata":{"name":"v","labels":{"app":"web","":""},"ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web-7","uid":"u","controller":true,"blockOwnerDeletion":true}],"creationTimestamp":"2025-01-01T00:00:00Z"},"spec":{"serviceAccountName":"sa","volumes":[{"name":"a","persistentVolumeClaim":{"claimName":"data","readOnly":false}},{"name":"b","ephemeral":{"volumeClaimTemplate":{"spec":{"accessModes":["ReadWriteOnce"],"storageClassName":"fast","resources":{"requests":{"storage":5}}}}}},{"name":"c","configMap":{"name":"cm","optional":true,"items":[{"key":"k","path":"p"}]}},{"name":"d","secret":{"secretName":"s"}},{"name":"e","projected":{"sources":[{"configMap":{"name":"x"}},{"secret":{"name":"y"}},{"serviceAccountToken":{"path":"t"}}]}},{"name":"f","emptyDir":{}}],"containers":[{"name":"c","env":[{"name":"A","value":"1"},{"name":"B","valueFrom":{"configMapKeyRef":{"name":"cm","key":"k","optional":false}}},{"name":"C","valueFrom":{"secretKeyRef":{"name":"s","key":"k"}}},{"name":"D","valueFrom":{"fieldRef":{"fieldPath":"spec.nodeName"}}}],"envFrom":[{"configMapRef":{"name":"cm"}},{"secretRef":{"name":"s","optional":true}},{"prefix":"P_"}]}]}}"#,
        ], route: .fast),

        // In-place resize (KEP-1287): status.resize and containerStatuses[].name/resources, read by the scanner.
        Case(name: "container statuses with and without resources", items: [
            Page.pod(status: #"{"phase":"Running","containerStatuses":[{"name":"app","ready":true,"restartCount":0,"image":"r/app:1","imageID":"","containerID":"containerd://x","started":true,"state":{"running":{"startedAt":"2025-01-01T00:00:00Z"}},"lastState":{},"allocatedResources":{"cpu":"500m"},"resources":{"requests":{"cpu":"500m","memory":"200Mi"},"limits":{"cpu":"2"}}},{"name":"side","resources":null},{"name":"bare"}]}"#),
            Page.pod(status: #"{"containerStatuses":[{"name":"app","resources":{}},{"name":"b","resources":{"requests":null,"limits":null}},{"resources":{"requests":{}}},{}]}"#),
        ], route: .fast),
        Case(name: "resize values", items: [
            Page.pod(name: #""infeasible""#, status: #"{"phase":"Running","resize":"Infeasible","containerStatuses":[{"name":"app","resources":{"requests":{"cpu":"50m"}}}]}"#),
            Page.pod(name: #""in-progress""#, status: #"{"resize":"InProgress"}"#),
            Page.pod(name: #""empty""#, status: #"{"resize":""}"#),
            Page.pod(name: #""null""#, status: #"{"resize":null,"containerStatuses":null}"#),
            Page.pod(name: #""unknown""#, status: #"{"resize":"SomethingNew","containerStatuses":[]}"#),
        ], route: .fast),
        Case(name: "status before spec, statuses before phase", items: [
            #"{"status":{"containerStatuses":[{"resources":{"limits":{"memory":"1Gi"}},"name":"app"}],"resize":"Deferred","phase":"Running"},"metadata":{"name":"late-spec"},"spec":{"nodeName":"n","containers":[{"name":"app"}]}}"#,
        ], route: .fast),
        Case(name: "repeated container status names are all kept", items: [
            Page.pod(status: #"{"containerStatuses":[{"name":"app","resources":{"requests":{"cpu":"1"}}},{"name":"app","resources":{"requests":{"cpu":"2"}}}]}"#),
        ], route: .fast),
        Case(name: "odd status quantities become the invalid marker", items: [
            Page.pod(status: #"{"containerStatuses":[{"name":"app","resources":{"requests":{"cpu":null,"memory":true,"x":{}}}}]}"#),
        ], route: .fast),
        Case(name: "init and ephemeral container statuses are not read", items: [
            Page.pod(status: #"{"initContainerStatuses":[{"name":5}],"ephemeralContainerStatuses":"x","containerStatuses":[{"name":"app","state":"odd","image":7}]}"#),
        ], route: .fast),

        // Items JSONDecoder rejects: reported with their identity, the rest of the page kept.
        Case(name: "container statuses is an object", items: [Page.pod(name: #""ok-1""#), Page.pod(name: #""bad""#, status: #"{"containerStatuses":{"name":"app"}}"#)], route: .referenceItem),
        Case(name: "container status is null", items: [Page.pod(status: #"{"containerStatuses":[null]}"#)], route: .referenceItem),
        Case(name: "container status is a string", items: [Page.pod(status: #"{"containerStatuses":["app"]}"#)], route: .referenceItem),
        Case(name: "container status name is a number", items: [Page.pod(status: #"{"containerStatuses":[{"name":1}]}"#)], route: .referenceItem),
        Case(name: "container status resources is a string", items: [Page.pod(status: #"{"containerStatuses":[{"name":"app","resources":"big"}]}"#)], route: .referenceItem),
        Case(name: "container status requests is an array", items: [Page.pod(status: #"{"containerStatuses":[{"name":"app","resources":{"requests":["cpu"]}}]}"#)], route: .referenceItem),
        Case(name: "resize is a number", items: [Page.pod(status: #"{"resize":1}"#)], route: .referenceItem),
        Case(name: "resize is an object", items: [Page.pod(status: #"{"resize":{"state":"Infeasible"}}"#)], route: .referenceItem),
        Case(name: "containers is a string", items: [Page.pod(name: #""ok-1""#), Page.pod(name: #""bad""#, spec: #"{"containers":"app"}"#), Page.pod(name: #""ok-2""#)], route: .referenceItem),
        Case(name: "container is null", items: [Page.pod(spec: #"{"containers":[null]}"#)], route: .referenceItem),
        Case(name: "container name is a number", items: [Page.pod(container: #","restartPolicy":1"#)], route: .referenceItem),
        Case(name: "requests is an array", items: [Page.pod(container: #","resources":{"requests":["cpu"]}"#)], route: .referenceItem),
        Case(name: "resources is a string", items: [Page.pod(container: #","resources":"big""#)], route: .referenceItem),
        Case(name: "overhead is a number", items: [Page.pod(spec: #"{"overhead":5}"#)], route: .referenceItem),
        Case(name: "phase is a number", items: [Page.pod(status: #"{"phase":3}"#)], route: .referenceItem),
        Case(name: "status is an array", items: [Page.pod(status: "[]")], route: .referenceItem),
        Case(name: "node name is a boolean", items: [Page.pod(spec: #"{"nodeName":true}"#)], route: .referenceItem),
        Case(name: "metadata is a string", items: [#"{"metadata":"web","spec":{}}"#], route: .referenceItem),
        Case(name: "name is a number", items: [Page.pod(name: "42")], route: .referenceItem),
        Case(name: "items that are not objects", items: [#""web""#, "12", "null", "[]", "true", Page.pod()], route: .referenceItem),

        // Malformed fields the capacity scan does not read: not decoded at all, so the pod is kept by both decoders
        // (the graph's complete `Pod` would reject it).
        Case(name: "label value is a number", items: [Page.pod(metadata: #","labels":{"tier":1}"#)], route: .fast),
        Case(name: "label value is null", items: [Page.pod(metadata: #","labels":{"tier":null}"#)], route: .fast),
        Case(name: "labels is an array", items: [Page.pod(metadata: #","labels":["a"]"#)], route: .fast),
        Case(name: "owner controller is a string", items: [Page.pod(metadata: #","ownerReferences":[{"kind":"ReplicaSet","controller":"true"}]"#)], route: .fast),
        Case(name: "owner reference is null", items: [Page.pod(metadata: #","ownerReferences":[null]"#)], route: .fast),
        Case(name: "creation timestamp is a number", items: [Page.pod(metadata: #","creationTimestamp":1700000000"#)], route: .fast),
        Case(name: "env is an object", items: [Page.pod(container: #","env":{"A":"1"}"#)], route: .fast),
        Case(name: "env var is null", items: [Page.pod(container: #","env":[null]"#)], route: .fast),
        Case(name: "env key selector optional is a string", items: [Page.pod(container: #","env":[{"name":"A","valueFrom":{"configMapKeyRef":{"name":"c","optional":"yes"}}}]"#)], route: .fast),
        Case(name: "envFrom secretRef is a string", items: [Page.pod(container: #","envFrom":[{"secretRef":"s"}]"#)], route: .fast),
        Case(name: "volume claim name is a number", items: [Page.pod(spec: #"{"volumes":[{"name":"v","persistentVolumeClaim":{"claimName":5}}]}"#)], route: .fast),
        Case(name: "volume template access mode is a number", items: [Page.pod(spec: #"{"volumes":[{"name":"v","ephemeral":{"volumeClaimTemplate":{"spec":{"accessModes":[1]}}}}]}"#)], route: .fast),
        Case(name: "volume template requests is a string", items: [Page.pod(spec: #"{"volumes":[{"name":"v","ephemeral":{"volumeClaimTemplate":{"spec":{"resources":{"requests":"5Gi"}}}}}]}"#)], route: .fast),
        Case(name: "projected source is null", items: [Page.pod(spec: #"{"volumes":[{"name":"v","projected":{"sources":[null]}}]}"#)], route: .fast),
        Case(name: "service account name is an object", items: [Page.pod(spec: #"{"serviceAccountName":{}}"#)], route: .fast),
        Case(name: "container status limits is an array", items: [Page.pod(status: #"{"containerStatuses":[{"name":"app","resources":{"requests":{"cpu":"1"},"limits":["cpu"]}}]}"#)], route: .fast),
        Case(name: "repeated keys the scan does not read", items: [Page.pod(metadata: #","labels":{"a":"1"},"labels":{"b":"2"},"uid":"u","uid":"v""#)], route: .fast),

        // Items the scanner leaves to JSONDecoder although they are valid.
        Case(name: "quantities written as numbers", items: [
            Page.pod(container: #","resources":{"requests":{"cpu":1,"memory":1.5,"a":1e3,"b":-0,"c":0.1,"d":9223372036854775808,"e":1e400,"f":5.0}}"#),
            Page.pod(spec: #"{"overhead":{"cpu":0.25}}"#),
        ], route: .referenceItem),
        Case(name: "escaped key", items: [#"{"metadata":{"n\u0061me":"escaped-key"}}"#], route: .referenceItem),
        Case(name: "repeated key keeps the first", items: [#"{"metadata":{"name":"first","name":"second"}}"#], route: .referenceItem),
        Case(name: "repeated resource name", items: [Page.pod(container: #","resources":{"requests":{"cpu":"1","cpu":"2"}}"#)], route: .referenceItem),
        Case(name: "status quantity written as a number", items: [Page.pod(status: #"{"containerStatuses":[{"name":"app","resources":{"requests":{"cpu":1}}}]}"#)], route: .referenceItem),
        Case(name: "repeated status resource name", items: [Page.pod(status: #"{"containerStatuses":[{"name":"app","resources":{"requests":{"cpu":"1","cpu":"2"}}}]}"#)], route: .referenceItem),
        Case(name: "repeated container status key", items: [Page.pod(status: #"{"containerStatuses":[{"name":"a","name":"b"}]}"#)], route: .referenceItem),
        Case(name: "repeated resize", items: [Page.pod(status: #"{"resize":"Infeasible","resize":"InProgress"}"#)], route: .referenceItem),
        Case(name: "escaped container status key", items: [Page.pod(status: #"{"containerStatuses":[{"n\u0061me":"app"}]}"#)], route: .referenceItem),
        Case(name: "repeated spec", items: [#"{"spec":{"nodeName":"a"},"spec":{"nodeName":"b"}}"#], route: .referenceItem),

        // Pages the scanner leaves to JSONDecoder.
        Case(name: "remaining item count with a fraction zero", items: [Page.pod()], metadata: #"{"remainingItemCount":5.0}"#, route: .referencePage),
        Case(name: "escaped top-level metadata key", items: [Page.pod()], metadata: #"{"c\u006fntinue":"x"}"#, route: .referencePage),
        Case(name: "remaining item count", items: [Page.pod()], metadata: #"{"continue":"","resourceVersion":"1","remainingItemCount":1500}"#, route: .fast),
        Case(name: "list metadata null", items: [Page.pod()], metadata: "null", route: .fast),
        Case(name: "list metadata empty", items: [], metadata: "{}", route: .fast),
    ]

    @Test(arguments: cases)
    func decodesLikeJSONDecoder(_ testCase: Case) throws {
        let page = try Differential.expectSame(Page.podList(testCase.items, metadata: testCase.metadata))
        switch testCase.route {
        case .fast:
            #expect(page.referenceItemCount == 0 && !page.decodedByReference)
        case .referenceItem:
            #expect(page.referenceItemCount > 0 && !page.decodedByReference)
        case .referencePage:
            #expect(page.decodedByReference)
        }
    }

    @Test func malformedItemIsReportedWithItsNameAndTheRestKept() throws {
        let data = Page.podList([Page.pod(name: #""ok-1""#), Page.pod(name: #""bad""#, spec: #"{"containers":"app"}"#),
                                 Page.pod(name: #""ok-2""#)])
        let list = try FastPodListDecoder().decodePodPage(data)
        #expect(list.items.map(\.name) == ["ok-1", "ok-2"])
        #expect(list.rejected.count == 1)
        #expect(list.rejected.first?.objectName == "shop/bad")
        #expect(list.rejected.first?.index == 1)
        #expect(list.rejected.first?.reason.hasPrefix("items[1].spec.containers: ") == true)
    }

    @Test func quantitiesWrittenAsNumbersAreRenderedLikeTheModel() throws {
        let data = Page.podList([Page.pod(container: #","resources":{"requests":{"cpu":1,"memory":1.5}}"#)])
        let requests = try FastPodListDecoder().decodePodPage(data).items[0].containers[0].resources.requests
        #expect(requests["cpu"] == "1")
        #expect(requests["memory"] == "1.5")
    }

    @Test func oddQuantitiesBecomeTheInvalidMarker() throws {
        let data = Page.podList([Page.pod(container: #","resources":{"requests":{"cpu":null,"memory":{}}}"#)])
        let requests = try FastPodListDecoder().decodePodPage(data).items[0].containers[0].resources.requests
        #expect(requests["cpu"] == ResourceList.invalidValueMarker)
        #expect(requests["memory"] == ResourceList.invalidValueMarker)
    }

    @Test func malformedFieldsOutsideTheScanKeepThePod() throws {
        // A label value that is a number, a volume claim name that is an object, an env list that is a string:
        // JSONDecoder rejects such a pod as a complete `Pod`, but the scan reads none of these fields.
        let item = #"{"metadata":{"name":"odd","namespace":"shop","labels":{"tier":1}},"spec":{"nodeName":"n","volumes":[{"name":"a","persistentVolumeClaim":{"claimName":{}}}],"containers":[{"name":"c","env":"A=1","resources":{"requests":{"cpu":"250m"}}}]},"status":{"phase":"Running"}}"#
        let data = Page.podList([item])
        #expect(try JSONDecoder().decode(KubeList<Pod>.self, from: data).rejected.count == 1)
        let page = try Differential.expectSame(data)
        #expect(page.referenceItemCount == 0)
        let pod = try #require(page.list.items.first)
        #expect(pod.name == "odd" && pod.nodeName == "n")
        #expect(pod.containers.map(\.resources.requests) == [["cpu": "250m"]])
    }

    @Test func itemsFieldIsReported() throws {
        let decoder = FastPodListDecoder()
        let shapes: [(String, FastPodPage.ItemsField)] = [
            (#"{"kind":"PodList","items":[]}"#, .array), (#"{"kind":"PodList","items":null}"#, .null),
            (#"{"kind":"Status","code":500}"#, .absent), (#"{"items":"nope"}"#, .other),
        ]
        for (json, expected) in shapes {
            let page = try decoder.decodePage(Data(json.utf8))
            #expect(page.itemsField == expected, "\(json)")
            try Differential.expectSame(Data(json.utf8))
        }
    }

    static let malformedPages = [
        #"{"kind":"PodList","items":[{"metadata":{"name":"a"}},{"metadata":{"na"#,
        #"{"kind":"PodList","items":[{"metadata":{"name":"a"}}]"#,
        #"{"kind":"PodList","items":[{"metadata":{"name":"a"}}]}}"#,
        #"{"kind":"PodList","items":[{"metadata":{"name":"a"}}]} x"#,
        #"{"kind":"PodList","items":[{"metadata":{"name":"a"}}]}{}"#,
        #"{"kind":"PodList","items":[{"metadata":{"name":"a",}}]}"#,
        #"{"kind":"PodList","items":[{"metadata":{"name":"a" "b"}}]}"#,
        #"{"kind":"PodList","items":[{"metadata":{"name":"\x"}}]}"#,
        #"{"kind":"PodList","items":[{"spec":{"nodeName":nul}}]}"#,
        #"[{"metadata":{"name":"a"}}]"#,
        #""PodList""#,
        "",
        "   ",
        #"{"kind":"PodList","metadata":"m","items":[]}"#,
        #"{"kind":"PodList","metadata":{"continue":5},"items":[]}"#,
        #"{"kind":"PodList","metadata":{"remainingItemCount":1.5},"items":[]}"#,
    ]

    @Test(arguments: malformedPages)
    func malformedPagesFailLikeJSONDecoder(json: String) {
        Differential.expectSameOutcome(Data(json.utf8))
        Differential.expectSameOutcome(Data(json.utf8), validatesSkippedSyntax: true)
    }

    @Test func brokenJSONIsExplainedByBothParsers() throws {
        let data = Data(#"{"kind":"PodList","items":[{"metadata":{"name":"a" "b"}}]}"#.utf8)
        let jsonDecoderError = #expect(throws: (any Error).self) { try JSONDecoder().decode(KubeList<CapacityPod>.self, from: data) }
        let error = #expect(throws: FastDecodeError.self) { try FastPodListDecoder().decodePodPage(data) }
        guard case .malformedJSON(let reason, let scanner)? = error, let jsonDecoderError else {
            Issue.record("expected malformedJSON, got \(String(describing: error))")
            return
        }
        #expect(reason == DecodingFailure.describe(jsonDecoderError))
        #expect(!scanner.isEmpty)
        #expect(error?.description == "\(reason) (simdjson: \(scanner))")
    }

    @Test func truncatedGeneratedPageThrows() throws {
        let data = Page.podList((1...20).map { Page.pod(name: "\"p-\($0)\"") })
        for length in stride(from: 1, to: data.count, by: 97) {
            Differential.expectBothThrow(data.prefix(length))
        }
    }

    /// On-Demand only checks the structure of what it skips; the full check catches the rest.
    static let syntaxErrorsInSkippedFields = [
        #"{"kind":"PodList","items":[{"metadata":{"name":"a","annotations":{"x":tru}}}]}"#,
        #"{"kind":"PodList","items":[{"metadata":{"name":"a","annotations":{"x":"\q"}}}]}"#,
        #"{"kind":"PodList","items":[{"spec":{"containers":[{"name":"c","ports":[{"containerPort":80.}]}]}}]}"#,
        #"{"kind":"PodList","items":[{"spec":{"tolerations":[{"a" "b"}]}}]}"#,
    ]

    @Test(arguments: syntaxErrorsInSkippedFields)
    func fullValidationDecidesSyntaxErrorsInSkippedFieldsLikeJSONDecoder(json: String) {
        Differential.expectSameOutcome(Data(json.utf8), validatesSkippedSyntax: true)
    }

    @Test func syntaxJSONDecoderToleratesStillDecodesUnderFullValidation() throws {
        // simdjson refuses leading zeros where JSONDecoder accepts them; the page then goes to JSONDecoder.
        let data = Page.podList([Page.pod(metadata: #","annotations":{"x":"y"},"generation":01"#)])
        let page = try Differential.expectSame(data, validatesSkippedSyntax: true)
        #expect(page.decodedByReference)
    }
}
