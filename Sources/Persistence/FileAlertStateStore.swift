import Alerting
import Foundation

/// The file backend of ``AlertStateStore``: the ``AlertTrackerState`` in one JSON file (`[state] path`).
///
/// Writes are atomic and durable (``AtomicFile``: temporary file in the same folder, fsync, rename, fsync of
/// the folder); the file is readable by the service's user only (0600).
/// Loading never fails: a missing file is a clean start; an unreadable, corrupt or unknown-format file is
/// renamed to `<name>.corrupt-<UTC timestamp>` for a person to look at, and the load reports a warning.
///
/// The file is an envelope with a format version around the state:
/// ```json
/// {"format": "kubecapwatch/alert-state", "formatVersion": 1, "savedAt": "2026-11-23T10:00:00.000Z",
///  "state": {"open": [ … ], "consecutiveFailures": 0, …}}
/// ```
/// Dates are ISO 8601 UTC with milliseconds.
public struct FileAlertStateStore: AlertStateStore {
    /// The version this build writes and the only one it reads.
    public static let formatVersion = 1
    static let formatName = "kubecapwatch/alert-state"

    /// The state file.
    public let url: URL

    public init(url: URL) {
        self.url = url
    }

    public init(path: String) {
        self.init(url: URL(fileURLWithPath: path))
    }

    public var location: String { url.path }

    /// Reads the saved state; never fails (see ``AlertStateStore/load(now:)``). `now` names a moved-aside file.
    public func load(now: Date) -> LoadedAlertState {
        removeStaleTemporaryFiles()
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            if Self.isMissingFile(error) { return LoadedAlertState(state: AlertTrackerState()) }
            return setAside(because: "unreadable (\(Self.describe(error)))", now: now)
        }
        do {
            return LoadedAlertState(state: try Self.decode(data))
        } catch {
            return setAside(because: "corrupt (\(Self.describe(error)))", now: now)
        }
    }

    /// Writes `state` atomically, creating the folder if needed. `now` is recorded as `savedAt`.
    public func save(_ state: AlertTrackerState, now: Date) throws(StateStoreError) {
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw StateStoreError(.unavailable, "create folder \(folder.path): \(Self.describe(error))")
        }
        let envelope = Envelope(format: Self.formatName, formatVersion: Self.formatVersion, savedAt: now, state: state)
        let data: Data
        do {
            data = try Self.encoder.encode(envelope)
        } catch {
            throw StateStoreError(.unencodable, "encode alert state: \(Self.describe(error))")
        }
        do {
            try AtomicFile.replace(url, with: data)
        } catch {
            throw StateStoreError(error)
        }
    }

    private struct Envelope: Codable {
        var format: String
        var formatVersion: Int
        var savedAt: Date
        var state: AlertTrackerState
    }

    /// Only the header, so an unknown version is refused by name rather than by a confusing decode error.
    private struct Header: Decodable {
        var format: String
        var formatVersion: Int
    }

    static func decode(_ data: Data) throws -> AlertTrackerState {
        let header = try decoder.decode(Header.self, from: data)
        guard header.format == formatName else {
            throw FormatError("format is \"\(header.format)\", expected \"\(formatName)\"")
        }
        guard header.formatVersion == formatVersion else {
            throw FormatError("format version \(header.formatVersion), this build reads version \(formatVersion)")
        }
        return try decoder.decode(Envelope.self, from: data).state
    }

    /// A file of another format or version, refused by name.
    private struct FormatError: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }

    private func setAside(because problem: String, now: Date) -> LoadedAlertState {
        let destination = asideURL(now: now)
        do {
            try AtomicFile.move(url, to: destination)
            return LoadedAlertState(state: AlertTrackerState(),
                                    warning: "alert state \(url.path) is \(problem); moved it to \(destination.path) and started with no open alerts",
                                    setAside: destination.path)
        } catch {
            return LoadedAlertState(state: AlertTrackerState(),
                                    warning: "alert state \(url.path) is \(problem) and could not be moved aside (\(error)); started with no open alerts")
        }
    }

    /// `state.json.corrupt-20261123T100000Z`, with `-2`, `-3`… when that name is taken.
    private func asideURL(now: Date) -> URL {
        let base = "\(url.lastPathComponent).corrupt-\(Self.compactTimestamp(now))"
        let folder = url.deletingLastPathComponent()
        var candidate = folder.appendingPathComponent(base)
        var suffix = 2
        while FileManager.default.fileExists(atPath: candidate.path) {
            candidate = folder.appendingPathComponent("\(base)-\(suffix)")
            suffix += 1
        }
        return candidate
    }

    /// A crash between creating and renaming the temporary file leaves it behind; it is never the state.
    private func removeStaleTemporaryFiles() {
        let folder = url.deletingLastPathComponent()
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        for name in names where AtomicFile.isTemporary(name, of: url.lastPathComponent) {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
    }

    private static func isMissingFile(_ error: any Error) -> Bool {
        if let cocoa = error as? CocoaError, cocoa.code == .fileReadNoSuchFile { return true }
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        return underlying?.domain == NSPOSIXErrorDomain && underlying?.code == Int(ENOENT)
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case let error as FormatError: error.message
        case let error as DecodingError: describe(decoding: error)
        default: error.localizedDescription
        }
    }

    private static func describe(decoding error: DecodingError) -> String {
        let (context, what): (DecodingError.Context, String) = switch error {
        case .typeMismatch(_, let c): (c, "wrong type")
        case .valueNotFound(_, let c): (c, "missing value")
        case .keyNotFound(let key, let c): (c, "missing key \"\(key.stringValue)\"")
        case .dataCorrupted(let c): (c, "invalid data")
        @unknown default: (DecodingError.Context(codingPath: [], debugDescription: ""), "invalid data")
        }
        let path = context.codingPath.map(\.stringValue).joined(separator: ".")
        let detail = context.debugDescription.isEmpty ? "" : ": \(context.debugDescription)"
        return path.isEmpty ? "\(what)\(detail)" : "\(what) at \(path)\(detail)"
    }

    private static func compactTimestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return "\(c.year ?? 0)\(two(c.month))\(two(c.day))T\(two(c.hour))\(two(c.minute))\(two(c.second))Z"
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(Self.iso8601WithMilliseconds))
        }
        return encoder
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            if let date = try? Self.iso8601WithMilliseconds.parse(text) { return date }
            if let date = try? Date.ISO8601FormatStyle().parse(text) { return date }
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO 8601 date: \"\(text)\"")
        }
        return decoder
    }

    private static let iso8601WithMilliseconds = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
}
