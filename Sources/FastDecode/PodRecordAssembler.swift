import CPodScan
import KubeModel

/// Builds model values from the scanner's flat records of one page. Only valid while the page's records are
/// (until the scanner's next scan).
struct PodRecordAssembler {
    let page: cps_page
    let symbols: SymbolCache

    func pod(_ record: cps_item) -> Pod {
        let metadata = ObjectMeta(name: TextBytes.string(record.name) ?? "", namespace: symbols[record.namespace_],
                                  uid: TextBytes.string(record.uid))
        let spec = PodSpec(
            nodeName: symbols[record.node_name],
            containers: containers(start: record.containers_start, count: record.containers_count),
            initContainers: containers(start: record.init_containers_start, count: record.init_containers_count),
            overhead: record.flags & UInt32(CPS_ITEM_HAS_OVERHEAD) == 0
                ? nil : resourceList(start: record.overhead_start, count: record.overhead_count),
            resources: record.flags & UInt32(CPS_ITEM_HAS_POD_RESOURCES) == 0
                ? nil : ResourceRequirements(requests: resourceList(start: record.requests_start, count: record.requests_count),
                                             limits: resourceList(start: record.limits_start, count: record.limits_count)))
        return Pod(metadata: metadata, spec: spec, status: PodStatus(phase: symbols[record.phase]))
    }

    private func containers(start: UInt32, count: UInt32) -> [Container] {
        guard count > 0, let records = page.containers else { return [] }
        var containers: [Container] = []
        containers.reserveCapacity(Int(count))
        for index in Int(start)..<Int(start + count) {
            let record = records[index]
            containers.append(Container(
                name: symbols[record.name] ?? "",
                resources: ResourceRequirements(requests: resourceList(start: record.requests_start, count: record.requests_count),
                                                limits: resourceList(start: record.limits_start, count: record.limits_count)),
                restartPolicy: symbols[record.restart_policy]))
        }
        return containers
    }

    private func resourceList(start: UInt32, count: UInt32) -> ResourceList {
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
