import CPodScan
import KubeModel

/// Resource lists from the scanner's entry records.
struct ResourceListRecords {
    let page: cps_page
    let symbols: SymbolCache

    func list(start: UInt32, count: UInt32) -> ResourceList {
        guard count > 0, let records = page.entries else { return ResourceList() }
        var entries: [ResourceList.Entry] = []
        entries.reserveCapacity(Int(count))
        for index in Int(start)..<Int(start + count) {
            let record = records[index]
            entries.append(ResourceList.Entry(name: symbols[record.name] ?? "", value: symbols[record.value] ?? ""))
        }
        return ResourceList(entries)
    }
}
