/// Where notifications wait until each notifier has delivered them, so a restart loses none: per notifier, the
/// pending ``OutboxEntry`` values and a short list of the ids delivered last (to drop a resubmission).
///
/// ``FileOutboxStore`` keeps them under `[state] outbox_dir`; a store in ConfigMaps (for a watcher running in the
/// cluster) would report a lost write race as ``StateStoreError/Kind/conflict``.
///
/// The calls run in the caller's isolation (`nonisolated(nonsending)`): a store that does not suspend (the files)
/// lets no other work of the calling actor in between, which the delivery lanes' ordering relies on.
public protocol OutboxStore: Sendable {
    /// The entries waiting for `notifier`, in delivery order, and those that could not be read (kept aside,
    /// so they neither block the queue nor are retried forever).
    nonisolated(nonsending) func pending(notifier: String) async throws(StateStoreError) -> OutboxContents

    /// Writes `entry`, new or changed (attempts, last error, parked).
    nonisolated(nonsending) func save(_ entry: OutboxEntry) async throws(StateStoreError)

    /// Removes `entry`; an entry already gone is no error.
    nonisolated(nonsending) func remove(_ entry: OutboxEntry) async throws(StateStoreError)

    /// The ids `notifier` delivered last, oldest first; empty when none were recorded.
    nonisolated(nonsending) func delivered(notifier: String) async throws(StateStoreError) -> [String]

    /// Replaces the record of the ids `notifier` delivered last.
    nonisolated(nonsending) func saveDelivered(_ ids: [String], notifier: String) async throws(StateStoreError)
}
