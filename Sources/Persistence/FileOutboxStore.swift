import Foundation

/// The file backend of ``OutboxStore``: one folder per notifier, one JSON file per pending entry, and the ids
/// delivered last.
///
/// Layout under `[state] outbox_dir`:
/// ```
/// <outbox_dir>/<notifier>/<createdAt-ms>-<notification-id>.json   pending, name order = delivery order
/// <outbox_dir>/<notifier>/delivered.json                           last delivered ids, to drop resubmissions
/// ```
/// Every write is atomic (``AtomicFile``). Files are readable by the service's user only (0600, folders 0700):
/// notifications name nodes, pods and namespaces.
public struct FileOutboxStore: OutboxStore {
    /// `[state] outbox_dir`.
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// The folder of `notifier`'s entries.
    public func folder(for notifier: String) -> URL {
        directory.appendingPathComponent(Self.safe(notifier), isDirectory: true)
    }

    public func save(_ entry: OutboxEntry) throws(StateStoreError) {
        let folder = folder(for: entry.notifier)
        try makePrivateFolder(folder)
        let data: Data
        do {
            data = try Self.encoder.encode(entry)
        } catch {
            throw StateStoreError(.unencodable, "encode outbox entry: \(error)")
        }
        try Self.replace(folder.appendingPathComponent(Self.fileName(of: entry)), with: data)
    }

    public func remove(_ entry: OutboxEntry) throws(StateStoreError) {
        do {
            try AtomicFile.remove(folder(for: entry.notifier).appendingPathComponent(Self.fileName(of: entry)))
        } catch {
            throw StateStoreError(error)
        }
    }

    /// The entries in `notifier`'s folder in name (delivery) order; a missing or unreadable folder has none.
    /// Unreadable files are renamed to `*.corrupt`; temporary files a crash left behind are removed.
    public func pending(notifier: String) -> OutboxContents {
        let folder = folder(for: notifier)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return OutboxContents() }
        var contents = OutboxContents()
        for name in names.sorted() {
            let url = folder.appendingPathComponent(name)
            if AtomicFile.isTemporary(name) {
                try? FileManager.default.removeItem(at: url)
                continue
            }
            guard name.hasSuffix(".json"), name != Self.ledgerName else { continue }
            do {
                var entry = try Self.decoder.decode(OutboxEntry.self, from: Data(contentsOf: url))
                entry.notifier = notifier
                contents.entries.append(entry)
            } catch {
                contents.unreadable.append(.init(location: url.path, problem: "\(error)"))
                try? FileManager.default.moveItem(at: url, to: url.appendingPathExtension("corrupt"))
            }
        }
        return contents
    }

    /// The ids in `notifier`'s ledger, oldest first; none when it is missing or unreadable.
    public func delivered(notifier: String) -> [String] {
        guard let data = try? Data(contentsOf: folder(for: notifier).appendingPathComponent(Self.ledgerName)),
              let ids = try? JSONDecoder().decode([String].self, from: data) else { return [] }
        return ids
    }

    public func saveDelivered(_ ids: [String], notifier: String) throws(StateStoreError) {
        let folder = folder(for: notifier)
        try makePrivateFolder(folder)
        let data: Data
        do {
            data = try JSONEncoder().encode(ids)
        } catch {
            throw StateStoreError(.unencodable, "encode delivered ids: \(error)")
        }
        try Self.replace(folder.appendingPathComponent(Self.ledgerName), with: data)
    }

    /// `<createdAt in ms, zero-padded>-<id>.json`: name order is delivery order.
    static func fileName(of entry: OutboxEntry) -> String {
        let millis = max(0, Int64((entry.notification.createdAt.timeIntervalSince1970 * 1000).rounded()))
        let padded = String(repeating: "0", count: max(0, 15 - String(millis).count)) + String(millis)
        return "\(padded)-\(safe(entry.notification.id)).json"
    }

    /// File-name-safe form of an id or notifier name; ids are hex already, names are config keys.
    static func safe(_ text: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        let cleaned = String(text.map { allowed.contains($0) ? $0 : "_" })
        return cleaned.isEmpty || cleaned.hasPrefix(".") ? "_" + cleaned : cleaned
    }

    private static func replace(_ url: URL, with data: Data) throws(StateStoreError) {
        do {
            try AtomicFile.replace(url, with: data)
        } catch {
            throw StateStoreError(error)
        }
    }

    /// Creates `folder` (and the outbox folder above it) readable by the service's user only, like the files in
    /// it. Folders of an older version, created 0755, are tightened too.
    private func makePrivateFolder(_ folder: URL) throws(StateStoreError) {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw StateStoreError(.unavailable, "create folder \(folder.path): \(error.localizedDescription)")
        }
        for owned in [directory, folder] {
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
