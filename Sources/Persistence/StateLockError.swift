/// Why ``StateLock`` could not be taken: a runtime condition (exit 1), not a configuration error — the same
/// configuration works once the other process stops.
public struct StateLockError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// Another process holds the lock; its pid when the lock file says.
        case held(byPid: Int32?)
        /// The lock file could not be created, opened or locked.
        case unusable(String)
    }

    /// The `[state] path` the lock guards.
    public var statePath: String
    public var reason: Reason

    public var description: String {
        switch reason {
        case .held(let pid):
            let holder = pid.map { "another kubecapwatch process (pid \($0))" } ?? "another kubecapwatch process"
            return "the alert state \(statePath) is in use by \(holder); only one `run` may use a state path "
                + "at a time (stop the other one, or give this one its own [state] path)"
        case .unusable(let detail):
            return "cannot lock the alert state \(statePath): \(detail)"
        }
    }
}
