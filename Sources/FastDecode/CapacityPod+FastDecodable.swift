import CPodScan
import KubeModel

extension CapacityPod: FastDecodable {
    static var kubeKind: String { "Pod" }

    static var scanPage: ScanFunction { cps_scan_pod_page }

    static var scanObject: ScanFunction { cps_scan_pod_object }

    static func records(of page: cps_page) -> UnsafeBufferPointer<cps_pod> {
        UnsafeBufferPointer(start: page.pods, count: page.pod_count)
    }

    static func assemble(_ record: cps_pod, from records: PageRecords) -> CapacityPod {
        CapacityPod(
            name: TextBytes.string(record.name) ?? "", namespace: records.symbols[record.namespace_],
            nodeName: records.symbols[record.node_name], phase: records.symbols[record.phase],
            resize: records.symbols[record.resize],
            containers: containers(record.containers, records), initContainers: containers(record.init_containers, records),
            containerStatuses: records.containerStatuses(record.container_statuses).map { status in
                // Absent or null `resources` stays nil: kubectl then counts the spec alone.
                CapacityPod.ContainerStatus(name: records.symbols[status.name] ?? "",
                                            requests: status.flags & UInt32(CPS_STATUS_HAS_RESOURCES) == 0
                                                ? nil : records.resourceList(status.requests))
            },
            overhead: record.flags & UInt32(CPS_POD_HAS_OVERHEAD) == 0 ? nil : records.resourceList(record.overhead),
            resources: record.flags & UInt32(CPS_POD_HAS_POD_RESOURCES) == 0
                ? nil : records.requirements(requests: record.requests, limits: record.limits))
    }

    private static func containers(_ range: cps_range, _ records: PageRecords) -> [Container] {
        records.containers(range).map { container in
            Container(name: records.symbols[container.name] ?? "", restartPolicy: records.symbols[container.restart_policy],
                      resources: records.requirements(requests: container.requests, limits: container.limits))
        }
    }
}
