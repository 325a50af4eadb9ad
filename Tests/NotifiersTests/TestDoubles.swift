import Alerting
import Foundation
import Notifiers
import Synchronization

/// A notifier whose answers are scripted, recording each call: what the dispatcher tests talk to.
final class ScriptedNotifier: Notifier {
    enum Step: Sendable {
        case succeed
        case fail(NotifierError.Reason)
        /// Never answers (ignores cancellation too, like a stuck library call).
        case hang
    }

    let name: String
    let minimumInterval: Duration
    private let state: Mutex<(script: [Step], fallback: Step, calls: [String])>

    init(_ name: String, script: [Step] = [], then fallback: Step = .succeed, minimumInterval: Duration = .zero) {
        self.name = name
        self.minimumInterval = minimumInterval
        self.state = Mutex((script, fallback, []))
    }

    /// Ids of the notifications attempted, in order, failures included.
    var calls: [String] { state.withLock { $0.calls } }

    /// Replaces what the next calls do.
    func script(_ steps: [Step], then fallback: Step) {
        state.withLock { $0.script = steps; $0.fallback = fallback }
    }

    func deliver(_ notification: AlertNotification) async throws(NotifierError) {
        let step = state.withLock { state -> Step in
            state.calls.append(notification.id)
            return state.script.isEmpty ? state.fallback : state.script.removeFirst()
        }
        switch step {
        case .succeed: return
        case .fail(let reason): throw NotifierError(notifier: name, reason: reason, message: "scripted")
        case .hang:
            await withCheckedContinuation { (_: CheckedContinuation<Void, Never>) in }
        }
    }
}

/// Virtual time: `sleep` records the wait, moves the clock on and returns at once.
final class VirtualClock: Sendable {
    private let state = Mutex<(now: Date, sleeps: [Duration])>((Fixtures.scanTime, []))

    var sleeps: [Duration] { state.withLock { $0.sleeps } }
    var now: Date { state.withLock { $0.now } }

    func advance(by seconds: TimeInterval) { state.withLock { $0.now += seconds } }

    var environment: DispatchEnvironment {
        DispatchEnvironment(
            now: { self.now },
            sleep: { duration in
                self.state.withLock { $0.sleeps.append(duration); $0.now += Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18 }
                await Task.yield()
            },
            random: { 0.5 })
    }
}

/// A fresh folder under the temporary directory, removed by `cleanUp()`.
struct TemporaryFolder {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("kcw-outbox-\(UUID().uuidString)")

    func files(_ notifier: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: url.appendingPathComponent(notifier).path)) ?? [])
            .filter { $0.hasSuffix(".json") && $0 != "delivered.json" }.sorted()
    }

    func cleanUp() { try? FileManager.default.removeItem(at: url) }
}

/// Polls `condition` every 20 ms until it holds or `seconds` pass.
func eventually(within seconds: Double = 10, _ condition: () throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try condition()
}
