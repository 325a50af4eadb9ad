/// The pod rows of one scan as they are aggregated: per pod a few integers and the bytes of its name,
/// with namespaces stored once and nodes referred to by the aggregator's node index.
struct PodRowStore: Sendable {
    /// One pod: 56 bytes plus its name's bytes.
    struct Row: Sendable {
        var name: NameArena.Reference
        var namespace: UInt32
        var node: UInt32
        var cpuRequests: Int64
        var cpuLimits: Int64
        var memoryRequests: Int64
        var memoryLimits: Int64
    }

    private var rows = ChunkedArray<Row>()
    private var names = NameArena()
    /// Distinct namespaces, in the order met.
    private(set) var namespaces: [String] = []
    private var namespaceIndex: [String: UInt32] = [:]

    init() {}

    var count: Int { rows.count }

    /// Adds a pod bound to the aggregator's node number `node`; figures are (requests, limits).
    mutating func append(namespace: String, name: String, node: Int, cpu: (Int64, Int64), memory: (Int64, Int64)) {
        rows.append(Row(name: names.store(name), namespace: intern(namespace), node: UInt32(node),
                        cpuRequests: cpu.0, cpuLimits: cpu.1, memoryRequests: memory.0, memoryLimits: memory.1))
    }

    subscript(index: Int) -> Row { rows[index] }

    func name(of row: Row) -> String { names.string(row.name) }

    func namespace(of row: Row) -> String { namespaces[Int(row.namespace)] }

    /// Byte order of two rows' pod names; nil when equal.
    func namePrecedes(_ a: Row, _ b: Row) -> Bool? { names.precedes(a.name, b.name) }

    private mutating func intern(_ namespace: String) -> UInt32 {
        if let index = namespaceIndex[namespace] { return index }
        let index = UInt32(namespaces.count)
        namespaces.append(namespace)
        namespaceIndex[namespace] = index
        return index
    }
}
