import CPodScan
import KubeModel

/// Builds pods from the scanner's flat records of one page. Only valid while the page's records are (until
/// the scanner's next scan).
struct PodRecordAssembler {
    let page: cps_page
    let symbols: SymbolCache

    func pod(_ record: cps_pod) -> Pod {
        let lists = ResourceListRecords(page: page, symbols: symbols)
        let metadata = ObjectMeta(name: TextBytes.string(record.name) ?? "", namespace: symbols[record.namespace_],
                                  uid: TextBytes.string(record.uid))
        let spec = PodSpec(
            nodeName: symbols[record.node_name],
            containers: containers(start: record.containers_start, count: record.containers_count),
            initContainers: containers(start: record.init_containers_start, count: record.init_containers_count),
            overhead: record.flags & UInt32(CPS_POD_HAS_OVERHEAD) == 0
                ? nil : lists.list(start: record.overhead_start, count: record.overhead_count),
            resources: record.flags & UInt32(CPS_POD_HAS_POD_RESOURCES) == 0
                ? nil : ResourceRequirements(requests: lists.list(start: record.requests_start, count: record.requests_count),
                                             limits: lists.list(start: record.limits_start, count: record.limits_count)))
        let status = PodStatus(phase: symbols[record.phase], resize: symbols[record.resize],
                               containerStatuses: containerStatuses(start: record.container_statuses_start,
                                                                    count: record.container_statuses_count))
        return Pod(metadata: metadata, spec: spec, status: status)
    }

    private func containerStatuses(start: UInt32, count: UInt32) -> [ContainerStatus] {
        guard count > 0, let records = page.container_statuses else { return [] }
        let lists = ResourceListRecords(page: page, symbols: symbols)
        var statuses: [ContainerStatus] = []
        statuses.reserveCapacity(Int(count))
        for index in Int(start)..<Int(start + count) {
            let record = records[index]
            // Absent or null `resources` stays nil: kubectl then counts the spec alone.
            let resources = record.flags & UInt32(CPS_STATUS_HAS_RESOURCES) == 0
                ? nil : ResourceRequirements(requests: lists.list(start: record.requests_start, count: record.requests_count),
                                             limits: lists.list(start: record.limits_start, count: record.limits_count))
            statuses.append(ContainerStatus(name: symbols[record.name] ?? "", resources: resources))
        }
        return statuses
    }

    private func containers(start: UInt32, count: UInt32) -> [Container] {
        guard count > 0, let records = page.containers else { return [] }
        let lists = ResourceListRecords(page: page, symbols: symbols)
        var containers: [Container] = []
        containers.reserveCapacity(Int(count))
        for index in Int(start)..<Int(start + count) {
            let record = records[index]
            containers.append(Container(
                name: symbols[record.name] ?? "",
                resources: ResourceRequirements(requests: lists.list(start: record.requests_start, count: record.requests_count),
                                                limits: lists.list(start: record.limits_start, count: record.limits_count)),
                restartPolicy: symbols[record.restart_policy]))
        }
        return containers
    }
}
