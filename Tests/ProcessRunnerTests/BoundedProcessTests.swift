import Foundation
import ProcessRunner
import Testing
import TestSupport

/// The bounds of a helper program's run, program by program. (Exec credential plugins through them:
/// KubeClientTests' ExecPluginBoundTests; Graphviz: GraphvizTests.)
@Suite struct BoundedProcessTests {
    /// `sh -c script`: no script file, so nothing another test's fork could hold open.
    func shell(_ script: String, timeout: Duration = .seconds(60), outputLimit: Int = 4 << 20) -> BoundedProcess {
        BoundedProcess(executable: "/bin/sh", arguments: ["sh", "-c", script], environment: ["PATH": "/usr/bin:/bin"],
                       timeout: timeout, killGrace: .milliseconds(500), outputLimit: outputLimit)
    }

    @Test func stdoutIsCappedAndDrained() throws {
        // A program that floods stdout is neither allowed to fill memory nor left blocked on a full pipe.
        let outcome = try shell("head -c 3000000 /dev/zero; echo done >&2", outputLimit: 1 << 20).run()
        #expect(outcome.termination == .exited(0))
        #expect(outcome.interruption == nil)
        #expect(outcome.outputTruncated)
        #expect(outcome.standardOutput.count == 1 << 20)
        #expect(String(decoding: outcome.standardError, as: UTF8.self) == "done\n")
    }

    @Test func exitStatusAndSignalAreReported() throws {
        #expect(try shell("exit 7").run().termination == .exited(7))
        #expect(try shell("kill -KILL $$").run().termination == .signalled(SIGKILL))
        let outcome = try shell("printf 'one\\ntwo'").run()
        #expect(String(decoding: outcome.standardOutput, as: UTF8.self) == "one\ntwo")
        #expect(!outcome.outputTruncated)
    }

    @Test func theEnvironmentIsExactlyTheOneGiven() throws {
        var process = shell("echo \"$ONLY:${HOME:-unset}\"")
        process.environment = ["ONLY": "this"]
        #expect(String(decoding: try process.run().standardOutput, as: UTF8.self) == "this:unset\n")
    }

    @Test func aProgramPastItsTimeIsStoppedWithItsGroup() async throws {
        // The program ignores SIGTERM and leaves a child: both go, SIGKILL after the grace.
        let outcome = try shell("trap '' TERM; sleep 1000 & echo $!; wait", timeout: .milliseconds(300)).run()
        #expect(outcome.interruption == .timedOut)
        #expect(outcome.termination == .signalled(SIGKILL))
        let child = pid_t(String(decoding: outcome.standardOutput, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        let pid = try #require(child)
        #expect(await ProcessTable.waitUntilGone([pid]))
    }

    @Test func cancellationStopsTheProgram() throws {
        var asked = 0
        let outcome = try shell("exec sleep 1000").run {
            asked += 1
            return asked > 2
        }
        #expect(outcome.interruption == .cancelled)
        #expect(outcome.termination == .signalled(SIGTERM))
    }

    @Test func unstartableProgramIsAPOSIXError() {
        let process = BoundedProcess(executable: "/nonexistent/plugin", arguments: ["plugin"], environment: [:],
                                     timeout: .seconds(1))
        #expect(throws: POSIXError.self) { try process.run() }
    }
}
