import Alerting
import Foundation
import Persistence

/// Prints one line per alert on standard output, for journald and log shippers.
public struct ConsoleNotifier: Notifier {
    /// `[console]` settings.
    public struct Configuration: Sendable, Equatable {
        /// `format = text|json`.
        public enum Format: String, Sendable, CaseIterable { case text, json }
        /// `colour = auto|always|never`; auto colours only a terminal without `NO_COLOR`.
        public enum Colour: String, Sendable, CaseIterable { case auto, always, never }

        public var format: Format
        public var colour: Colour

        public init(format: Format = .text, colour: Colour = .auto) {
            self.format = format
            self.colour = colour
        }
    }

    public let name: String
    private let configuration: Configuration
    private let write: @Sendable (String) -> Void
    private let useColour: Bool

    /// Durations ("for 15m") are measured to the notification's scan time, so the same notification
    /// prints the same lines whenever it is delivered, as in Slack and email.
    ///
    /// - Parameters:
    ///   - write: receives each line without its newline; the default writes to standard output.
    ///   - isTerminal: whether the output is a terminal, for `colour = auto`; the default asks `isatty(1)`.
    public init(name: String = "console", configuration: Configuration = Configuration(),
                isTerminal: Bool? = nil,
                write: @escaping @Sendable (String) -> Void = ConsoleNotifier.standardOutput) {
        self.name = name
        self.configuration = configuration
        self.write = write
        switch configuration.colour {
        case .always: useColour = true
        case .never: useColour = false
        case .auto:
            useColour = (isTerminal ?? (isatty(STDOUT_FILENO) == 1))
                && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
                && ProcessInfo.processInfo.environment["TERM"] != "dumb"
        }
    }

    public func deliver(_ notification: AlertNotification) async throws(NotifierError) {
        let at = notification.createdAt
        for alert in notification.alerts {
            switch configuration.format {
            case .text: write(colour(AlertText.line(alert, at: at, isTest: notification.isTest), alert.state))
            case .json: write(ConsoleJSONLine.render(alert, in: notification, at: at))
            }
        }
    }

    /// Writes a line and its newline to file descriptor 1 in one call, so lines from concurrent
    /// writers do not interleave.
    public static let standardOutput: @Sendable (String) -> Void = { line in
        let bytes = Array((line + "\n").utf8)
        // A closed or full stdout loses the line; there is nowhere else to say so.
        _ = bytes.withUnsafeBytes { FileDescriptorWriter.writeAll(STDOUT_FILENO, $0) }
    }

    private func colour(_ line: String, _ state: AlertState) -> String {
        guard useColour else { return line }
        let code = switch state {
        case .firing: "31"
        case .reminder: "33"
        case .resolved: "32"
        }
        return "\u{1B}[\(code)m\(line)\u{1B}[0m"
    }
}
