import Capacity

/// One key a section accepts: its type, default and the sentence that documents it.
///
/// The schema is the single source of the configuration reference: the loader validates against it,
/// `config.ini.example` and the README's reference table are generated from it (and tests check they are current).
public struct KeySpec: Sendable {
    public var name: String
    public var kind: ValueKind
    /// The default as written in a config file; empty when the key is unset by default.
    public var defaultValue: String
    public var help: String
    /// Secret values are never printed, logged or echoed in errors.
    public var isSecret: Bool
    /// Older spellings accepted for the same key (from the original KubeCapWatch).
    public var aliases: [String]

    init(_ name: String, _ kind: ValueKind, default defaultValue: String = "", secret: Bool = false,
         aliases: [String] = [], _ help: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.help = help
        self.isSecret = secret
        self.aliases = aliases
    }
}

/// A section of `config.ini` and its keys.
public struct SectionSpec: Sendable {
    /// `general`, `slack`, … or `policy` for the `[policy NAME]` family.
    public var name: String
    public var aliases: [String]
    public var help: String
    public var keys: [KeySpec]
    /// True for `[policy NAME]`: the section name carries an argument.
    public var isNamed: Bool

    init(_ name: String, aliases: [String] = [], named: Bool = false, help: String, keys: [KeySpec]) {
        self.name = name
        self.aliases = aliases
        self.help = help
        self.keys = keys
        self.isNamed = named
    }

    /// The spec for `key` or one of its aliases.
    public func key(_ key: String) -> KeySpec? {
        keys.first { $0.name == key } ?? keys.first { $0.aliases.contains(key) }
    }
}

/// Every section and key kubecapwatch understands.
public enum ConfigSchema {
    public static let notifierNames = ["console", "slack", "email", "logger"]
    /// Notifiers configured by a section of their own; a section whose notifier is not listed is not used, and its
    /// problems are warnings (KubeCapWatch's shipped config keeps `{slack_web_hook}` in an unused `[slack]`).
    public static let notifierSections = ["slack", "email", "logger"]

    static let day = 86_400
    static let year = 365 * day
    public static let thresholdKeys = [
        "cpu_request_threshold", "cpu_limit_threshold", "mem_request_threshold", "mem_limit_threshold",
    ]

    public static let sections: [SectionSpec] = [general, kubernetes, console, slack, email, logger, state, http, policy]

    /// The spec for a section header such as `general`, `DEFAULT` or `policy batch-jobs`.
    public static func section(named header: String) -> SectionSpec? {
        let lowered = header.lowercased()
        if let exact = sections.first(where: { !$0.isNamed && ($0.name == lowered || $0.aliases.contains(header)) }) {
            return exact
        }
        return lowered.hasPrefix("policy ") ? policy : nil
    }

    static let general = SectionSpec("general", aliases: ["DEFAULT"], help: """
        What to watch and when to alert. `[DEFAULT]`, where the original KubeCapWatch kept these keys, is accepted \
        as an alias.
        """, keys: [
        KeySpec("notifiers", .list(of: notifierNames), default: "console",
                "Where alerts go: any of console, slack, email, logger. Each one listed needs its own section (console excepted)."),
        KeySpec("policies", .list(of: []), default: "",
                "Which policies apply, by name: `default` (this section's thresholds) and the names of `[policy NAME]` sections. Empty: all of them."),
        KeySpec("scope", .choice(CapacityScope.allCases.map(\.rawValue)), default: "all",
                "What is compared with the thresholds: nodes, pods (as a share of their node's allocatable), or both."),
        KeySpec("interval", .duration(minimum: 1, maximum: 7 * day), default: "60s",
                "Time between the starts of two scans, 1s to 7d. A scan that overruns it is not stacked."),
        KeySpec("report_type", .choice(CapacityReportType.allCases.map(\.rawValue)), default: "all",
                "Which resources are checked."),
        KeySpec("cpu_request_threshold", .threshold, default: "90",
                "Alert when the CPU requests exceed this percentage of allocatable (strict >). `off` disables it."),
        KeySpec("cpu_limit_threshold", .threshold, default: "90",
                "Alert when the CPU limits exceed this percentage of allocatable."),
        KeySpec("mem_request_threshold", .threshold, default: "90",
                "Alert when the memory requests exceed this percentage of allocatable."),
        KeySpec("mem_limit_threshold", .threshold, default: "90",
                "Alert when the memory limits exceed this percentage of allocatable."),
        KeySpec("reminder_count", .integer(0...1_000_000), default: "5",
                "While an alert stays breached, remind every N scans (scans 1, N+1, 2N+1 … of the breach). 0: never remind."),
        KeySpec("namespace", .list(of: []), default: "",
                "Namespaces whose pods get pod alerts (`run`) and pod rows (`scan`), comma-separated. Node figures "
                + "always count every pod on the node, whatever its namespace. A listed namespace without pods draws a "
                + "warning. Empty: all namespaces."),
        KeySpec("unreachable_after", .integer(1...10_000), default: "3",
                "Consecutive failed scans before a \"cluster unreachable\" alert is raised."),
        KeySpec("log_level", .choice(["trace", "debug", "info", "notice", "warning", "error", "critical"]),
                default: "info", "Least severe log level written to standard error (the journal under systemd)."),
    ])

    static let kubernetes = SectionSpec("kubernetes", help: """
        How to reach the cluster. With nothing set: `KUBECONFIG`, then `~/.kube/config`, then the in-cluster \
        service account.
        """, keys: [
        KeySpec("kubeconfig", .path, default: "", "Path of a kubeconfig file. Empty: kubectl's rules."),
        KeySpec("context", .text, default: "", "kubeconfig context to use. Empty: its current-context."),
        KeySpec("snapshot", .list(of: []), default: "",
                "Read the cluster from these files (each a `kubectl get … -o json` List) instead of an API server."),
        KeySpec("cluster_name", .text, default: "",
                "Name of the cluster in alerts and reports. Empty: the context name (or `in-cluster`, or `snapshot`)."),
        KeySpec("node_selector", .labelSelector, default: "", "Only nodes matching this label selector are watched."),
        KeySpec("request_timeout", .duration(minimum: 1, maximum: 3600), default: "60s",
                "Total time allowed for one API request, 1s to 1h."),
        KeySpec("connect_timeout", .duration(minimum: 1, maximum: 600), default: "10s",
                "Time allowed to connect to the API server, 1s to 10m."),
        KeySpec("exec_timeout", .duration(minimum: 1, maximum: 3600), default: "30s", """
            Time allowed for a kubeconfig exec credential plugin to print its credential, 1s to 1h; after it the \
            plugin and its children are stopped (SIGTERM, SIGKILL 3 s later) and the scan fails with a credential \
            error.
            """),
        KeySpec("page_size", .integer(1...10_000), default: "500", "Objects per page of a LIST request (`limit`)."),
    ])

    static let console = SectionSpec("console", help: "Alerts printed on standard output (the journal under systemd).", keys: [
        KeySpec("format", .choice(["text", "json"]), default: "text", "`text`: one readable line per alert; `json`: one JSON object per line."),
        KeySpec("colour", .choice(["auto", "always", "never"]), default: "auto", aliases: ["color"],
                "Colour the text format: `auto` only on a terminal."),
        KeySpec("send_resolved", .boolean, default: "true", "Also report alerts that resolved."),
    ])

    static let slack = SectionSpec("slack", help: "Slack incoming webhook.", keys: [
        KeySpec("webhook_url", .url(schemes: ["https", "http"]), secret: true, aliases: ["webhook"],
                "Incoming webhook URL (a secret: prefer `webhook_url_file`). `https://`; `http://` only to a loopback host (localhost, 127.0.0.0/8, ::1), such as a local relay."),
        KeySpec("webhook_url_file", .path, default: "",
                "File holding the webhook URL. `$CREDENTIALS_DIRECTORY` is expanded (systemd `LoadCredential=`)."),
        KeySpec("channel", .text, default: "", "Channel override, where the webhook allows it."),
        KeySpec("username", .text, default: "kubecapwatch", "Name the messages are posted under."),
        KeySpec("icon_emoji", .text, default: "", "Emoji for the poster, such as `:rotating_light:`."),
        KeySpec("mention", .text, default: "", "Added to firing messages, such as `<!here>` or `<@U012AB3CD>`."),
        KeySpec("ca_file", .path, default: "", "CA bundle for the webhook's certificate (a private proxy). Empty: the system's."),
        KeySpec("timeout", .duration(minimum: 1, maximum: 600), default: "10s",
                "Total time allowed for one webhook request, 1s to 10m."),
        KeySpec("send_resolved", .boolean, default: "true", "Also post alerts that resolved."),
    ])

    static let email = SectionSpec("email", help: "Email over SMTP.", keys: [
        KeySpec("smtp_url", .smtpServer, aliases: ["smtp_server"],
                "Mail server: `smtp://host:587` (STARTTLS) or `smtps://host:465` (TLS from the start). KubeCapWatch's bare `host` or `host:port` means `smtp://host:port` (port 25 when none is given)."),
        KeySpec("starttls", .choice(["auto", "required", "off"]), default: "auto",
                "`auto`: `required`, except to a loopback host (localhost, 127.0.0.0/8, ::1), where STARTTLS is used when offered (its certificate checked only against `ca_file`) and plain SMTP otherwise. `required`: refuse to send unless the server upgrades to TLS. `off`: plain SMTP, and then AUTH only to a loopback host."),
        KeySpec("username", .text, default: "", "SMTP AUTH user. Empty: no AUTH."),
        KeySpec("password", .text, secret: true, "SMTP AUTH password (a secret: prefer `password_file`)."),
        KeySpec("password_file", .path, default: "", "File holding the SMTP password. `$CREDENTIALS_DIRECTORY` is expanded."),
        KeySpec("ca_file", .path, default: "", "CA bundle for the mail server's certificate. Empty: the system's."),
        KeySpec("from", .text, default: "",
                "Sender address, such as `kubecapwatch <alerts@example.com>`. Empty: the first recipient (as KubeCapWatch sent)."),
        KeySpec("to", .list(of: []), default: "", aliases: ["email_address", "email-address"],
                "Recipients, comma-separated."),
        KeySpec("subject_prefix", .text, default: "[kubecapwatch]", aliases: ["subject"], "Start of every subject line."),
        KeySpec("timeout", .duration(minimum: 1, maximum: 600), default: "30s",
                "Total time allowed for one delivery, 1s to 10m."),
        KeySpec("send_resolved", .boolean, default: "true", "Also mail alerts that resolved."),
    ])

    static let logger = SectionSpec("logger", help: """
        Alert lines appended to a file (KubeCapWatch's `logger` notifier): list `logger` in `notifiers` to use it.
        """, keys: [
        KeySpec("logfile", .path, default: "",
                "File the lines are appended to (created mode 600). A relative path is relative to this file's folder."),
        KeySpec("format", .choice(["text", "json"]), default: "text", "`text`: the console's lines with a timestamp; `json`: one JSON object per line."),
        KeySpec("send_resolved", .boolean, default: "true", "Also write alerts that resolved."),
    ])

    static let state = SectionSpec("state", help: "Where alert state and undelivered notifications are kept.", keys: [
        KeySpec("path", .path, default: "$STATE_DIRECTORY/state.json",
                "Alert state file, written atomically. `$STATE_DIRECTORY` is systemd's `StateDirectory=` (else /var/lib/kubecapwatch)."),
        KeySpec("outbox_dir", .path, default: "$STATE_DIRECTORY/outbox",
                "Folder of notifications not yet delivered, retried until delivered or too old."),
        KeySpec("outbox_max_age", .duration(minimum: 60, maximum: year), default: "24h",
                "Undelivered notifications older than this (1m to 365d) are dropped with a log line."),
    ])

    static let http = SectionSpec("http", help: """
        `run`'s HTTP service (not `run --once`): health and readiness probes, Prometheus metrics, the live capacity \
        report, open alerts, the graph and KubeCapWatch's control endpoints (see docs/http-api.md).
        """, keys: [
        KeySpec("listen", .listenAddress, default: ListenAddress.defaultText,
                "Address and port, such as `127.0.0.1:9798` or `[::1]:9798`; `off`: no HTTP service. Anything but a "
                + "loopback address lets other machines read the cluster's figures. Changed by a restart, not a reload."),
        KeySpec("token_file", .path, default: "",
                "File holding the bearer token that `/service/stop` and `/service/start` require. "
                + "`$CREDENTIALS_DIRECTORY` is expanded. Empty: those endpoints answer 403."),
        KeySpec("pod_metrics", .boolean, default: "false",
                "Also export per-pod requests and limits on `/metrics` (one series per pod and resource: many series "
                + "on a large cluster), for the pods of `namespace`."),
    ])

    static let policy = SectionSpec("policy", named: true, help: """
        `[policy NAME]`: other thresholds for some namespaces and/or nodes. A pod alert takes the most specific \
        matching policy (namespace and node selector, then namespace, then node selector, then `default`); a node \
        alert takes the first matching node-selector policy. Thresholds not given are inherited from `[general]`.
        """, keys: [
        KeySpec("namespaces", .list(of: []), default: "", "Namespaces this policy applies to."),
        KeySpec("node_selector", .labelSelector, default: "", "Nodes (and their pods) this policy applies to."),
        KeySpec("cpu_request_threshold", .threshold, default: "", "As in `[general]`; empty: inherited."),
        KeySpec("cpu_limit_threshold", .threshold, default: "", "As in `[general]`; empty: inherited."),
        KeySpec("mem_request_threshold", .threshold, default: "", "As in `[general]`; empty: inherited."),
        KeySpec("mem_limit_threshold", .threshold, default: "", "As in `[general]`; empty: inherited."),
    ])
}
