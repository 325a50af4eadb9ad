import Alerting
import Foundation
import Persistence

/// Appends one line per alert to a file: `[logger]`, the `logger` notifier of KubeCapWatch configs.
///
/// The file is opened for each notification (so a rotated log is followed), created mode 600, and written in
/// one `write` per notification with `O_APPEND`, so lines of concurrent writers never interleave.
public struct FileNotifier: Notifier {
    /// `[logger]` settings.
    public struct Configuration: Sendable, Equatable {
        /// `logfile`, an absolute path.
        public var path: String
        /// `text`: a timestamp and the console's line; `json`: the console's JSON object.
        public var format: ConsoleNotifier.Configuration.Format

        public init(path: String, format: ConsoleNotifier.Configuration.Format = .text) {
            self.path = path
            self.format = format
        }
    }

    public let name: String
    private let configuration: Configuration

    /// Checks that the file's folder exists now, so a typo surfaces at start-up.
    public init(name: String = "logger", configuration: Configuration) throws(NotifierError) {
        self.name = name
        self.configuration = configuration
        guard configuration.path.hasPrefix("/") else {
            throw NotifierError(notifier: name, reason: .configuration, key: "logfile", message: "expected an absolute path")
        }
        let folder = (configuration.path as NSString).deletingLastPathComponent
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw NotifierError(notifier: name, reason: .unavailable, key: "logfile",
                                message: "the folder \(folder) does not exist")
        }
    }

    public func deliver(_ notification: AlertNotification) async throws(NotifierError) {
        let at = notification.createdAt
        let lines = notification.alerts.map { alert in
            switch configuration.format {
            case .text:
                "\(ConsoleJSONLine.timestamp(at)) " + AlertText.line(alert, at: at, isTest: notification.isTest)
            case .json:
                ConsoleJSONLine.render(alert, in: notification, at: at)
            }
        }
        guard !lines.isEmpty else { return }
        let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        let fd = open(configuration.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure(errno) }
        defer { close(fd) }
        if let code = bytes.withUnsafeBytes({ FileDescriptorWriter.writeAll(fd, $0) }) { throw failure(code) }
    }

    private func failure(_ code: Int32) -> NotifierError {
        NotifierError(notifier: name, reason: .unavailable, key: "logfile",
                      message: "cannot write \(configuration.path): \(String(cString: strerror(code)))")
    }
}
