import ServiceLifecycle
import Synchronization

/// Holds a service back until another one is ready: `run` starts scanning and notifying only once its HTTP
/// service listens, so a busy port stops `run` before it does anything, with one clear message.
public final class StartGate: Sendable {
    private enum State {
        case waiting([CheckedContinuation<Bool, Never>])
        case open(Bool)
    }

    private let state = Mutex(State.waiting([]))

    public init() {}

    /// Lets the waiters go on (`true`) or tells them to give up (`false`); only the first call counts.
    public func open(_ proceed: Bool) {
        let waiters: [CheckedContinuation<Bool, Never>] = state.withLock { state in
            guard case .waiting(let waiters) = state else { return [] }
            state = .open(proceed)
            return waiters
        }
        for waiter in waiters { waiter.resume(returning: proceed) }
    }

    /// Waits until ``open(_:)``; returns its verdict.
    public func wait() async -> Bool {
        await withCheckedContinuation { continuation in
            let verdict: Bool? = state.withLock { state in
                switch state {
                case .open(let proceed): return proceed
                case .waiting(var waiters):
                    waiters.append(continuation)
                    state = .waiting(waiters)
                    return nil
                }
            }
            if let verdict { continuation.resume(returning: verdict) }
        }
    }
}

/// A service that starts once its gate opens, and returns at once when the gate says not to.
public struct GatedService: Service {
    let gate: StartGate
    let service: any Service

    public init(_ service: any Service, after gate: StartGate) {
        self.service = service
        self.gate = gate
    }

    public func run() async throws {
        // A stop before the gate opens ends the wait too.
        let proceed = await withTaskCancellationHandler {
            await withGracefulShutdownHandler { await gate.wait() } onGracefulShutdown: { gate.open(false) }
        } onCancel: {
            gate.open(false)
        }
        guard proceed, !Task.isCancelled else { return }
        try await service.run()
    }
}
