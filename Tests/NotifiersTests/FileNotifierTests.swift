import Alerting
import Foundation
import Notifiers
import Synchronization
import Testing

/// `[logger]` (KubeCapWatch's `logger` notifier) and the notifier that keeps retrying its own set-up.
@Suite struct FileNotifierTests {
    @Test func appendsOneLinePerAlertToAPrivateFile() async throws {
        let folder = TemporaryFolder()
        defer { folder.cleanUp() }
        try FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true)
        let path = folder.url.appendingPathComponent("alerts.log").path
        let logger = try FileNotifier(configuration: .init(path: path))
        try await logger.deliver(Fixtures.mixed)
        try await logger.deliver(Fixtures.single("node-z"))
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines[0].hasPrefix("2026-"), "\(lines[0])")
        #expect(lines[0].hasSuffix("FIRING node/node-a cpu_requests 91.25% > 80% (3650m of 4000m allocatable) cluster=prod for 15m"), "\(lines[0])")
        #expect(lines[4].contains("FIRING node/node-z"))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let json = try FileNotifier(configuration: .init(path: path, format: .json))
        try await json.deliver(Fixtures.single("node-j"))
        let last = try #require(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").last)
        let object = try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any]
        #expect(object?["name"] as? String == "node-j")
    }

    @Test func aMissingFolderIsASetUpProblemAndAFailedWriteIsReported() async throws {
        #expect {
            _ = try FileNotifier(configuration: .init(path: "/nonexistent/kcw/alerts.log"))
        } throws: { error in
            let error = error as? NotifierError
            return error?.reason == .unavailable && error?.key == "logfile"
                && error?.message == "the folder /nonexistent/kcw does not exist"
        }
        #expect {
            _ = try FileNotifier(configuration: .init(path: "alerts.log"))
        } throws: { ($0 as? NotifierError)?.reason == .configuration }

        let folder = TemporaryFolder()
        defer { folder.cleanUp() }
        try FileManager.default.createDirectory(at: folder.url.appendingPathComponent("alerts.log"), withIntermediateDirectories: true)
        let logger = try FileNotifier(configuration: .init(path: folder.url.appendingPathComponent("alerts.log").path))
        let error = try await #require(throws: NotifierError.self) { try await logger.deliver(Fixtures.mixed) }
        #expect(error.reason == .unavailable)
        #expect(error.message.hasSuffix("Is a directory"), "\(error)")
    }

    @Test func deferredNotifierTriesItsSetUpAgainAtEachDelivery() async throws {
        let folder = TemporaryFolder()
        defer { folder.cleanUp() }
        let path = folder.url.appendingPathComponent("alerts.log").path
        let attempts = Mutex(0)
        let deferred = DeferredNotifier(name: "logger") { () throws(NotifierError) -> any Notifier in
            attempts.withLock { $0 += 1 }
            return try FileNotifier(configuration: .init(path: path))
        }
        let error = try await #require(throws: NotifierError.self) { try await deferred.deliver(Fixtures.mixed) }
        #expect(error.reason == .unavailable && error.notifier == "logger" && error.key == "logfile")
        #expect(error.isPermanent)  // parked, tried again before the next notification

        try FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true)
        try await deferred.deliver(Fixtures.mixed)
        try await deferred.deliver(Fixtures.single("node-z"))
        #expect(attempts.withLock { $0 } == 2)
        #expect(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count == 5)
    }
}
