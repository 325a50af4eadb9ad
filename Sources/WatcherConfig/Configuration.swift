import Capacity
import KubeModel

/// The validated configuration of kubecapwatch, with every default filled in.
public struct Configuration: Sendable {
    /// The path the configuration was read from, as given.
    public var file: String
    public var general: General
    public var kubernetes: Kubernetes
    public var console: Console
    /// Present when a `[slack]` section exists.
    public var slack: Slack?
    /// Present when an `[email]` section exists.
    public var email: Email?
    /// `[logger]`: present when the section exists.
    public var logFile: LogFile?
    public var state: State
    /// `[http]`.
    public var http: HTTP
    /// The `[policy NAME]` sections in effect (after `policies` filtering), in file order.
    public var policies: [Policy]
    /// Whether the `default` policy (the `[general]` thresholds) is in effect.
    public var defaultPolicyEnabled: Bool
    /// The values as printed by `check-config`, in schema order, secrets redacted.
    public var effective: [EffectiveSection]
    /// Where each key was set, to place problems found after loading (by a notifier's own checks) at their line.
    public var locations: ConfigLocations

    /// `[general]`.
    public struct General: Sendable {
        public var notifiers: [String]
        public var policyNames: [String]
        /// What is compared with thresholds.
        public var scope: CapacityScope
        /// Seconds between scan starts.
        public var interval: Int
        /// Which resources are checked.
        public var reportType: CapacityReportType
        /// The four thresholds; nil means switched off.
        public var thresholds: Thresholds
        public var reminderCount: Int
        /// Namespaces whose pods count; empty means all.
        public var namespaces: [String]
        public var unreachableAfter: Int
        public var logLevel: String
    }

    /// `[kubernetes]`.
    public struct Kubernetes: Sendable {
        public var kubeconfig: String?
        public var context: String?
        public var snapshots: [String]
        public var clusterName: String?
        /// The nodes watched at all; nil watches every node.
        public var nodeSelector: LabelSelector?
        /// Seconds.
        public var requestTimeout: Int
        /// Seconds.
        public var connectTimeout: Int
        /// Seconds an exec credential plugin may run.
        public var execTimeout: Int
        public var pageSize: Int
    }

    /// `[console]`.
    public struct Console: Sendable {
        public var format: String
        public var colour: String
        public var sendResolved: Bool
    }

    /// `[slack]`.
    public struct Slack: Sendable {
        public var webhookURL: Secret
        public var channel: String?
        public var username: String
        public var iconEmoji: String?
        public var mention: String?
        public var caFile: String?
        /// Seconds.
        public var timeout: Int
        public var sendResolved: Bool
    }

    /// `[email]`.
    public struct Email: Sendable {
        /// `smtp://HOST:PORT` or `smtps://HOST:PORT`; a bare `HOST[:PORT]` in the file is already turned into a URL.
        public var smtpURL: String
        /// `auto`, `required` or `off`; the notifier decides what `auto` means for the host.
        public var starttls: String
        public var username: String?
        public var password: Secret?
        public var caFile: String?
        /// `from`, or the first recipient when it is not set (as KubeCapWatch sent its mail).
        public var from: String
        public var to: [String]
        public var subjectPrefix: String
        /// Seconds.
        public var timeout: Int
        public var sendResolved: Bool
    }

    /// `[logger]`: alert lines appended to a file (KubeCapWatch's `logger` notifier).
    public struct LogFile: Sendable {
        /// The file, resolved against the config file's folder.
        public var path: String
        public var format: String
        public var sendResolved: Bool
    }

    /// `[state]`.
    public struct State: Sendable {
        public var path: String
        public var outboxDirectory: String
        /// Seconds.
        public var outboxMaxAge: Int
    }

    /// `[http]`: `run`'s HTTP service.
    public struct HTTP: Sendable {
        /// Nil when `listen = off`.
        public var listen: ListenAddress?
        /// The bearer token of the control endpoints; nil disables them (403).
        public var tokenFile: Secret?
        /// Per-pod series on `/metrics`.
        public var podMetrics: Bool
    }

    /// `[policy NAME]`, with thresholds not given inherited from `[general]`.
    public struct Policy: Sendable {
        public var name: String
        public var namespaces: [String]
        /// The nodes (and their pods) it applies to; nil does not narrow by node.
        public var nodeSelector: LabelSelector?
        public var thresholds: Thresholds
        public var line: Int
    }
}

/// A secret (webhook URL, password) given inline or as a file, that never prints itself.
///
/// A file is read when the secret is needed (``read()``), not when the configuration is loaded: a file that
/// cannot be read is then the problem of the one notifier that needs it, which `check-config` reports and `run`
/// works around (the other notifiers go on; this one retries), instead of a configuration error.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    private let inlineValue: String?
    /// The file holding the secret, resolved; nil when it is given inline.
    public let path: String?
    /// The key it was given under, such as `webhook_url` or `webhook_url_file`.
    public let key: String

    /// The longest secret file read: webhook URLs and passwords are short.
    static let fileLimit = 64 * 1024

    public init(inline value: String, key: String) {
        inlineValue = value
        path = nil
        self.key = key
    }

    public init(file path: String, key: String) {
        inlineValue = nil
        self.path = path
        self.key = key
    }

    /// `inline` or the file's path, for messages.
    public var origin: String { path ?? "inline" }

    /// The secret now: the inline value, or the file's content without surrounding white space.
    public func read() -> Result<String, SecretError> {
        if let inlineValue { return .success(inlineValue) }
        let path = path ?? ""
        switch BoundedFile.read(path, limit: Self.fileLimit) {
        case .failure(let failure):
            return .failure(SecretError(key: key, message: "cannot read \(path): \(failure.reason)"))
        case .success(let data):
            let value = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !value.isEmpty else { return .failure(SecretError(key: key, message: "\(path) is empty")) }
            return .success(value)
        }
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}

/// Why a secret could not be read; names the file, never its content.
public struct SecretError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The key the secret was given under (`webhook_url_file`).
    public var key: String
    public var message: String

    public var description: String { "\(key): \(message)" }
}

/// Lines of sections and keys as written in the file, for messages about them.
public struct ConfigLocations: Sendable {
    /// A key as set in the file: its line and its spelling there (an alias, perhaps).
    public struct Key: Sendable, Equatable {
        public var line: Int
        public var writtenKey: String
    }

    var sections: [String: Int] = [:]
    var keys: [String: [String: Key]] = [:]

    /// Where `key` (canonical name) of section instance `section` was set, nil when it was not.
    public func key(_ key: String, in section: String) -> Key? { keys[section]?[key] }

    /// The line of the first `[section]` header, nil when there is none.
    public func section(_ section: String) -> Int? { sections[section] }
}

extension Configuration {
    /// A problem with `key` of `[section]` found after loading, placed at the key's line (or the section's) and
    /// named as the file spells it.
    public func issue(section: String, key: String?, message: String) -> ConfigIssue {
        let location = key.flatMap { locations.key($0, in: section) }
        return ConfigIssue(file: file, line: location?.line ?? locations.section(section),
                           key: location?.writtenKey ?? key, message: message)
    }
}

/// One section of the effective configuration, for printing.
public struct EffectiveSection: Sendable {
    public var header: String
    public var values: [EffectiveValue]
}

/// One key of the effective configuration, already redacted when secret.
public struct EffectiveValue: Sendable {
    public var key: String
    public var display: String
    public var isDefault: Bool
}
