import Foundation
import Logging

/// Logging to standard error (the journal under systemd), at the configured level; set up once per process.
enum Logs {
    private static let once: Void = {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
    }()

    static func logger(_ label: String = "kubecapwatch", level: String) -> Logger {
        _ = once
        var logger = Logger(label: label)
        logger.logLevel = Logger.Level(rawValue: level) ?? .info
        return logger
    }
}
