import Foundation
import Logging

/// The durable queue of undelivered notifications: one folder per notifier, one JSON file per
/// pending (notification, notifier) pair, and a short ledger of delivered ids.
///
/// Layout under `[state] outbox_dir`:
/// ```
/// <outbox_dir>/<notifier>/<createdAt-ms>-<notification-id>.json   pending, name order = delivery order
/// <outbox_dir>/<notifier>/delivered.json                           last delivered ids, to drop resubmissions
/// ```
/// Every write is atomic (temporary file, fsync, rename). Delivery is at least once: a crash between a
/// successful send and the removal of its file sends it again on the next start; the ledger makes a
/// resubmission of an already delivered id (after a restart of the alert engine) a no-op.
struct Outbox: Sendable {
    /// Nil keeps everything in memory only (tests, `notify-test`).
    let directory: URL?
    /// How many delivered ids each ledger remembers.
    static let ledgerSize = 256

    init(directory: URL?) {
        self.directory = directory
    }

    func folder(for notifier: String) -> URL? {
        directory?.appendingPathComponent(OutboxEntry.safe(notifier), isDirectory: true)
    }

    /// Writes or rewrites `entry`'s file.
    func save(_ entry: OutboxEntry) throws {
        guard let folder = folder(for: entry.notifier) else { return }
        try makePrivateFolder(folder)
        try AtomicFile.write(try Outbox.encoder.encode(entry), to: folder.appendingPathComponent(entry.fileName))
    }

    func remove(_ entry: OutboxEntry) throws {
        guard let folder = folder(for: entry.notifier) else { return }
        try AtomicFile.remove(folder.appendingPathComponent(entry.fileName))
    }

    /// The pending entries of `notifier` in delivery order. Unreadable files are renamed to
    /// `*.corrupt` with a warning rather than blocking the queue or being retried forever.
    func load(notifier: String, logger: Logger) -> [OutboxEntry] {
        guard let folder = folder(for: notifier),
              let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        var entries: [OutboxEntry] = []
        for name in names.sorted() {
            let url = folder.appendingPathComponent(name)
            if name.hasPrefix(".tmp-") {
                try? FileManager.default.removeItem(at: url)
                continue
            }
            guard name.hasSuffix(".json"), name != Outbox.ledgerName else { continue }
            do {
                var entry = try Outbox.decoder.decode(OutboxEntry.self, from: Data(contentsOf: url))
                entry.notifier = notifier
                entries.append(entry)
            } catch {
                logger.warning("outbox file unreadable, moved aside", metadata: [
                    "notifier": "\(notifier)", "file": "\(url.path)", "error": "\(error)",
                ])
                try? FileManager.default.moveItem(at: url, to: url.appendingPathExtension("corrupt"))
            }
        }
        return entries
    }

    /// Ids recently delivered through `notifier`, oldest first.
    func ledger(notifier: String) -> [String] {
        guard let folder = folder(for: notifier),
              let data = try? Data(contentsOf: folder.appendingPathComponent(Outbox.ledgerName)),
              let ids = try? JSONDecoder().decode([String].self, from: data) else { return [] }
        return ids
    }

    func saveLedger(_ ids: [String], notifier: String) throws {
        guard let folder = folder(for: notifier) else { return }
        try makePrivateFolder(folder)
        try AtomicFile.write(try JSONEncoder().encode(Array(ids.suffix(Outbox.ledgerSize))),
                             to: folder.appendingPathComponent(Outbox.ledgerName))
    }

    /// Creates `folder` (and the outbox folder above it) readable by the service's user only, like the files in
    /// it: notifications name nodes, pods and namespaces. Folders of an older version, created 0755, are
    /// tightened too.
    private func makePrivateFolder(_ folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        for owned in [directory, folder].compactMap({ $0 }) {
            var status = stat()
            if stat(owned.path, &status) == 0, status.st_mode & 0o077 != 0 { _ = chmod(owned.path, 0o700) }
        }
    }

    private static let ledgerName = "delivered.json"

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return encoder
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }
}
