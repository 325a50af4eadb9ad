import Capacity
import Foundation
import KubeModel

/// The type of a configuration value: how it is parsed, and what an error says was expected.
public enum ValueKind: Sendable, Equatable {
    case integer(ClosedRange<Int>)
    /// A percentage from 0 to 1000 with up to three decimals, or `off`.
    case threshold
    /// Seconds, or a number with `s`, `m`, `h` or `d`, between the given numbers of seconds: the maximum keeps
    /// every value within what the clocks and timers that use it can hold.
    case duration(minimum: Int, maximum: Int)
    case boolean
    case choice([String])
    /// Comma-separated values (or one per continuation line), each from the given set when it is not empty.
    case list(of: [String])
    case text
    case path
    /// A URL whose scheme is one of these.
    case url(schemes: [String])
    /// A mail server: `smtp://HOST[:PORT]`, `smtps://HOST[:PORT]`, or KubeCapWatch's bare `HOST` or `HOST:PORT`,
    /// which means plain `smtp://HOST:PORT` (port 25 when none is given).
    case smtpServer
    case labelSelector
    /// `off`, or an address and port to listen on (``ListenAddress``).
    case listenAddress

    /// What the value should look like, for error messages.
    var expectation: String {
        switch self {
        case .integer(let range): return "a whole number between \(range.lowerBound) and \(range.upperBound)"
        case .threshold: return "a number between 0 and 1000 (a percentage, up to 3 decimals) or \"off\""
        case .duration(let minimum, let maximum):
            return "a duration such as 30s, 5m, 1h or 1d, from \(DurationText.format(minimum)) to \(DurationText.format(maximum))"
        case .boolean: return "true or false"
        case .choice(let options): return "one of " + options.joined(separator: ", ")
        case .list(let options) where !options.isEmpty:
            return "a comma-separated list of " + options.joined(separator: ", ")
        case .list: return "a comma-separated list"
        case .text: return "a value"
        case .path: return "a file path"
        case .url(let schemes): return "a URL starting with " + schemes.map { "\($0)://" }.joined(separator: " or ")
        case .smtpServer: return "smtp://HOST:PORT, smtps://HOST:PORT, HOST or HOST:PORT"
        case .labelSelector: return "a label selector such as \"role=worker,zone in (a,b)\""
        case .listenAddress: return "off, or an IP address and port such as 127.0.0.1:9798 or [::1]:9798"
        }
    }

    /// Parses `raw`, or returns the reason it is not acceptable.
    func parse(_ raw: String) -> Result<ConfigValue, ValueError> {
        switch self {
        case .integer(let range):
            guard let number = Int(raw), range.contains(number) else { return .failure(.expected(self, raw)) }
            return .success(.integer(number))
        case .threshold:
            if ["off", "none", "disabled"].contains(raw.lowercased()) { return .success(.threshold(nil)) }
            guard let threshold = Threshold(parsing: raw) else { return .failure(.expected(self, raw)) }
            return .success(.threshold(threshold))
        case .duration(let minimum, let maximum):
            guard let seconds = Self.seconds(raw), (minimum...maximum).contains(seconds) else {
                return .failure(.expected(self, raw))
            }
            return .success(.duration(seconds))
        case .boolean:
            switch raw.lowercased() {
            case "true", "yes", "on", "1": return .success(.boolean(true))
            case "false", "no", "off", "0": return .success(.boolean(false))
            default: return .failure(.expected(self, raw))
            }
        case .choice(let options):
            guard let match = options.first(where: { $0 == raw.lowercased() }) else {
                return .failure(.expected(self, raw))
            }
            return .success(.text(match))
        case .list(let options):
            let items = Self.listItems(raw)
            if !options.isEmpty, let bad = items.first(where: { !options.contains($0.lowercased()) }) {
                return .failure(.expected(self, bad))
            }
            return .success(.list(options.isEmpty ? items : items.map { $0.lowercased() }))
        case .text, .path:
            if raw.contains("\n") { return .failure(.message("expected a single value, not continuation lines")) }
            return .success(.text(raw))
        case .url(let schemes):
            guard let components = URLComponents(string: raw), let scheme = components.scheme?.lowercased(),
                  schemes.contains(scheme), let host = components.host, !host.isEmpty
            else { return .failure(.expected(self, Self.redactedURL(raw))) }
            return .success(.text(raw))
        case .smtpServer:
            guard let url = SMTPServerAddress.url(raw) else { return .failure(.expected(self, raw)) }
            return .success(.text(url))
        case .labelSelector:
            guard let selector = try? LabelSelector(parsing: raw) else { return .failure(.expected(self, raw)) }
            return .success(.labelSelector(selector))
        case .listenAddress:
            if raw.lowercased() == "off" { return .success(.text("off")) }
            guard let address = ListenAddress(parsing: raw) else { return .failure(.expected(self, raw)) }
            return .success(.text(address.description))
        }
    }

    /// Items of a list value: commas and continuation lines both separate; blanks are dropped.
    static func listItems(_ raw: String) -> [String] {
        raw.split(whereSeparator: { $0 == "," || $0 == "\n" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    /// The number of seconds `raw` means, nil when it is not a duration or does not fit an `Int`
    /// (`9223372036854775807d` must be refused, not overflow).
    static func seconds(_ raw: String) -> Int? {
        let text = raw.lowercased()
        let units: [(String, Int)] = [("s", 1), ("m", 60), ("h", 3600), ("d", 86_400)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            guard let number = Int(text.dropLast()) else { return nil }
            let (product, overflow) = number.multipliedReportingOverflow(by: factor)
            return overflow ? nil : product
        }
        return Int(text)
    }

    /// A URL shown without path, query or credentials: webhook URLs carry their secret in the path.
    static func redactedURL(_ raw: String) -> String {
        guard let components = URLComponents(string: raw), let host = components.host else { return "<redacted>" }
        return "\(components.scheme ?? "")://\(host)/…"
    }
}

/// Why a value was refused.
enum ValueError: Error, Equatable {
    case expected(ValueKind, String)
    case message(String)

    var text: String {
        switch self {
        case .expected(let kind, let raw): return "expected \(kind.expectation), got \"\(raw)\"" + Self.hint(raw)
        case .message(let message): return message
        }
    }

    private static func hint(_ raw: String) -> String {
        raw.contains("#") ? " (inline comments start with \" ;\", not \"#\")" : ""
    }
}

/// A parsed configuration value.
enum ConfigValue: Equatable {
    case integer(Int)
    case threshold(Threshold?)
    case duration(Int)
    case boolean(Bool)
    case text(String)
    case list([String])
    case labelSelector(LabelSelector)
}
