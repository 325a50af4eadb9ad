import KubeModel

/// Exact amounts per resource name, for the handful of resources a pod or node lists.
///
/// An array beats a dictionary here: lists hold two to five names and are built for every pod.
/// An entry that is present with zero differs from an absent one (a limit of 0 is "set"),
/// which the overhead rule depends on.
public struct ResourceVector: Sendable, Equatable {
    /// One resource's exact amount.
    public struct Entry: Sendable, Equatable {
        /// The resource name (`cpu`, `nvidia.com/gpu`…).
        public var name: String
        /// The exact amount.
        public var amount: Quantity

        /// An entry.
        public init(name: String, amount: Quantity) {
            self.name = name
            self.amount = amount
        }
    }

    /// Entries in the order first met.
    public private(set) var entries: [Entry]

    /// A vector of the given entries (names must be distinct).
    public init(_ entries: [Entry] = []) { self.entries = entries }

    /// The amount for `name`, zero when absent.
    public subscript(name: String) -> Quantity {
        get { entries.first { $0.name == name }?.amount ?? .zero }
        set { set(name, newValue) }
    }

    /// True when `name` is listed, even with zero.
    public func contains(_ name: String) -> Bool { entries.contains { $0.name == name } }

    /// True when no resource is listed.
    public var isEmpty: Bool { entries.isEmpty }

    /// The resource name (`cpu`, `nvidia.com/gpu`…).
    public var names: [String] { entries.map(\.name) }

    mutating func set(_ name: String, _ amount: Quantity) {
        if let index = entries.firstIndex(where: { $0.name == name }) {
            entries[index].amount = amount
        } else {
            entries.append(Entry(name: name, amount: amount))
        }
    }

    /// Adds every entry of `other`, creating the ones missing here.
    mutating func add(_ other: ResourceVector) {
        for entry in other.entries { set(entry.name, self[entry.name] + entry.amount) }
    }

    /// Raises each entry to `other`'s where larger, creating the ones missing here.
    mutating func raise(to other: ResourceVector) {
        for entry in other.entries where !contains(entry.name) || entry.amount > self[entry.name] {
            set(entry.name, entry.amount)
        }
    }

    func adding(_ other: ResourceVector) -> ResourceVector {
        var copy = self
        copy.add(other)
        return copy
    }
}
