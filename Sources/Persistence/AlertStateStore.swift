import Alerting
import Foundation

/// Where the ``AlertTrackerState`` is kept between runs, so a restart neither repeats a FIRING nor forgets to
/// resolve one.
///
/// ``FileAlertStateStore`` keeps it in `[state] path`; a store in a ConfigMap (for a watcher running in the
/// cluster) would write with a resourceVersion precondition and report a lost race as
/// ``StateStoreError/Kind/conflict``.
///
/// The calls run in the caller's isolation (`nonisolated(nonsending)`): a store that does not suspend (the file)
/// lets no other work of the calling actor in between, as a plain function call would not.
public protocol AlertStateStore: Sendable {
    /// Where the state is kept, for messages: a path, a ConfigMap's `namespace/name`.
    var location: String { get }

    /// The saved state, or a clean one when there is none. A saved value that cannot be used is no error: it is
    /// kept aside for a person to look at, and the answer starts clean with a warning saying so.
    /// - Throws: when the store cannot be asked at all.
    nonisolated(nonsending) func load(now: Date) async throws(StateStoreError) -> LoadedAlertState

    /// Replaces the saved state with `state`; `now` is recorded as the time of saving.
    nonisolated(nonsending) func save(_ state: AlertTrackerState, now: Date) async throws(StateStoreError)
}
