import Foundation

/// The dispatcher's view of time and chance, injectable so tests run retries in milliseconds.
public struct DispatchEnvironment: Sendable {
    /// The wall clock: message ages and pacing.
    public var now: @Sendable () -> Date
    /// Waits for backoff and pacing; throws when the waiting task is cancelled.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// A number in 0…1 for jitter.
    public var random: @Sendable () -> Double

    public init(now: @escaping @Sendable () -> Date,
                sleep: @escaping @Sendable (Duration) async throws -> Void,
                random: @escaping @Sendable () -> Double) {
        self.now = now
        self.sleep = sleep
        self.random = random
    }

    /// The real clock, `Task.sleep` and the system random generator.
    public static let live = DispatchEnvironment(
        now: { Date() },
        sleep: { try await Task.sleep(for: $0) },
        random: { Double.random(in: 0...1) })
}
