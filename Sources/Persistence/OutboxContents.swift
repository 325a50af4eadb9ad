/// What ``OutboxStore/pending(notifier:)`` found for one notifier.
public struct OutboxContents: Sendable {
    /// An entry that could not be read, and where it was kept aside.
    public struct Unreadable: Sendable, Equatable {
        /// Where the entry was (a path).
        public var location: String
        /// Why it could not be read.
        public var problem: String

        public init(location: String, problem: String) {
            self.location = location
            self.problem = problem
        }
    }

    /// The pending entries, in delivery order.
    public var entries: [OutboxEntry]
    /// Entries kept aside: log each as a warning.
    public var unreadable: [Unreadable]

    public init(entries: [OutboxEntry] = [], unreadable: [Unreadable] = []) {
        self.entries = entries
        self.unreadable = unreadable
    }
}
