import Alerting
import Foundation
@testable import Persistence
import Testing

@Suite struct FileOutboxStoreTests {
    static func entry(_ id: String, notifier: String = "slack", at seconds: TimeInterval) -> OutboxEntry {
        let time = Date(timeIntervalSince1970: 1_795_428_000 + seconds)
        return OutboxEntry(notifier: notifier, notification: AlertNotification(id: id, cluster: "prod", createdAt: time),
                           enqueuedAt: time)
    }

    @Test func entriesComeBackInDeliveryOrderAsSaved() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store: any OutboxStore = FileOutboxStore(directory: folder.file("outbox"))
        let later = Self.entry("b2", at: 60)
        var earlier = Self.entry("a1", at: 0)
        try await store.save(later)
        try await store.save(earlier)
        earlier.attempts = 2
        earlier.lastError = "slack: connection failed"
        earlier.parked = true
        try await store.save(earlier)
        try await store.save(Self.entry("c3", notifier: "email", at: 30))

        let pending = try await store.pending(notifier: "slack")
        #expect(pending.entries == [earlier, later])
        #expect(pending.unreadable.isEmpty)
        #expect(try await store.pending(notifier: "email").entries.map(\.notification.id) == ["c3"])
        #expect(try await store.pending(notifier: "console").entries.isEmpty)

        try await store.remove(earlier)
        try await store.remove(earlier)
        #expect(try await store.pending(notifier: "slack").entries == [later])
        #expect(try folder.names(in: "outbox/slack") == ["001795428060000-b2.json"])
    }

    @Test func filesAndFoldersAreTheServiceUsersOnly() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // An outbox folder made by an older version, open to everyone: tightened at the next write.
        try FileManager.default.createDirectory(at: folder.file("outbox"), withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o755])
        let store = FileOutboxStore(directory: folder.file("outbox"))
        try store.save(Self.entry("a1", at: 0))
        try store.saveDelivered(["x"], notifier: "slack")
        #expect(try folder.permissions("outbox") == 0o700)
        #expect(try folder.permissions("outbox/slack") == 0o700)
        for name in try folder.names(in: "outbox/slack") { #expect(try folder.permissions("outbox/slack/\(name)") == 0o600) }
    }

    @Test func unreadableEntriesAreSetAsideAndTemporaryFilesRemoved() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = FileOutboxStore(directory: folder.file("outbox"))
        try store.save(Self.entry("good", at: 0))
        let slack = store.folder(for: "slack")
        try Data("{not json".utf8).write(to: slack.appendingPathComponent("000000000000001-broken.json"))
        try Data("half".utf8).write(to: slack.appendingPathComponent(".000000000000002-x.json.tmp-1-1"))
        try Data("half".utf8).write(to: slack.appendingPathComponent(".tmp-UUID-000000000000003-y.json"))

        let pending = store.pending(notifier: "slack")
        #expect(pending.entries.map(\.notification.id) == ["good"])
        #expect(pending.unreadable.map(\.location) == [slack.appendingPathComponent("000000000000001-broken.json").path])
        #expect(try folder.names(in: "outbox/slack") == ["000000000000001-broken.json.corrupt", "001795428000000-good.json"])
    }

    @Test func deliveredIdsRoundTripAndAMissingOrDamagedLedgerIsEmpty() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = FileOutboxStore(directory: folder.file("outbox"))
        #expect(store.delivered(notifier: "slack").isEmpty)
        try store.saveDelivered(["a", "b"], notifier: "slack")
        #expect(store.delivered(notifier: "slack") == ["a", "b"])
        #expect(store.delivered(notifier: "email").isEmpty)
        try Data("[1,".utf8).write(to: store.folder(for: "slack").appendingPathComponent("delivered.json"))
        #expect(store.delivered(notifier: "slack").isEmpty)
    }

    @Test func namesAreFileSafe() {
        #expect(FileOutboxStore.safe("slack") == "slack")
        #expect(FileOutboxStore.safe("../etc") == "_.._etc")
        #expect(FileOutboxStore.safe("") == "_")
        #expect(FileOutboxStore.fileName(of: Self.entry("ab/cd", at: 0)) == "001795428000000-ab_cd.json")
    }

    @Test func aWriteThatCannotHappenIsAnUnavailableStore() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try Data().write(to: folder.file("outbox"))
        let store = FileOutboxStore(directory: folder.file("outbox"))
        let error = #expect(throws: StateStoreError.self) { try store.save(Self.entry("a1", at: 0)) }
        #expect(error?.kind == .unavailable)
        #expect(error?.message.contains(folder.file("outbox").path) == true)
    }
}
