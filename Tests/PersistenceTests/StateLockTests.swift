import Foundation
import Persistence
import Testing

/// One holder per state path. (Across processes, and after a `kill -9`: EndToEndTests' StateLockEndToEndTests.)
@Suite struct StateLockTests {
    @Test func aSecondHolderIsRefusedWithThePidUntilTheFirstLetsGo() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let statePath = folder.file("new/state.json").path
        var first: StateLock? = try StateLock(statePath: statePath)
        #expect(first?.path == statePath + ".lock")
        #expect(try folder.permissions("new/state.json.lock") == 0o600)

        // flock belongs to the open file, so a second open in this process is refused like another process.
        let refused = #expect(throws: StateLockError.self) { try StateLock(statePath: statePath) }
        #expect(refused?.reason == .held(byPid: getpid()))
        #expect(refused?.description.contains("in use by another kubecapwatch process (pid \(getpid()))") == true)

        first = nil
        _ = first
        #expect(throws: Never.self) { try StateLock(statePath: statePath) }
    }

    @Test func anUnusableFolderIsNamed() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try Data().write(to: folder.file("file"))
        let error = #expect(throws: StateLockError.self) { try StateLock(statePath: folder.file("file/state.json").path) }
        guard case .unusable(let detail)? = error?.reason else {
            Issue.record("expected an unusable lock, got \(String(describing: error))")
            return
        }
        #expect(detail.contains(folder.file("file").path))
    }
}
