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
    public var state: State
    /// The `[policy NAME]` sections in effect (after `policies` filtering), in file order.
    public var policies: [Policy]
    /// Whether the `default` policy (the `[general]` thresholds) is in effect.
    public var defaultPolicyEnabled: Bool
    /// The values as printed by `check-config`, in schema order, secrets redacted.
    public var effective: [EffectiveSection]

    /// What is compared with thresholds.
    public enum Scope: String, Sendable { case all, node, pod }
    /// Which resources are checked.
    public enum ReportType: String, Sendable { case all, cpu, memory }

    /// The four thresholds; nil means switched off.
    public struct Thresholds: Sendable, Equatable {
        public var cpuRequest: Threshold?
        public var cpuLimit: Threshold?
        public var memRequest: Threshold?
        public var memLimit: Threshold?

        public init(cpuRequest: Threshold?, cpuLimit: Threshold?, memRequest: Threshold?, memLimit: Threshold?) {
            self.cpuRequest = cpuRequest
            self.cpuLimit = cpuLimit
            self.memRequest = memRequest
            self.memLimit = memLimit
        }
    }

    /// `[general]`.
    public struct General: Sendable {
        public var notifiers: [String]
        public var policyNames: [String]
        public var scope: Scope
        /// Seconds between scan starts.
        public var interval: Int
        public var reportType: ReportType
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
        public var nodeSelector: String?
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
        public var smtpURL: String
        public var starttlsRequired: Bool
        public var username: String?
        public var password: Secret?
        public var caFile: String?
        public var from: String
        public var to: [String]
        public var subjectPrefix: String
        /// Seconds.
        public var timeout: Int
        public var sendResolved: Bool
    }

    /// `[state]`.
    public struct State: Sendable {
        public var path: String
        public var outboxDirectory: String
        /// Seconds.
        public var outboxMaxAge: Int
    }

    /// `[policy NAME]`, with thresholds not given inherited from `[general]`.
    public struct Policy: Sendable {
        public var name: String
        public var namespaces: [String]
        public var nodeSelector: String?
        public var thresholds: Thresholds
        public var line: Int
    }
}

/// A secret value (webhook URL, password) that never prints itself.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The secret itself: hand it only to the component that needs it.
    public let value: String
    /// Where it came from, for messages: `inline` or the file path.
    public let origin: String

    public init(value: String, origin: String) {
        self.value = value
        self.origin = origin
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
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
