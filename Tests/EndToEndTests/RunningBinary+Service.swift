import Foundation
import Testing
import TestSupport

/// Reading a running `kubecapwatch run` the way an operator reads the journal: console alert lines on stdout,
/// one summary line per scan on stderr. Waits poll with `Task.sleep`, never blocking a thread of the
/// cooperative pool that the other tests (and the test servers' control calls) need.
extension RunningBinary {
    /// What the process printed so far (stderr's tail), for failure messages.
    var transcript: Comment {
        "stdout:\n\(standardOutput)\nstderr:\n\(standardError.suffix(6000))"
    }

    /// The per-scan summary lines so far, from `scan ok:` / `scan failed in` on (log prefix dropped).
    var summaries: [String] {
        standardError.split(separator: "\n").compactMap { line -> String? in
            if let range = line.range(of: "scan ok: ") ?? line.range(of: "scan failed in ") {
                return String(line[range.lowerBound...])
            }
            return nil
        }
    }

    /// The console notifier's lines so far, with the "for 3s" / "after 5s" durations replaced by `_`, so
    /// they can be compared exactly whatever the timing of the run.
    var consoleLines: [String] {
        standardOutput.split(separator: "\n").map { Self.withoutDuration(String($0)) }
    }

    /// `FIRING node/node-a … cluster=e2e for 12s` → `… cluster=e2e for _`; `after 2m3s` → `after _`.
    static func withoutDuration(_ line: String) -> String {
        line.replacing(/\ (for|after) [0-9]+[dhms]([0-9]+[dhms])?(?=$|[ :])/) { match in " \(match.output.1) _" }
    }

    /// Polls `condition` every 50 ms until it holds (true) or `timeout` passes or the process has exited and
    /// it still does not hold (false).
    func eventually(timeout: TimeInterval, _ condition: () -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            if !process.isRunning { return condition() }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }

    /// Waits until `count` summary lines after the first `after` ones contain `matching`; returns whether
    /// they did before `timeout`.
    func waitForScans(_ count: Int, matching: String = "", after: Int = 0, timeout: TimeInterval = 15) async -> Bool {
        await eventually(timeout: timeout) {
            summaries.dropFirst(after).filter { matching.isEmpty || $0.contains(matching) }.count >= count
        }
    }

    /// Waits until at least `count` console lines were printed.
    func waitForConsoleLines(_ count: Int, timeout: TimeInterval = 10) async -> Bool {
        await eventually(timeout: timeout) { consoleLines.count >= count }
    }

    /// Waits for the process to exit by itself (SIGKILL after `timeout`) and returns what it printed.
    func exit(timeout: TimeInterval) async -> BuiltBinary.Result {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return wait(timeout: 0)
    }

    /// SIGTERM, as `systemctl stop` sends it, then ``exit(timeout:)``.
    func terminate(timeout: TimeInterval = 30) async -> BuiltBinary.Result {
        signal(SIGTERM)
        return await exit(timeout: timeout)
    }
}
