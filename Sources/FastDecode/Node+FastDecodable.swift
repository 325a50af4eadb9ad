import CPodScan
import KubeModel

extension Node: FastDecodable {
    static var kubeKind: String { "Node" }

    static func scan(_ scanner: OpaquePointer, _ json: UnsafePointer<CChar>, _ length: Int, _ capacity: Int,
                     _ validateAll: Int32, _ page: UnsafeMutablePointer<cps_page>) {
        cps_scan_node_page(scanner, json, length, capacity, validateAll, page)
    }

    static func records(of page: cps_page) -> UnsafeBufferPointer<cps_node> {
        UnsafeBufferPointer(start: page.nodes, count: page.node_count)
    }

    static func assemble(_ record: cps_node, page: cps_page, symbols: SymbolCache) -> Node {
        NodeRecordAssembler(page: page, symbols: symbols).node(record)
    }

    /// Only what the fast path decodes: ownerReferences and timestamps are dropped (labels are kept: node
    /// selectors filter on them).
    func keepingCapacityFields() -> Node {
        Node(metadata: ObjectMeta(name: metadata.name, namespace: metadata.namespace, uid: metadata.uid,
                                  labels: metadata.labels),
             spec: spec, status: status)
    }
}
