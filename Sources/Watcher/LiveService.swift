import VolumeGraph

/// What the HTTP service serves: a running watcher's snapshot, its pause switch and reads of the graph on demand.
///
/// ``WatchEngine`` conforms today; the watch-fed model of the cluster will conform the same way, without a change
/// to the HTTP code.
public protocol LiveService: Sendable {
    /// The latest published snapshot; never waits for a scan.
    var snapshot: ServiceSnapshot { get }

    /// Pauses (true) or resumes (false) scans and the notifications they produce; returns whether the service
    /// was paused before. A pause lasts until resumed or the process restarts; a reload keeps it.
    @discardableResult
    func setPaused(_ paused: Bool) -> Bool

    /// The objects the relationship graph is drawn from, read at most once per interval, one read at a time,
    /// within a time limit.
    func graphInventory(kinds: GraphKinds, namespaces: [String]) async throws -> GraphInventoryRead
}
