import Foundation

/// Turns validated values into a ``Configuration`` and checks what single keys cannot:
/// notifiers without their section, secrets given twice, policies that do not exist.
struct ConfigurationBuilder {
    var reader: SettingsReader
    private(set) var issues: [ConfigIssue] = []
    private(set) var warnings: [ConfigIssue] = []

    init(reader: SettingsReader) {
        self.reader = reader
        self.issues = reader.issues
        self.warnings = reader.warnings
    }

    /// The configuration, or nil with ``issues`` filled.
    func build() -> (value: Configuration?, issues: [ConfigIssue], warnings: [ConfigIssue]) {
        var builder = self
        let configuration = builder.assemble()
        return (builder.issues.isEmpty ? configuration : nil, builder.issues, builder.warnings)
    }

    private mutating func assemble() -> Configuration {
        let general = buildGeneral()
        let (policies, defaultEnabled) = buildPolicies(general: general)
        let slack = reader.sectionLines["slack"] != nil ? buildSlack() : nil
        let email = reader.sectionLines["email"] != nil ? buildEmail() : nil
        checkNotifierSections(general.notifiers)
        return Configuration(
            file: reader.file, general: general, kubernetes: buildKubernetes(), console: buildConsole(),
            slack: slack, email: email, state: buildState(), policies: policies,
            defaultPolicyEnabled: defaultEnabled, effective: effectiveSections(policies: policies))
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

    private mutating func issue(_ instance: String, _ key: String?, _ message: String) {
        let line = key.flatMap { reader.set(instance, $0)?.line } ?? reader.sectionLines[instance]
        let written = key.flatMap { reader.set(instance, $0)?.writtenKey } ?? key
        issues.append(ConfigIssue(file: reader.file, line: line, key: written, message: message))
    }

    // MARK: - Sections

    private func buildGeneral() -> Configuration.General {
        let spec = ConfigSchema.general, g = "general"
        let thresholds = Configuration.Thresholds(
            cpuRequest: threshold(g, "cpu_request_threshold", spec, inherited: nil),
            cpuLimit: threshold(g, "cpu_limit_threshold", spec, inherited: nil),
            memRequest: threshold(g, "mem_request_threshold", spec, inherited: nil),
            memLimit: threshold(g, "mem_limit_threshold", spec, inherited: nil))
        return Configuration.General(
            notifiers: Self.unique(list(g, "notifiers", spec)), policyNames: list(g, "policies", spec),
            scope: Configuration.Scope(rawValue: text(g, "scope", spec) ?? "all") ?? .all,
            interval: integer(g, "interval", spec),
            reportType: Configuration.ReportType(rawValue: text(g, "report_type", spec) ?? "all") ?? .all,
            thresholds: thresholds, reminderCount: integer(g, "reminder_count", spec),
            namespaces: list(g, "namespace", spec), unreachableAfter: integer(g, "unreachable_after", spec),
            logLevel: text(g, "log_level", spec) ?? "info")
    }

    private func buildKubernetes() -> Configuration.Kubernetes {
        let spec = ConfigSchema.kubernetes, k = "kubernetes"
        return Configuration.Kubernetes(
            kubeconfig: text(k, "kubeconfig", spec).map(reader.resolvePath),
            context: text(k, "context", spec),
            snapshots: list(k, "snapshot", spec).map(reader.resolvePath),
            clusterName: text(k, "cluster_name", spec), nodeSelector: text(k, "node_selector", spec),
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
        let url = secret(s, inline: "webhook_url", file: "webhook_url_file", required: true)
        if let url, case .failure = ValueKind.url(schemes: ["https", "http"]).parse(url.value) {
            issue(s, "webhook_url_file", "the file does not hold an http(s) URL")
        }
        guard let url else { return nil }
        return Configuration.Slack(
            webhookURL: url, channel: text(s, "channel", spec), username: text(s, "username", spec) ?? "kubecapwatch",
            iconEmoji: text(s, "icon_emoji", spec), mention: text(s, "mention", spec),
            caFile: text(s, "ca_file", spec).map(reader.resolvePath), timeout: integer(s, "timeout", spec), sendResolved: boolean(s, "send_resolved", spec))
    }

    private mutating func buildEmail() -> Configuration.Email? {
        let spec = ConfigSchema.email, e = "email"
        let smtpURL = text(e, "smtp_url", spec)
        let from = text(e, "from", spec)
        let to = list(e, "to", spec)
        let username = text(e, "username", spec)
        let password = secret(e, inline: "password", file: "password_file", required: username != nil)
        let starttls = (text(e, "starttls", spec) ?? "required") == "required"
        if smtpURL == nil { issue(e, nil, "smtp_url is required, such as smtp://mail.example.com:587") }
        if from == nil { issue(e, nil, "from is required, such as kubecapwatch <alerts@example.com>") }
        if to.isEmpty { issue(e, nil, "to is required: one or more recipient addresses") }
        if let from, from.contains(where: \.isNewline) { issue(e, "from", "must be one line") }
        let implicitTLS = smtpURL?.lowercased().hasPrefix("smtps://") ?? false
        if !starttls, !implicitTLS, username != nil {
            issue(e, "starttls", "is off, so the password would cross the network in clear: AUTH is only sent over TLS. "
                  + "Use starttls = required, an smtps:// URL, or remove username")
        }
        if password != nil, username == nil { issue(e, "password", "is set but username is not") }
        guard let smtpURL, let from, !to.isEmpty else { return nil }
        return Configuration.Email(
            smtpURL: smtpURL, starttlsRequired: starttls, username: username, password: password,
            caFile: text(e, "ca_file", spec).map(reader.resolvePath), from: from, to: to,
            subjectPrefix: text(e, "subject_prefix", spec) ?? "[kubecapwatch]",
            timeout: integer(e, "timeout", spec), sendResolved: boolean(e, "send_resolved", spec))
    }

    private func buildState() -> Configuration.State {
        let spec = ConfigSchema.state, s = "state"
        return Configuration.State(
            path: reader.resolvePath(text(s, "path", spec) ?? "$STATE_DIRECTORY/state.json"),
            outboxDirectory: reader.resolvePath(text(s, "outbox_dir", spec) ?? "$STATE_DIRECTORY/outbox"),
            outboxMaxAge: integer(s, "outbox_max_age", spec))
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
            let selector = text(instance, "node_selector", spec)
            if namespaces.isEmpty, selector == nil {
                issue(instance, nil, "[policy \(name)] needs namespaces and/or node_selector to say what it applies to")
            }
            let inherited = general.thresholds
            policies.append(Configuration.Policy(
                name: name, namespaces: namespaces, nodeSelector: selector,
                thresholds: Configuration.Thresholds(
                    cpuRequest: threshold(instance, "cpu_request_threshold", spec, inherited: inherited.cpuRequest),
                    cpuLimit: threshold(instance, "cpu_limit_threshold", spec, inherited: inherited.cpuLimit),
                    memRequest: threshold(instance, "mem_request_threshold", spec, inherited: inherited.memRequest),
                    memLimit: threshold(instance, "mem_limit_threshold", spec, inherited: inherited.memLimit)),
                line: reader.sectionLines[instance] ?? 0))
        }
        return (policies, wanted.isEmpty || wanted.contains("default"))
    }

    private mutating func checkNotifierSections(_ notifiers: [String]) {
        for name in ["slack", "email"] {
            if notifiers.contains(name), reader.sectionLines[name] == nil {
                issue("general", "notifiers", "lists \"\(name)\" but there is no [\(name)] section")
            } else if !notifiers.contains(name), let line = reader.sectionLines[name] {
                warnings.append(ConfigIssue(file: reader.file, line: line, key: nil,
                                            message: "[\(name)] is configured but \"\(name)\" is not in notifiers, so it is not used"))
            }
        }
    }

    // MARK: - Secrets

    /// A secret given inline or in a file (read now, so a bad path fails at start, not at the first alert).
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
            return Secret(value: value, origin: "inline")
        case (nil, let path?):
            return readSecretFile(instance, key: file, path: path)
        case (nil, nil):
            if required { issue(instance, nil, "\(inline) or \(file) is required") }
            return nil
        }
    }

    private mutating func readSecretFile(_ instance: String, key: String, path: String) -> Secret? {
        if path.contains("$CREDENTIALS_DIRECTORY") || path.contains("${CREDENTIALS_DIRECTORY}"),
           reader.environment["CREDENTIALS_DIRECTORY"] == nil {
            issue(instance, key, "uses $CREDENTIALS_DIRECTORY, which is not set (systemd sets it for LoadCredential=)")
            return nil
        }
        let resolved = reader.resolvePath(path)
        do {
            let contents = try String(contentsOf: URL(fileURLWithPath: resolved), encoding: .utf8)
            let value = contents.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !value.isEmpty else {
                issue(instance, key, "\(resolved) is empty")
                return nil
            }
            return Secret(value: value, origin: resolved)
        } catch {
            issue(instance, key, "cannot read \(resolved): \(ConfigurationLoader.reason(error))")
            return nil
        }
    }

    // MARK: - Printing

    private func effectiveSections(policies: [Configuration.Policy]) -> [EffectiveSection] {
        var sections: [EffectiveSection] = []
        for spec in ConfigSchema.sections where !spec.isNamed {
            if (spec.name == "slack" || spec.name == "email"), reader.sectionLines[spec.name] == nil { continue }
            sections.append(EffectiveSection(header: spec.name, values: spec.keys.map { effective(spec.name, $0) }))
        }
        for policy in policies {
            let instance = "policy \(policy.name)"
            let inherited = [policy.thresholds.cpuRequest, policy.thresholds.cpuLimit,
                             policy.thresholds.memRequest, policy.thresholds.memLimit]
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
        if ["path", "outbox_dir", "kubeconfig", "ca_file"].contains(key.name), !display.isEmpty {
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
