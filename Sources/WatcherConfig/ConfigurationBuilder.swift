import Capacity
import Foundation
import KubeModel

/// Turns validated values into a ``Configuration`` and checks what single keys cannot:
/// notifiers without their section, secrets given twice, policies that do not exist.
///
/// A notifier's own rules (URL schemes, addresses, TLS) are the notifier's to check, through the preflight that
/// `check-config` and `run` share; secret files are read there too, when the notifier is set up.
struct ConfigurationBuilder {
    var reader: SettingsReader
    private(set) var issues: [ConfigIssue] = []
    private(set) var warnings: [ConfigIssue] = []
    private(set) var notes: [ConfigIssue] = []

    init(reader: SettingsReader) {
        self.reader = reader
        self.issues = reader.issues
        self.warnings = reader.warnings
    }

    /// The configuration, or nil with ``issues`` filled.
    func build() -> (value: Configuration?, issues: [ConfigIssue], warnings: [ConfigIssue], notes: [ConfigIssue]) {
        var builder = self
        let configuration = builder.assemble()
        return (builder.issues.isEmpty ? configuration : nil, builder.issues, builder.warnings, builder.notes)
    }

    private mutating func assemble() -> Configuration {
        let general = buildGeneral()
        let (policies, defaultEnabled) = buildPolicies(general: general)
        let slack = reader.sectionLines["slack"] != nil ? buildSlack() : nil
        let email = reader.sectionLines["email"] != nil ? buildEmail() : nil
        let logFile = reader.sectionLines["logger"] != nil ? buildLogFile() : nil
        checkNotifierSections(general.notifiers)
        settleNotifierIssues(listed: general.notifiers)
        var locations = ConfigLocations()
        locations.sections = reader.sectionLines
        locations.keys = reader.values.mapValues { keys in
            keys.mapValues { ConfigLocations.Key(line: $0.line, writtenKey: $0.writtenKey) }
        }
        return Configuration(
            file: reader.file, general: general, kubernetes: buildKubernetes(), console: buildConsole(),
            slack: slack, email: email, logFile: logFile, state: buildState(), http: buildHTTP(), policies: policies,
            defaultPolicyEnabled: defaultEnabled, effective: effectiveSections(policies: policies, email: email),
            locations: locations)
    }

    /// Problems of a notifier section are errors when the notifier is listed, warnings otherwise: an unused
    /// section may hold placeholders, as KubeCapWatch's shipped `webhook = {slack_web_hook}`.
    private mutating func settleNotifierIssues(listed: [String]) {
        for name in ConfigSchema.notifierSections {
            let found = reader.notifierIssues[name] ?? []
            if listed.contains(name) {
                issues += found
            } else {
                warnings += found.map { issue in
                    var warning = issue
                    warning.message += " (ignored: \"\(name)\" is not in notifiers)"
                    return warning
                }
            }
        }
    }

    // MARK: - Typed accessors

    private func value(_ instance: String, _ key: String, _ spec: SectionSpec) -> ConfigValue? {
        reader.value(instance, key, spec: spec)
    }

    private func text(_ instance: String, _ key: String, _ spec: SectionSpec) -> String? {
        if case .text(let text)? = value(instance, key, spec), !text.isEmpty { return text }
        return nil
    }

    private func list(_ instance: String, _ key: String, _ spec: SectionSpec) -> [String] {
        if case .list(let items)? = value(instance, key, spec) { return items }
        return []
    }

    /// A label selector; nil when it is not set or selects everything.
    private func selector(_ instance: String, _ key: String, _ spec: SectionSpec) -> LabelSelector? {
        if case .labelSelector(let selector)? = value(instance, key, spec), !selector.isEmpty { return selector }
        return nil
    }

    private func integer(_ instance: String, _ key: String, _ spec: SectionSpec) -> Int {
        switch value(instance, key, spec) {
        case .integer(let number)?, .duration(let number)?: return number
        default: return 0
        }
    }

    private func boolean(_ instance: String, _ key: String, _ spec: SectionSpec) -> Bool {
        if case .boolean(let flag)? = value(instance, key, spec) { return flag }
        return false
    }

    private func threshold(_ instance: String, _ key: String, _ spec: SectionSpec, inherited: Threshold?) -> Threshold? {
        guard reader.set(instance, key) != nil || !(spec.key(key)?.defaultValue.isEmpty ?? true) else { return inherited }
        if case .threshold(let threshold)? = value(instance, key, spec) { return threshold }
        return inherited
    }

    /// The four thresholds of `[general]` or a `[policy NAME]`; those not set (and without a default) are `inherited`.
    private func thresholds(_ instance: String, _ spec: SectionSpec, inherited: Thresholds) -> Thresholds {
        Thresholds(
            cpuRequests: threshold(instance, "cpu_request_threshold", spec, inherited: inherited.cpuRequests),
            cpuLimits: threshold(instance, "cpu_limit_threshold", spec, inherited: inherited.cpuLimits),
            memoryRequests: threshold(instance, "mem_request_threshold", spec, inherited: inherited.memoryRequests),
            memoryLimits: threshold(instance, "mem_limit_threshold", spec, inherited: inherited.memoryLimits))
    }

    /// A `.choice` key whose options are the raw values of `Choice` (the schema lists them from it).
    private func choice<Choice: RawRepresentable<String>>(_ instance: String, _ key: String, _ spec: SectionSpec,
                                                          default fallback: Choice) -> Choice {
        text(instance, key, spec).flatMap(Choice.init(rawValue:)) ?? fallback
    }

    private mutating func issue(_ instance: String, _ key: String?, _ message: String) {
        let line = key.flatMap { reader.set(instance, $0)?.line } ?? reader.sectionLines[instance]
        let written = key.flatMap { reader.set(instance, $0)?.writtenKey } ?? key
        let found = ConfigIssue(file: reader.file, line: line, key: written, message: message)
        if ConfigSchema.notifierSections.contains(instance) {
            reader.notifierIssues[instance, default: []].append(found)
        } else {
            issues.append(found)
        }
    }

    // MARK: - Sections

    private func buildGeneral() -> Configuration.General {
        let spec = ConfigSchema.general, g = "general"
        return Configuration.General(
            notifiers: Self.unique(list(g, "notifiers", spec)), policyNames: list(g, "policies", spec),
            scope: choice(g, "scope", spec, default: CapacityScope.all),
            interval: integer(g, "interval", spec),
            reportType: choice(g, "report_type", spec, default: CapacityReportType.all),
            thresholds: thresholds(g, spec, inherited: .off), reminderCount: integer(g, "reminder_count", spec),
            namespaces: list(g, "namespace", spec), unreachableAfter: integer(g, "unreachable_after", spec),
            logLevel: text(g, "log_level", spec) ?? "info")
    }

    private func buildKubernetes() -> Configuration.Kubernetes {
        let spec = ConfigSchema.kubernetes, k = "kubernetes"
        return Configuration.Kubernetes(
            kubeconfig: text(k, "kubeconfig", spec).map(reader.resolvePath),
            context: text(k, "context", spec),
            snapshots: list(k, "snapshot", spec).map(reader.resolvePath),
            clusterName: text(k, "cluster_name", spec), nodeSelector: selector(k, "node_selector", spec),
            requestTimeout: integer(k, "request_timeout", spec), connectTimeout: integer(k, "connect_timeout", spec),
            execTimeout: integer(k, "exec_timeout", spec), pageSize: integer(k, "page_size", spec))
    }

    private func buildConsole() -> Configuration.Console {
        let spec = ConfigSchema.console, c = "console"
        return Configuration.Console(format: text(c, "format", spec) ?? "text", colour: text(c, "colour", spec) ?? "auto",
                                     sendResolved: boolean(c, "send_resolved", spec))
    }

    private mutating func buildSlack() -> Configuration.Slack? {
        let spec = ConfigSchema.slack, s = "slack"
        guard let url = secret(s, inline: "webhook_url", file: "webhook_url_file", required: true) else { return nil }
        return Configuration.Slack(
            webhookURL: url, channel: text(s, "channel", spec), username: text(s, "username", spec) ?? "kubecapwatch",
            iconEmoji: text(s, "icon_emoji", spec), mention: text(s, "mention", spec),
            caFile: text(s, "ca_file", spec).map(reader.resolvePath), timeout: integer(s, "timeout", spec), sendResolved: boolean(s, "send_resolved", spec))
    }

    private mutating func buildEmail() -> Configuration.Email? {
        let spec = ConfigSchema.email, e = "email"
        let smtpURL = text(e, "smtp_url", spec)
        let to = list(e, "to", spec)
        let username = text(e, "username", spec)
        let password = secret(e, inline: "password", file: "password_file", required: username != nil)
        if smtpURL == nil { issue(e, nil, "smtp_url is required, such as smtp://mail.example.com:587") }
        if to.isEmpty { issue(e, nil, "to is required: one or more recipient addresses") }
        var from = text(e, "from", spec)
        if let from, from.contains(where: \.isNewline) { issue(e, "from", "must be one line") }
        if from == nil, let first = to.first {
            from = first
            notes.append(ConfigIssue(file: reader.file, line: reader.sectionLines[e], key: nil,
                                     message: "[email] from is not set: mail is sent from the first recipient, \(first)"))
        }
        if password != nil, username == nil { issue(e, "password", "is set but username is not") }
        guard let smtpURL, let from, !to.isEmpty else { return nil }
        return Configuration.Email(
            smtpURL: smtpURL, starttls: text(e, "starttls", spec) ?? "auto", username: username, password: password,
            caFile: text(e, "ca_file", spec).map(reader.resolvePath), from: from, to: to,
            subjectPrefix: text(e, "subject_prefix", spec) ?? "[kubecapwatch]",
            timeout: integer(e, "timeout", spec), sendResolved: boolean(e, "send_resolved", spec))
    }

    private mutating func buildLogFile() -> Configuration.LogFile? {
        let spec = ConfigSchema.logger, l = "logger"
        guard let path = text(l, "logfile", spec) else {
            issue(l, nil, "logfile is required: the file alert lines are appended to")
            return nil
        }
        return Configuration.LogFile(path: reader.resolvePath(path), format: text(l, "format", spec) ?? "text",
                                     sendResolved: boolean(l, "send_resolved", spec))
    }

    private func buildState() -> Configuration.State {
        let spec = ConfigSchema.state, s = "state"
        return Configuration.State(
            path: reader.resolvePath(text(s, "path", spec) ?? "$STATE_DIRECTORY/state.json"),
            outboxDirectory: reader.resolvePath(text(s, "outbox_dir", spec) ?? "$STATE_DIRECTORY/outbox"),
            outboxMaxAge: integer(s, "outbox_max_age", spec))
    }

    private mutating func buildHTTP() -> Configuration.HTTP {
        let spec = ConfigSchema.http, h = "http"
        let listen = text(h, "listen", spec) ?? ListenAddress.defaultText
        let tokenFile = text(h, "token_file", spec).flatMap { secretFile(h, key: "token_file", path: $0) }
        return Configuration.HTTP(listen: listen == "off" ? nil : ListenAddress(parsing: listen), tokenFile: tokenFile,
                                  podMetrics: boolean(h, "pod_metrics", spec))
    }

    private mutating func buildPolicies(general: Configuration.General) -> ([Configuration.Policy], Bool) {
        let spec = ConfigSchema.policy
        let defined = reader.policyOrder.map { String($0.dropFirst("policy ".count)) }
        let wanted = general.policyNames
        for name in wanted where name != "default" && !defined.contains(name) {
            issue("general", "policies", "names \"\(name)\" but there is no [policy \(name)] section"
                  + Suggestion.phrase(for: name, in: defined + ["default"]))
        }
        var policies: [Configuration.Policy] = []
        for name in defined where wanted.isEmpty || wanted.contains(name) {
            let instance = "policy \(name)"
            let namespaces = list(instance, "namespaces", spec)
            let selector = self.selector(instance, "node_selector", spec)
            if namespaces.isEmpty, selector == nil {
                issue(instance, nil, "[policy \(name)] needs namespaces and/or node_selector to say what it applies to")
            }
            policies.append(Configuration.Policy(
                name: name, namespaces: namespaces, nodeSelector: selector,
                thresholds: thresholds(instance, spec, inherited: general.thresholds),
                line: reader.sectionLines[instance] ?? 0))
        }
        return (policies, wanted.isEmpty || wanted.contains("default"))
    }

    private mutating func checkNotifierSections(_ notifiers: [String]) {
        for name in ConfigSchema.notifierSections {
            if notifiers.contains(name), reader.sectionLines[name] == nil {
                issue("general", "notifiers", "lists \"\(name)\" but there is no [\(name)] section")
            } else if !notifiers.contains(name), let line = reader.sectionLines[name] {
                warnings.append(ConfigIssue(file: reader.file, line: line, key: nil,
                                            message: "[\(name)] is configured but \"\(name)\" is not in notifiers, so it is not used"))
            }
        }
    }

    // MARK: - Secrets

    /// A secret given inline or in a file. The file is read when the notifier is set up (see ``Secret``).
    private mutating func secret(_ instance: String, inline: String, file: String, required: Bool) -> Secret? {
        let inlineValue: String? = {
            if case .text(let text)? = reader.set(instance, inline)?.value { return text }
            return nil
        }()
        let filePath: String? = {
            if case .text(let text)? = reader.set(instance, file)?.value { return text }
            return nil
        }()
        switch (inlineValue, filePath) {
        case (_?, _?):
            issue(instance, file, "give either \(inline) or \(file), not both")
            return nil
        case (let value?, nil):
            return Secret(inline: value, key: inline)
        case (nil, let path?):
            return secretFile(instance, key: file, path: path)
        case (nil, nil):
            // A value that was refused has been reported already; "required" would only repeat it.
            let refused = reader.refused[instance, default: []]
            if required, !refused.contains(inline), !refused.contains(file) {
                issue(instance, nil, "\(inline) or \(file) is required")
            }
            return nil
        }
    }

    private mutating func secretFile(_ instance: String, key: String, path: String) -> Secret? {
        if path.contains("$CREDENTIALS_DIRECTORY") || path.contains("${CREDENTIALS_DIRECTORY}"),
           reader.environment["CREDENTIALS_DIRECTORY"] == nil {
            issue(instance, key, "uses $CREDENTIALS_DIRECTORY, which is not set (systemd sets it for LoadCredential=)")
            return nil
        }
        return Secret(file: reader.resolvePath(path), key: key)
    }

    // MARK: - Printing

    private func effectiveSections(policies: [Configuration.Policy], email: Configuration.Email?) -> [EffectiveSection] {
        var sections: [EffectiveSection] = []
        for spec in ConfigSchema.sections where !spec.isNamed {
            if ConfigSchema.notifierSections.contains(spec.name), reader.sectionLines[spec.name] == nil { continue }
            var values = spec.keys.map { effective(spec.name, $0) }
            if spec.name == "email", let email, let index = values.firstIndex(where: { $0.key == "from" }),
               values[index].isDefault {
                values[index].display = email.from
            }
            sections.append(EffectiveSection(header: spec.name, values: values))
        }
        for policy in policies {
            let instance = "policy \(policy.name)"
            let inherited = [policy.thresholds.cpuRequests, policy.thresholds.cpuLimits,
                             policy.thresholds.memoryRequests, policy.thresholds.memoryLimits]
            var values = ConfigSchema.policy.keys.map { effective(instance, $0) }
            for (index, key) in ConfigSchema.thresholdKeys.enumerated() {
                if let position = values.firstIndex(where: { $0.key == key }), values[position].isDefault {
                    values[position].display = inherited[index].map(\.description) ?? "off"
                }
            }
            sections.append(EffectiveSection(header: instance, values: values))
        }
        return sections
    }

    private func effective(_ instance: String, _ key: KeySpec) -> EffectiveValue {
        let set = reader.set(instance, key.name)
        let value = set?.value ?? reader.value(instance, key.name, spec: ConfigSchema.section(named: instance) ?? ConfigSchema.general)
        var display = value.map(Self.display) ?? ""
        if key.isSecret, !display.isEmpty {
            display = key.name == "webhook_url" ? ValueKind.redactedURL(display) + " (redacted)" : "<redacted>"
        }
        if ["path", "outbox_dir", "kubeconfig", "ca_file", "logfile", "token_file"].contains(key.name), !display.isEmpty {
            display = reader.resolvePath(display)
        }
        return EffectiveValue(key: key.name, display: display, isDefault: set == nil)
    }

    static func display(_ value: ConfigValue) -> String {
        switch value {
        case .integer(let number): return String(number)
        case .threshold(let threshold): return threshold?.description ?? "off"
        case .duration(let seconds): return DurationText.format(seconds)
        case .boolean(let flag): return flag ? "true" : "false"
        case .text(let text): return text
        case .list(let items): return items.joined(separator: ", ")
        case .labelSelector(let selector): return selector.description
        }
    }

    static func unique(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }
}

/// Durations as an operator writes them: `90s`, `5m`, `24h`.
public enum DurationText {
    public static func format(_ seconds: Int) -> String {
        if seconds >= 172_800, seconds % 86_400 == 0 { return "\(seconds / 86_400)d" }
        if seconds != 0, seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        if seconds != 0, seconds % 60 == 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }
}
