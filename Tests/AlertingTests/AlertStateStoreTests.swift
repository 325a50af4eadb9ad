import Foundation
import Testing
@testable import Alerting

@Suite struct AlertStateStoreTests {
    typealias F = Fixture

    @Test func missingFileStartsClean() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let loaded = AlertStateStore(url: folder.file("state.json")).load(now: F.start)
        #expect(loaded.state == AlertTrackerState())
        #expect(loaded.warning == nil)
        #expect(loaded.movedAside == nil)
    }

    @Test func savedStateLoadsBackEqual() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var harness = ScanHarness(unreachableAfter: 1)
        try harness.run([.scan([F.node("n1", cpuRequests: 900), F.pod("shop", "api", memoryLimits: 15 * F.gi)]), .fail("timeout")])
        let store = AlertStateStore(url: folder.file("nested/dir/state.json"))
        try store.save(harness.tracker.state, now: F.time(ofScan: 2))
        let loaded = store.load(now: F.time(ofScan: 3))
        #expect(loaded.warning == nil)
        #expect(loaded.state == harness.tracker.state)
        #expect(loaded.state.open.count == 3)
        #expect(loaded.state.lastNotification?.id == harness.notifications.last?.id)
    }

    @Test func fileIsVersionedReadableJSONWithoutLeftovers() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var harness = ScanHarness(store: AlertStateStore(url: folder.file("state.json")))
        try harness.run(.cpu(900))
        #expect(try folder.names() == ["state.json"])
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.file("state.json"))) as? [String: Any]
        #expect(object?["format"] as? String == "kubecapwatch/alert-state")
        #expect(object?["formatVersion"] as? Int == AlertStateStore.formatVersion)
        #expect(object?["savedAt"] as? String == "2026-11-23T10:00:00.000Z")
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.file("state.json").path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    /// The reference: one uninterrupted run of the script.
    static let restartScript: [ScanStep] = [
        .cpu(900), .cpu(900), .cpu(900), .cpu(900), .cpu(900), .cpu(900), .cpu(900), .cpu(500), .cpu(900),
    ]

    @Test(arguments: 1...8)
    func restartContinuesTheCadenceAndResolves(restartAfter: Int) throws {
        var uninterrupted = ScanHarness(reminderCount: 3)
        try uninterrupted.run(Self.restartScript)
        #expect(uninterrupted.log == [
            "1 FIRING node/n1 cpu_requests", "4 REMINDER #1 node/n1 cpu_requests", "7 REMINDER #2 node/n1 cpu_requests",
            "8 RESOLVED node/n1 cpu_requests", "9 FIRING node/n1 cpu_requests",
        ])

        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = AlertStateStore(url: folder.file("state.json"))
        var before = ScanHarness(reminderCount: 3, store: store)
        try before.run(Array(Self.restartScript.prefix(restartAfter)))

        // A new process: nothing in memory, state from disk.
        let loaded = store.load(now: F.time(ofScan: restartAfter + 1))
        #expect(loaded.warning == nil)
        var after = ScanHarness(reminderCount: 3, state: loaded.state, store: store, scansSoFar: restartAfter)
        try after.run(Array(Self.restartScript.dropFirst(restartAfter)))
        #expect(before.log + after.log == uninterrupted.log)
    }

    @Test func corruptFileIsMovedAsideWithAWarning() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.file("state.json")
        try Data("{\"format\": \"kubecapwatch/alert-state\", \"formatVersion\": 1, \"state\": {\"open\": [tr".utf8).write(to: url)
        let store = AlertStateStore(url: url)

        let loaded = store.load(now: F.start)
        #expect(loaded.state == AlertTrackerState())
        let warning = try #require(loaded.warning)
        #expect(warning.contains("is corrupt"))
        #expect(warning.contains("state.json.corrupt-20261123T100000Z"))
        #expect(loaded.movedAside?.lastPathComponent == "state.json.corrupt-20261123T100000Z")
        #expect(try folder.names() == ["state.json.corrupt-20261123T100000Z"])

        // The next save works, and a second corrupt file in the same second gets its own name.
        try store.save(AlertTrackerState(), now: F.start)
        try Data().write(to: url)
        #expect(store.load(now: F.start).movedAside?.lastPathComponent == "state.json.corrupt-20261123T100000Z-2")
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
        let loaded = AlertStateStore(url: folder.file("state.json")).load(now: F.start)
        #expect(loaded.state == AlertTrackerState())
        #expect(loaded.warning?.contains(problem) == true, "\(loaded.warning ?? "no warning")")
        #expect(try folder.names() == ["state.json.corrupt-20261123T100000Z"])
    }

    @Test func unreadablePathIsSetAside() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // A folder where the file should be cannot be read as a file, even by root.
        try FileManager.default.createDirectory(at: folder.file("state.json"), withIntermediateDirectories: false)
        let loaded = AlertStateStore(url: folder.file("state.json")).load(now: F.start)
        #expect(loaded.warning?.contains("is unreadable") == true)
        #expect(try folder.names() == ["state.json.corrupt-20261123T100000Z"])
    }

    @Test func staleTemporaryFilesAreRemovedOnLoad() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = AlertStateStore(url: folder.file("state.json"))
        try store.save(AlertTrackerState(consecutiveFailures: 2), now: F.start)
        try Data("half written".utf8).write(to: folder.file(".state.json.tmp-99999"))
        #expect(store.load(now: F.start).state.consecutiveFailures == 2)
        #expect(try folder.names() == ["state.json"])
    }

    @Test func saveFailureIsAnErrorNamingThePath() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try Data().write(to: folder.file("not-a-folder"))
        let store = AlertStateStore(url: folder.file("not-a-folder/state.json"))
        #expect(throws: AlertStateStoreError.self) { try store.save(AlertTrackerState(), now: F.start) }
        do {
            try store.save(AlertTrackerState(), now: F.start)
        } catch {
            #expect(error.description.contains("not-a-folder"))
        }
    }
}
