import FastDecode
import Foundation
import KubeModel
import Testing

/// Seeded random mutations of realistic pods: the fast decoder must keep agreeing with JSONDecoder on which
/// items it rejects (wrong types anywhere in the tree) and on which pages it refuses (broken bytes).
@Suite struct MutationTests {
    /// `FASTDECODE_MUTATION_ROUNDS=50000 swift test --filter MutationTests` for a longer hunt.
    static let rounds = ProcessInfo.processInfo.environment["FASTDECODE_MUTATION_ROUNDS"].flatMap(Int.init) ?? 1500
    static let seed = ProcessInfo.processInfo.environment["FASTDECODE_MUTATION_SEED"].flatMap(UInt64.init) ?? 0

    /// A pod touching every field the model decodes, plus bulk the scanner skips. Without a kind: a
    /// mutated kind would make it another kind's item, which the fast decoder leaves out by design.
    static let richPod = #"{"apiVersion":"v1","metadata":{"name":"web-7d9","namespace":"shop","uid":"u-1","labels":{"app":"web"},"annotations":{"a":"b"},"ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web","uid":"r","controller":true}],"creationTimestamp":"2025-01-01T00:00:00Z","managedFields":[{"manager":"m","fieldsV1":{"f:spec":{}}}]},"spec":{"nodeName":"node-a","serviceAccountName":"sa","overhead":{"cpu":"100m"},"resources":{"requests":{"cpu":"1"},"limits":{"memory":"1Gi"}},"volumes":[{"name":"a","persistentVolumeClaim":{"claimName":"data","readOnly":true}},{"name":"b","ephemeral":{"volumeClaimTemplate":{"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}},"storageClassName":"fast","volumeName":"pv","volumeMode":"Filesystem"}}}},{"name":"c","configMap":{"name":"cm","optional":false}},{"name":"d","secret":{"secretName":"s","optional":true}},{"name":"e","projected":{"sources":[{"configMap":{"name":"x","optional":true}},{"secret":{"name":"y"}}]}}],"initContainers":[{"name":"init","resources":{"requests":{"cpu":"2"}}},{"name":"proxy","restartPolicy":"Always","resources":{"requests":{"cpu":"100m"},"limits":{"cpu":"200m"}}}],"containers":[{"name":"app","image":"nginx","env":[{"name":"A","value":"1"},{"name":"B","valueFrom":{"configMapKeyRef":{"name":"cm","key":"k","optional":false}}},{"name":"C","valueFrom":{"secretKeyRef":{"name":"s","key":"k"}}}],"envFrom":[{"configMapRef":{"name":"cm","optional":true}},{"secretRef":{"name":"s"}}],"resources":{"requests":{"cpu":"250m","memory":"64Mi"},"limits":{"cpu":"1","memory":"128Mi"}},"ports":[{"containerPort":80}]}]},"status":{"phase":"Running","resize":"InProgress","containerStatuses":[{"name":"app","ready":true,"image":"nginx","state":{"running":{}},"resources":{"requests":{"cpu":"500m","memory":"64Mi"},"limits":{"cpu":"1"}}},{"name":"other","resources":null}],"podIP":"10.0.0.1"}}"#

    @Test func wrongTypesAnywhereAreRejectedLikeJSONDecoder() throws {
        let tree = try JSONSerialization.jsonObject(with: Data(Self.richPod.utf8))
        let paths = JSONPath.all(in: tree)
        var random = SplitMix64(seed: 2024 &+ Self.seed)
        let decoder = FastPodListDecoder()
        var rejectedCount = 0
        for round in 0..<Self.rounds {
            let path = paths[Int(random.next() % UInt64(paths.count))]
            let replacement = Self.randomValue(&random)
            let mutated = JSONPath.replacing(path, in: tree, with: replacement)
            let item = String(decoding: try JSONSerialization.data(withJSONObject: mutated, options: [.fragmentsAllowed]), as: UTF8.self)
            let data = Page.podList([Page.pod(name: "\"before-\(round)\""), item, Page.pod(name: "\"after-\(round)\"")])
            let expected = try JSONDecoder().decode(KubeList<CapacityPod>.self, from: data)
            let fast = try decoder.decodePodPage(data)
            Differential.expectSame(fast, expected)
            rejectedCount += expected.rejected.count
            if fast.rejected != expected.rejected || fast.items.count != expected.items.count {
                Issue.record("mutation at \(path) → \(replacement): \(item)")
                break
            }
        }
        // Many random replacements hit a type the narrow model checks (most of the pod is never decoded); make sure
        // the test really exercises rejection.
        #expect(rejectedCount > Self.rounds / 10)
    }

    static let richNode = #"{"metadata":{"name":"node-a","uid":"n-1","labels":{"zone":"a","role":""},"ownerReferences":[{"kind":"X","name":"x","uid":"u","controller":false}],"creationTimestamp":"2025-01-01T00:00:00Z","annotations":{"x":"y"}},"spec":{"unschedulable":false,"podCIDR":"10.0.0.0/24"},"status":{"capacity":{"cpu":"8","memory":"32Gi","pods":"110"},"allocatable":{"cpu":"7910m","memory":"31Gi"},"conditions":[{"type":"Ready","status":"True","reason":"r"},{"type":"DiskPressure","status":"False"}],"images":[{"names":["a"]}]}}"#

    @Test func wrongTypesAnywhereInANodeAreRejectedLikeJSONDecoder() throws {
        let tree = try JSONSerialization.jsonObject(with: Data(Self.richNode.utf8))
        let paths = JSONPath.all(in: tree)
        var random = SplitMix64(seed: 99 &+ Self.seed)
        let decoder = FastNodeListDecoder()
        var rejectedCount = 0
        for _ in 0..<Self.rounds {
            let path = paths[Int(random.next() % UInt64(paths.count))]
            let replacement = Self.randomValue(&random)
            let mutated = JSONPath.replacing(path, in: tree, with: replacement)
            let item = String(decoding: try JSONSerialization.data(withJSONObject: mutated, options: [.fragmentsAllowed]), as: UTF8.self)
            let data = NodePageTests.nodeList([NodePageTests.node, item])
            let expected = try JSONDecoder().decode(KubeList<CapacityNode>.self, from: data)
            let fast = try decoder.decodeNodePage(data)
            #expect(fast.items.map(Canonical.node) == expected.items.map(Canonical.node))
            #expect(fast.rejected == expected.rejected)
            rejectedCount += expected.rejected.count
            if fast.rejected != expected.rejected || fast.items.count != expected.items.count {
                Issue.record("mutation at \(path) → \(replacement): \(item)")
                break
            }
        }
        #expect(rejectedCount > Self.rounds / 5)
    }

    @Test func brokenBytesAreDecidedLikeJSONDecoderUnderFullValidation() {
        var random = SplitMix64(seed: 7 &+ Self.seed)
        let page = Page.podList([Self.richPod, Page.pod()])
        let alphabet = Array(#"{}[],:"\ 0-.eatrufnl1"#.utf8)
        for _ in 0..<Self.rounds {
            var bytes = [UInt8](page)
            for _ in 0..<(1 + random.next() % 2) {
                let position = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 3 {
                case 0: bytes.remove(at: position)
                case 1: bytes.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: position)
                default: bytes[position] = alphabet[Int(random.next() % UInt64(alphabet.count))]
                }
            }
            Differential.expectSameOutcome(Data(bytes), validatesSkippedSyntax: true)
        }
    }

    @Test func withoutFullValidationBrokenBytesNeverFailAPageJSONDecoderAccepts() throws {
        var random = SplitMix64(seed: 11 &+ Self.seed)
        let page = Page.podList([Self.richPod, Page.pod()])
        let alphabet = Array(#"{}[],:"\ 0-.eatrufnl1"#.utf8)
        var acceptedOnlyByFast = 0
        for _ in 0..<Self.rounds {
            var bytes = [UInt8](page)
            let position = Int(random.next() % UInt64(bytes.count))
            bytes[position] = alphabet[Int(random.next() % UInt64(alphabet.count))]
            let data = Data(bytes)
            let fast = try? FastPodListDecoder().decodePodPage(data)
            switch Result(catching: { try JSONDecoder().decode(KubeList<CapacityPod>.self, from: data) }) {
            case .success(let expected):
                guard let fast else {
                    Issue.record("JSONDecoder decoded, the fast decoder threw: \(String(decoding: data, as: UTF8.self))")
                    continue
                }
                Differential.expectSame(fast, expected)
            case .failure:
                // The documented difference: a syntax error inside a skipped field is only noticed with
                // `validatesSkippedSyntax`.
                if fast != nil { acceptedOnlyByFast += 1 }
            }
        }
        print("byte mutations accepted only without full validation: \(acceptedOnlyByFast) of \(Self.rounds)")
    }

    static func randomValue(_ random: inout SplitMix64) -> Any {
        switch random.next() % 9 {
        case 0: return "text"
        case 1: return 42
        case 2: return 1.5
        case 3: return true
        case 4: return NSNull()
        case 5: return [String: Any]()
        case 6: return [Any]()
        case 7: return ["name": 5]
        default: return [NSNull()]
        }
    }
}

/// Paths into a JSONSerialization tree, and copies of the tree with one node replaced.
enum JSONPath {
    enum Step: CustomStringConvertible {
        case key(String)
        case index(Int)
        var description: String {
            switch self {
            case .key(let key): ".\(key)"
            case .index(let index): "[\(index)]"
            }
        }
    }

    static func all(in tree: Any, prefix: [Step] = []) -> [[Step]] {
        var paths = [prefix]
        if let object = tree as? [String: Any] {
            for (key, value) in object { paths += all(in: value, prefix: prefix + [.key(key)]) }
        } else if let array = tree as? [Any] {
            for (index, value) in array.enumerated() { paths += all(in: value, prefix: prefix + [.index(index)]) }
        }
        return paths
    }

    static func replacing(_ path: [Step], in tree: Any, with value: Any) -> Any {
        guard let step = path.first else { return value }
        let rest = Array(path.dropFirst())
        switch step {
        case .key(let key):
            var object = tree as! [String: Any]
            object[key] = replacing(rest, in: object[key]!, with: value)
            return object
        case .index(let index):
            var array = tree as! [Any]
            array[index] = replacing(rest, in: array[index], with: value)
            return array
        }
    }
}

/// A small deterministic generator, so a failing mutation can be replayed.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
