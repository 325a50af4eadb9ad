import CPodScan
import KubeModel

extension CapacityNode: FastDecodable {
    static var kubeKind: String { "Node" }

    static var scanPage: ScanFunction { cps_scan_node_page }

    static var scanObject: ScanFunction { cps_scan_node_object }

    static func records(of page: cps_page) -> UnsafeBufferPointer<cps_node> {
        UnsafeBufferPointer(start: page.nodes, count: page.node_count)
    }

    static func assemble(_ record: cps_node, from records: PageRecords) -> CapacityNode {
        CapacityNode(name: TextBytes.string(record.name) ?? "", labels: records.labels(record.labels),
                     unschedulable: record.flags & UInt32(CPS_NODE_UNSCHEDULABLE) != 0,
                     isReady: record.flags & UInt32(CPS_NODE_READY) != 0,
                     capacity: records.resourceList(record.capacity),
                     allocatable: record.flags & UInt32(CPS_NODE_HAS_ALLOCATABLE) == 0
                         ? nil : records.resourceList(record.allocatable))
    }
}
