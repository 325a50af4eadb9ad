import CPodScan
import FastDecode
import Foundation
import KubeModel

/// Measures page decoding throughput: Foundation's JSONDecoder (into the complete `Pod` the graph reads, and into
/// the capacity scan's `CapacityPod`) against the fast decoders, on the pods and nodes of
/// a cluster written by `Tests/Servers/testapi/gencluster.py` (one item per line), cut into `PodList` pages as
/// the API server would send them.
///
///     swift build -c release --scratch-path .build-fast --product fastdecode-bench
///     python3 Tests/Servers/testapi/gencluster.py --nodes 200 --pods-per-node 30 --out /tmp/c.json
///     .build-fast/release/fastdecode-bench /tmp/c.json [--page-size 500] [--rounds 3]
struct Bench {
    var file = ""
    var pageSize = 500
    var rounds = 3

    init(arguments: [String]) {
        var rest = arguments.dropFirst()
        while let argument = rest.popFirst() {
            switch argument {
            case "--page-size": pageSize = Int(rest.popFirst() ?? "") ?? pageSize
            case "--rounds": rounds = Int(rest.popFirst() ?? "") ?? rounds
            default: file = argument
            }
        }
        guard !file.isEmpty else {
            FileHandle.standardError.write(Data("usage: fastdecode-bench CLUSTER.json [--page-size N] [--rounds N]\n".utf8))
            exit(64)
        }
    }

    /// The file's items of one kind (compact, one per line), regrouped into `<kind>List` pages.
    func pages(of kind: String) throws -> [Data] {
        let text = try String(contentsOfFile: file, encoding: .utf8)
        var items: [Substring] = []
        for line in text.split(separator: "\n") where line.contains("\"kind\":\"\(kind)\"") {
            items.append(line.hasSuffix(",") ? line.dropLast() : line)
        }
        var pages: [Data] = []
        var start = 0
        while start < items.count {
            let end = min(start + pageSize, items.count)
            let token = end < items.count ? "\"continue\":\"page-\(end)\"," : ""
            let page = "{\"apiVersion\":\"v1\",\"kind\":\"\(kind)List\",\"metadata\":{\(token)\"resourceVersion\":\"4242\"},\"items\":["
                + items[start..<end].joined(separator: ",") + "]}"
            pages.append(Data(page.utf8))
            start = end
        }
        return pages
    }

    func run() throws {
        let pages = try pages(of: "Pod")
        let bytes = pages.reduce(0) { $0 + $1.count }
        print("pages: \(pages.count) of up to \(pageSize) pods, \(String(format: "%.1f", Double(bytes) / 1e6)) MB")
        let buffers = pages.map { PaddedBuffer(copying: $0) }
        let census = FastPodListDecoder()
        let decoded = try buffers.map { try census.decodePage($0) }
        print("pods: \(decoded.reduce(0) { $0 + $1.list.items.count }), rejected: \(decoded.reduce(0) { $0 + $1.list.rejected.count }), "
            + "by JSONDecoder: \(decoded.reduce(0) { $0 + $1.referenceItemCount }) items, "
            + "\(decoded.filter(\.decodedByReference).count) whole pages")

        measure("JSONDecoder KubeList<Pod>", bytes) {
            pages.reduce(0) { $0 + ((try? JSONDecoder().decode(KubeList<Pod>.self, from: $1))?.items.count ?? -1_000_000) }
        }
        measure("JSONDecoder KubeList<CapacityPod>", bytes) {
            pages.reduce(0) { $0 + ((try? JSONDecoder().decode(KubeList<CapacityPod>.self, from: $1))?.items.count ?? -1_000_000) }
        }
        let fast = FastPodListDecoder()
        measure("FastPodListDecoder (Data, one copy)", bytes) {
            pages.reduce(0) { $0 + ((try? fast.decodePodPage($1))?.items.count ?? -1_000_000) }
        }
        measure("FastPodListDecoder (PaddedBuffer)", bytes) {
            buffers.reduce(0) { $0 + ((try? fast.decodePodPage($1))?.items.count ?? -1_000_000) }
        }
        let strict = FastPodListDecoder(validatesSkippedSyntax: true)
        measure("FastPodListDecoder (PaddedBuffer, validatesSkippedSyntax)", bytes) {
            buffers.reduce(0) { $0 + ((try? strict.decodePodPage($1))?.items.count ?? -1_000_000) }
        }
        measureScanOnly(buffers, bytes)
        try runNodes()
    }

    func runNodes() throws {
        let pages = try pages(of: "Node")
        let bytes = pages.reduce(0) { $0 + $1.count }
        print("node pages: \(pages.count), \(String(format: "%.1f", Double(bytes) / 1e6)) MB")
        measure("JSONDecoder KubeList<CapacityNode>", bytes) {
            pages.reduce(0) { $0 + ((try? JSONDecoder().decode(KubeList<CapacityNode>.self, from: $1))?.items.count ?? -1_000_000) }
        }
        let fast = FastNodeListDecoder()
        measure("FastNodeListDecoder (Data, one copy)", bytes) {
            pages.reduce(0) { $0 + ((try? fast.decodeNodePage($1))?.items.count ?? -1_000_000) }
        }
    }

    /// The C++ scan alone, without building Swift values: how the time splits between simdjson and Swift.
    func measureScanOnly(_ buffers: [PaddedBuffer], _ bytes: Int) {
        guard let scanner = cps_scanner_create() else { return }
        defer { cps_scanner_destroy(scanner) }
        measure("CPodScan scan only (no Swift values)", bytes) {
            var pods = 0
            for buffer in buffers {
                buffer.withUnsafeBytes { raw in
                    var page = cps_page()
                    cps_scan_pod_page(scanner, raw.baseAddress!.assumingMemoryBound(to: CChar.self), raw.count,
                                      raw.count + PaddedBuffer.padding, 0, &page)
                    pods += page.pod_count
                }
            }
            return pods
        }
    }

    func measure(_ name: String, _ bytes: Int, _ body: () -> Int) {
        var best = Double.infinity
        var pods = 0
        for _ in 0..<rounds {
            let clock = ContinuousClock()
            let start = clock.now
            pods = body()
            let elapsed = start.duration(to: clock.now)
            best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        let rate = Double(bytes) / best / 1e6
        let label = name.padding(toLength: 58, withPad: " ", startingAt: 0)
        print(label + String(format: " %8.1f MB/s  %6.3f s  %d items  (1.3 GB: %.1f s)", rate, best, pods, 1300 / rate))
    }
}

do {
    try Bench(arguments: CommandLine.arguments).run()
} catch {
    FileHandle.standardError.write(Data("fastdecode-bench: \(error)\n".utf8))
    exit(1)
}
