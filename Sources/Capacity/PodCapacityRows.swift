/// The pod rows of a report, in report order: a collection of ``PodCapacity`` values made on access from
/// compact storage.
///
/// A report of a 150,000-pod cluster holds 150,000 rows; kept as `[PodCapacity]` they cost about 160 bytes
/// each (three strings, two figure triples, a heap object per name) plus a doubling buffer while they
/// grow. Here a row is a few integers and its name's bytes, namespaces are stored once, the node's
/// allocatable is looked up rather than repeated, and sorting reorders 4-byte row numbers.
public struct PodCapacityRows: RandomAccessCollection, ExpressibleByArrayLiteral, Sendable, Equatable {
    /// A node as pod rows refer to it: its name and the allocatable their percentages are shares of.
    struct NodeColumn: Sendable, Hashable {
        var name: String
        var cpuAllocatable: Int64
        var memoryAllocatable: Int64
    }

    private let store: PodRowStore
    private let nodes: [NodeColumn]
    /// Row numbers in `store`, in report order.
    private var order: [UInt32]

    /// Rows of `store` whose node is `included` and whose namespace is in `namespaces` (empty: any), ordered
    /// by `sort`.
    init(store: PodRowStore, nodes: [NodeColumn], included: [Bool], namespaces: Set<String> = [], sort: CapacitySortKey) {
        let namespaceSelected = store.namespaces.map { namespaces.isEmpty || namespaces.contains($0) }
        var order: [UInt32] = []
        order.reserveCapacity(store.count)
        for index in 0..<store.count {
            let row = store[index]
            if included[Int(row.node)], namespaceSelected[Int(row.namespace)] { order.append(UInt32(index)) }
        }
        self.store = store
        self.nodes = nodes
        self.order = order
        self.order = CapacitySorter(key: sort).sorted(order, of: self)
    }

    /// Rows in the given order (for tests and hand-made reports).
    public init(_ rows: [PodCapacity]) {
        var store = PodRowStore()
        var nodes: [NodeColumn] = []
        var nodeIndex: [NodeColumn: Int] = [:]
        for row in rows {
            let node = NodeColumn(name: row.node, cpuAllocatable: row.cpu.nodeAllocatable,
                                  memoryAllocatable: row.memory.nodeAllocatable)
            let index = nodeIndex[node] ?? nodes.count
            if index == nodes.count {
                nodes.append(node)
                nodeIndex[node] = index
            }
            store.append(namespace: row.namespace, name: row.name, node: index,
                         cpu: (row.cpu.requests, row.cpu.limits), memory: (row.memory.requests, row.memory.limits))
        }
        self.store = store
        self.nodes = nodes
        order = (0..<UInt32(rows.count)).map { $0 }
    }

    /// Rows in the given order.
    public init(arrayLiteral rows: PodCapacity...) {
        self.init(rows)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { order.count }

    public subscript(position: Int) -> PodCapacity {
        let row = store[Int(order[position])]
        let node = nodes[Int(row.node)]
        return PodCapacity(namespace: store.namespace(of: row), name: store.name(of: row), node: node.name,
                           cpu: cpu(row, node), memory: memory(row, node))
    }

    public static func == (lhs: PodCapacityRows, rhs: PodCapacityRows) -> Bool {
        lhs.count == rhs.count && lhs.elementsEqual(rhs)
    }

    // MARK: What sorting reads, without making strings

    func figures(ofRow number: UInt32) -> (cpu: PodFigures, memory: PodFigures) {
        let row = store[Int(number)]
        let node = nodes[Int(row.node)]
        return (cpu(row, node), memory(row, node))
    }

    /// Name order of two rows (namespace, pod name, node), given each namespace's and node's rank.
    func namePrecedes(_ a: UInt32, _ b: UInt32, namespaceRanks: [Int], nodeRanks: [Int]) -> Bool {
        let x = store[Int(a)], y = store[Int(b)]
        let namespaces = (namespaceRanks[Int(x.namespace)], namespaceRanks[Int(y.namespace)])
        if namespaces.0 != namespaces.1 { return namespaces.0 < namespaces.1 }
        if let precedes = store.namePrecedes(x, y) { return precedes }
        return nodeRanks[Int(x.node)] < nodeRanks[Int(y.node)]
    }

    /// Each stored namespace's position in name order.
    var namespaceRanks: [Int] { Self.ranks(store.namespaces) }

    /// Each node's position in name order.
    var nodeRanks: [Int] { Self.ranks(nodes.map(\.name)) }

    private static func ranks(_ names: [String]) -> [Int] {
        var ranks = [Int](repeating: 0, count: names.count)
        for (rank, index) in names.indices.sorted(by: { names[$0] < names[$1] }).enumerated() {
            ranks[index] = rank
        }
        return ranks
    }

    private func cpu(_ row: PodRowStore.Row, _ node: NodeColumn) -> PodFigures {
        PodFigures(requests: row.cpuRequests, limits: row.cpuLimits, nodeAllocatable: node.cpuAllocatable)
    }

    private func memory(_ row: PodRowStore.Row, _ node: NodeColumn) -> PodFigures {
        PodFigures(requests: row.memoryRequests, limits: row.memoryLimits, nodeAllocatable: node.memoryAllocatable)
    }
}
