import CPodScan
import KubeModel

/// Builds nodes from the scanner's flat records of one page. Only valid while the page's records are.
struct NodeRecordAssembler {
    let page: cps_page
    let symbols: SymbolCache

    func node(_ record: cps_node) -> Node {
        let metadata = ObjectMeta(name: TextBytes.string(record.name) ?? "", namespace: symbols[record.namespace_],
                                  uid: TextBytes.string(record.uid),
                                  labels: labels(start: record.labels_start, count: record.labels_count))
        let status = NodeStatus(
            capacity: ResourceListRecords(page: page, symbols: symbols).list(start: record.capacity_start, count: record.capacity_count),
            allocatable: record.flags & UInt32(CPS_NODE_HAS_ALLOCATABLE) == 0
                ? nil : ResourceListRecords(page: page, symbols: symbols).list(start: record.allocatable_start, count: record.allocatable_count),
            conditions: conditions(start: record.conditions_start, count: record.conditions_count))
        return Node(metadata: metadata, spec: NodeSpec(unschedulable: record.flags & UInt32(CPS_NODE_UNSCHEDULABLE) != 0),
                    status: status)
    }

    private func labels(start: UInt32, count: UInt32) -> [String: String] {
        guard count > 0, let entries = page.entries else { return [:] }
        var labels: [String: String] = [:]
        labels.reserveCapacity(Int(count))
        for index in Int(start)..<Int(start + count) {
            labels[symbols[entries[index].name] ?? ""] = symbols[entries[index].value] ?? ""
        }
        return labels
    }

    private func conditions(start: UInt32, count: UInt32) -> [NodeCondition] {
        guard count > 0, let records = page.conditions else { return [] }
        return (Int(start)..<Int(start + count)).map {
            NodeCondition(type: symbols[records[$0].type] ?? "", status: symbols[records[$0].status] ?? "")
        }
    }
}
