import FastDecode
import Foundation
import KubeModel
import Testing
import TestSupport

/// Clusters from the test API server's generator (realistic 6–12 KB pods with managedFields, sidecars, mixed
/// quantity notations, Succeeded/Failed/unscheduled pods), read as a kubectl `List` and cut into `PodList`
/// pages as the API server sends them.
@Suite(.serialized) struct GeneratedClusterTests {
    static let seeds = [1, 2, 3]

    @Test(arguments: seeds)
    func wholeClusterAsAMixedList(seed: Int) throws {
        let data = try Self.cluster(seed: seed)
        let page = try Differential.expectSame(data, as: .mixedList)
        #expect(page.list.items.count == 600)
        #expect(page.referenceItemCount == 0, "the generator writes only what the scanner reads itself")
    }

    @Test(arguments: seeds)
    func podListPages(seed: Int) throws {
        let pods = try Self.podLines(try Self.cluster(seed: seed))
        let decoder = FastPodListDecoder()
        var pageNumber = 0
        for start in stride(from: 0, to: pods.count, by: 120) {
            let slice = pods[start..<min(start + 120, pods.count)]
            // Typed lists carry no kind on their items; keep it on every other page to cover both.
            let items = pageNumber % 2 == 0 ? slice.map { $0.replacingOccurrences(of: #""apiVersion":"v1","kind":"Pod","#, with: "") } : Array(slice)
            let more = start + 120 < pods.count
            let data = Page.podList(items, metadata: more ? #"{"continue":"eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6\#(start)}","resourceVersion":"9001","remainingItemCount":\#(pods.count - start - 120)}"# : #"{"resourceVersion":"9001"}"#)
            let fast = try decoder.decodePodPage(data)
            Differential.expectSame(fast, try JSONDecoder().decode(KubeList<CapacityPod>.self, from: data))
            #expect(fast.items.count == slice.count)
            #expect((fast.metadata.continueToken != nil) == more)
            pageNumber += 1
        }
    }

    @Test func oneDecoderOverManyPagesMatchesFreshDecoders() throws {
        let pods = try Self.podLines(try Self.cluster(seed: 1))
        let shared = FastPodListDecoder()
        for start in stride(from: 0, to: pods.count, by: 200) {
            let data = Page.podList(Array(pods[start..<min(start + 200, pods.count)]))
            let reused = try shared.decodePodPage(data)
            let fresh = try FastPodListDecoder().decodePodPage(data)
            Differential.expectSame(reused, fresh)
        }
    }

    /// 20 nodes × 30 pods, generated once per seed.
    static func cluster(seed: Int) throws -> Data {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fastdecode-tests-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("cluster-\(seed).json")
        if let data = try? Data(contentsOf: file) { return data }
        try GeneratedCluster.write(nodes: 20, podsPerNode: 30, seed: seed, to: file)
        return try Data(contentsOf: file)
    }

    /// The generator writes one compact item per line.
    static func podLines(_ cluster: Data) throws -> [String] {
        String(decoding: cluster, as: UTF8.self).split(separator: "\n")
            .filter { $0.contains(#""kind":"Pod""#) }
            .map { String($0.hasSuffix(",") ? $0.dropLast() : $0) }
    }
}
