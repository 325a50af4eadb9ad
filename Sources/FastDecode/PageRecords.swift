import CPodScan
import KubeModel

/// The scanner's flat records of one page, read for Swift values: ranges of the page's arrays, resource lists
/// and labels, with the interned names already converted. Only valid while the page is (until the scanner's
/// next scan).
///
/// Every range is checked against its array in debug builds: a range beyond it would be a scanner bug reading
/// unrelated memory, which the differential tests are there to catch.
struct PageRecords {
    let page: cps_page
    let symbols: SymbolCache

    func containers(_ range: cps_range) -> Slice<UnsafeBufferPointer<cps_container>> {
        Self.slice(page.containers, count: page.container_count, range)
    }

    func containerStatuses(_ range: cps_range) -> Slice<UnsafeBufferPointer<cps_container_status>> {
        Self.slice(page.container_statuses, count: page.container_status_count, range)
    }

    func resourceList(_ range: cps_range) -> ResourceList {
        ResourceList(entries(range).map { ResourceList.Entry(name: symbols[$0.name] ?? "", value: symbols[$0.value] ?? "") })
    }

    func requirements(requests: cps_range, limits: cps_range) -> ResourceRequirements {
        ResourceRequirements(requests: resourceList(requests), limits: resourceList(limits))
    }

    func labels(_ range: cps_range) -> [String: String] {
        var labels: [String: String] = [:]
        labels.reserveCapacity(Int(range.count))
        for entry in entries(range) { labels[symbols[entry.name] ?? ""] = symbols[entry.value] ?? "" }
        return labels
    }

    private func entries(_ range: cps_range) -> Slice<UnsafeBufferPointer<cps_entry>> {
        Self.slice(page.entries, count: page.entry_count, range)
    }

    private static func slice<Record>(_ records: UnsafePointer<Record>?, count: Int,
                                      _ range: cps_range) -> Slice<UnsafeBufferPointer<Record>> {
        let start = Int(range.start), end = Int(range.start) + Int(range.count)
        assert(start <= end && end <= count, "CPodScan: records \(start)..<\(end) of an array of \(count)")
        return UnsafeBufferPointer(start: records, count: count)[start..<end]
    }
}
