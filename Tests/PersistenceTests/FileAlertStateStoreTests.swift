import Alerting
import Foundation
@testable import Persistence
import Testing

/// The alert state file: a clean start when it is missing, damaged files kept aside with a warning, errors that
/// name the path. (The tracker's state across a restart: AlertingTests' StateAcrossRestartTests.)
@Suite struct FileAlertStateStoreTests {
    /// 2026-11-23T10:00:00Z.
    static let start = Date(timeIntervalSince1970: 1_795_428_000)

    /// A state with an open alert and a last notification: three failed scans in a row.
    static func unreachableState() -> AlertTrackerState {
        var tracker = AlertTracker(cluster: "prod", reminderCount: 3, unreachableAfter: 3)
        for scan in 0..<3 { _ = tracker.recordFailure(reason: "timed out", now: start.addingTimeInterval(Double(scan) * 60)) }
        return tracker.state
    }

    @Test func missingFileStartsClean() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let loaded = FileAlertStateStore(url: folder.file("state.json")).load(now: Self.start)
        #expect(loaded == LoadedAlertState(state: AlertTrackerState()))
    }

    @Test func stateLoadsBackEqualThroughTheProtocol() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let state = Self.unreachableState()
        #expect(state.open.count == 1 && state.lastNotification != nil)
        let store: any AlertStateStore = FileAlertStateStore(url: folder.file("nested/dir/state.json"))
        try await store.save(state, now: Self.start)
        let loaded = try await store.load(now: Self.start)
        #expect(loaded == LoadedAlertState(state: state))
        #expect(store.location == folder.file("nested/dir/state.json").path)
        #expect(try folder.permissions("nested/dir/state.json") == 0o600)
        #expect(try folder.names(in: "nested/dir") == ["state.json"])
    }

    @Test func corruptFileIsMovedAsideWithAWarning() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.file("state.json")
        try Data("{\"format\": \"kubecapwatch/alert-state\", \"formatVersion\": 1, \"state\": {\"open\": [tr".utf8).write(to: url)
        let store = FileAlertStateStore(url: url)

        let loaded = store.load(now: Self.start)
        #expect(loaded.state == AlertTrackerState())
        let warning = try #require(loaded.warning)
        #expect(warning.contains("is corrupt"))
        #expect(warning.contains("state.json.corrupt-20261123T100000Z"))
        #expect(loaded.setAside == folder.file("state.json.corrupt-20261123T100000Z").path)
        #expect(try folder.names() == ["state.json.corrupt-20261123T100000Z"])

        // The next save works, and a second corrupt file in the same second gets its own name.
        try store.save(AlertTrackerState(), now: Self.start)
        try Data().write(to: url)
        #expect(store.load(now: Self.start).setAside == folder.file("state.json.corrupt-20261123T100000Z-2").path)
    }

    @Test(arguments: [
        ("{\"format\": \"kubecapwatch/alert-state\", \"formatVersion\": 2, \"savedAt\": \"2026-11-23T10:00:00Z\", \"state\": {}}",
         "format version 2, this build reads version 1"),
        ("{\"format\": \"something-else\", \"formatVersion\": 1}", "format is \"something-else\""),
        ("[1, 2, 3]", "is corrupt"),
        ("", "is corrupt"),
        ("{\"format\": \"kubecapwatch/alert-state\", \"formatVersion\": 1, \"savedAt\": \"yesterday\", \"state\": {}}",
         "not an ISO 8601 date"),
    ])
    func unusableFilesAreSetAside(content: String, problem: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try Data(content.utf8).write(to: folder.file("state.json"))
        let loaded = FileAlertStateStore(url: folder.file("state.json")).load(now: Self.start)
        #expect(loaded.state == AlertTrackerState())
        #expect(loaded.warning?.contains(problem) == true, "\(loaded.warning ?? "no warning")")
        #expect(try folder.names() == ["state.json.corrupt-20261123T100000Z"])
    }

    @Test func unreadablePathIsSetAside() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // A folder where the file should be cannot be read as a file, even by root.
        try FileManager.default.createDirectory(at: folder.file("state.json"), withIntermediateDirectories: false)
        let loaded = FileAlertStateStore(url: folder.file("state.json")).load(now: Self.start)
        #expect(loaded.warning?.contains("is unreadable") == true)
        #expect(try folder.names() == ["state.json.corrupt-20261123T100000Z"])
    }

    @Test func staleTemporaryFilesAreRemovedOnLoad() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = FileAlertStateStore(url: folder.file("state.json"))
        try store.save(AlertTrackerState(consecutiveFailures: 2), now: Self.start)
        // Left by a crash of this version and of an older one; another file's temporary file is not ours to remove.
        for name in [".state.json.tmp-99999", ".state.json.tmp-99999-7", ".other.json.tmp-99999-1"] {
            try Data("half written".utf8).write(to: folder.file(name))
        }
        #expect(store.load(now: Self.start).state.consecutiveFailures == 2)
        #expect(try folder.names() == [".other.json.tmp-99999-1", "state.json"])
    }

    @Test func saveFailureIsAnErrorNamingThePath() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try Data().write(to: folder.file("not-a-folder"))
        let store = FileAlertStateStore(url: folder.file("not-a-folder/state.json"))
        let error = #expect(throws: StateStoreError.self) { try store.save(AlertTrackerState(), now: Self.start) }
        #expect(error?.kind == .unavailable)
        #expect(error?.description.contains("not-a-folder") == true)
    }
}
