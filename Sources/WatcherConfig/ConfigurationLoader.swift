import Foundation

/// Reads `config.ini` with libinih and turns it into a validated ``Configuration``.
public struct ConfigurationLoader: Sendable {
    /// Environment used to expand `$STATE_DIRECTORY` and `$CREDENTIALS_DIRECTORY`.
    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// The result of a successful load: the configuration, the warnings worth showing, and notes on defaults
    /// chosen for the operator (such as the sender of mail).
    public struct Loaded: Sendable {
        public var configuration: Configuration
        public var warnings: [ConfigIssue]
        public var notes: [ConfigIssue] = []
    }

    /// The largest configuration file read; real ones are a few KB.
    static let fileLimit = 1024 * 1024

    /// Loads and validates the file at `path`; every problem is reported at once. `/dev/null` is an empty
    /// configuration (all defaults); a folder or an unreadable file is an error with the system's reason.
    public func load(path: String) throws(ConfigurationError) -> Loaded {
        let data: Data
        switch BoundedFile.read(path, limit: Self.fileLimit) {
        case .success(let read): data = read
        case .failure(let failure):
            throw ConfigurationError([ConfigIssue(file: path, line: nil, key: nil, message: "cannot read the file: \(failure.reason)")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError([ConfigIssue(file: path, line: nil, key: nil, message: "is not UTF-8 text")])
        }
        var loaded = try load(text: text, file: path)
        if let warning = permissionWarning(path: path, configuration: loaded.configuration) {
            loaded.warnings.append(warning)
        }
        return loaded
    }

    /// Loads configuration text named `file` in messages (relative `*_file` paths resolve against its folder).
    public func load(text: String, file: String) throws(ConfigurationError) -> Loaded {
        let document = IniDocument.parse(text: text, file: file)
        var reader = SettingsReader(file: file, environment: environment)
        reader.issues = document.issues
        reader.collect(document)
        let configuration = ConfigurationBuilder(reader: reader).build()
        let issues = configuration.issues
        guard issues.isEmpty, let built = configuration.value else {
            throw ConfigurationError(Self.inLineOrder(issues))
        }
        return Loaded(configuration: built, warnings: Self.inLineOrder(configuration.warnings), notes: configuration.notes)
    }

    /// Problems sorted by line, those without a line last, otherwise in the order found.
    public static func inLineOrder(_ issues: [ConfigIssue]) -> [ConfigIssue] {
        issues.enumerated().sorted { a, b in
            (a.element.line ?? .max, a.offset) < (b.element.line ?? .max, b.offset)
        }.map(\.element)
    }

    /// A config file others can read must not hold inline secrets.
    private func permissionWarning(path: String, configuration: Configuration) -> ConfigIssue? {
        var inline: [String] = []
        if configuration.slack?.webhookURL.path == nil, configuration.slack != nil { inline.append("[slack] webhook_url") }
        if let password = configuration.email?.password, password.path == nil { inline.append("[email] password") }
        guard !inline.isEmpty,
              let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o044 != 0
        else { return nil }
        return ConfigIssue(file: path, line: nil, key: nil, message: """
            holds an inline secret (\(inline.joined(separator: ", "))) but other users can read it \
            (mode \(String(mode & 0o777, radix: 8))): run chmod 600, or move the secret to a *_file key
            """)
    }
}

/// A value as set in the file, with its line.
struct SetValue {
    var value: ConfigValue
    var line: Int
    /// The key as written (an alias, perhaps), for messages.
    var writtenKey: String
}

/// Validated values per section instance (`general`, `slack`, `policy NAME` …), plus the problems found.
struct SettingsReader {
    let file: String
    let environment: [String: String]
    var issues: [ConfigIssue] = []
    var warnings: [ConfigIssue] = []
    /// Problems in notifier sections (`[slack]`, `[email]`, `[logger]`), kept apart: they are errors only when
    /// the notifier is listed in `notifiers`.
    var notifierIssues: [String: [ConfigIssue]] = [:]
    /// Section instance → canonical key → value.
    var values: [String: [String: SetValue]] = [:]
    /// Section instance → canonical keys written with a value that was refused (already reported).
    var refused: [String: Set<String>] = [:]
    /// Section instance → line of its first header.
    var sectionLines: [String: Int] = [:]
    /// Named policies in file order.
    var policyOrder: [String] = []

    /// The instance a header belongs to: `general` for `[DEFAULT]`, `policy NAME` keeps its name.
    static func instance(of header: String, spec: SectionSpec) -> String {
        guard spec.isNamed else { return spec.name }
        let name = header.dropFirst("policy".count).trimmingCharacters(in: .whitespaces)
        return "policy \(name)"
    }

    mutating func collect(_ document: IniDocument) {
        var unknownSections = Set<String>()
        for (header, line) in document.sections {
            guard let spec = ConfigSchema.section(named: header) else {
                unknownSections.insert(header)
                let names = ConfigSchema.sections.map { $0.isNamed ? "policy NAME" : $0.name }
                issues.append(ConfigIssue(file: file, line: line, key: nil,
                                          message: "unknown section [\(header)]" + Suggestion.phrase(for: header, in: names)))
                continue
            }
            let instance = Self.instance(of: header, spec: spec)
            if spec.isNamed, instance == "policy " {
                issues.append(ConfigIssue(file: file, line: line, key: nil, message: "[policy] needs a name: [policy NAME]"))
            }
            if sectionLines[instance] == nil {
                sectionLines[instance] = line
                if spec.isNamed { policyOrder.append(instance) }
            }
        }
        for entry in document.entries where !unknownSections.contains(entry.section) {
            record(entry)
        }
    }

    /// Records a problem of section instance `instance`.
    mutating func report(_ issue: ConfigIssue, in instance: String) {
        if ConfigSchema.notifierSections.contains(instance) {
            notifierIssues[instance, default: []].append(issue)
        } else {
            issues.append(issue)
        }
    }

    private mutating func record(_ entry: IniEntry) {
        guard !entry.section.isEmpty, let spec = ConfigSchema.section(named: entry.section) else {
            issues.append(ConfigIssue(file: file, line: entry.line, key: entry.key,
                                      message: "is outside any section; put it under [general]"))
            return
        }
        let instance = Self.instance(of: entry.section, spec: spec)
        let writtenKey = entry.key
        guard let keySpec = spec.key(writtenKey.lowercased()) else {
            let names = spec.keys.flatMap { [$0.name] + $0.aliases }
            report(ConfigIssue(file: file, line: entry.line, key: writtenKey,
                               message: "unknown key in [\(entry.section)]" + Suggestion.phrase(for: writtenKey, in: names)),
                   in: instance)
            return
        }
        if let earlier = values[instance]?[keySpec.name] {
            report(ConfigIssue(file: file, line: entry.line, key: writtenKey,
                               message: "set twice in [\(entry.section)]; first set on line \(earlier.line)"), in: instance)
            return
        }
        let raw = Self.unquoted(entry.value)
        guard !raw.isEmpty else { return }
        switch keySpec.kind.parse(raw) {
        case .success(let value):
            values[instance, default: [:]][keySpec.name] = SetValue(value: value, line: entry.line, writtenKey: writtenKey)
        case .failure(let error):
            // Never echo a secret back, even a malformed one.
            let message = keySpec.isSecret ? "expected \(keySpec.kind.expectation)" : error.text
            refused[instance, default: []].insert(keySpec.name)
            report(ConfigIssue(file: file, line: entry.line, key: writtenKey, message: message), in: instance)
        }
    }

    /// `"value"` and `'value'` mean `value`: operators quote out of habit.
    static func unquoted(_ raw: String) -> String {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        guard trimmed.count >= 2, let first = trimmed.first, first == "\"" || first == "'", trimmed.last == first else {
            return trimmed
        }
        return String(trimmed.dropFirst().dropLast())
    }

    func set(_ instance: String, _ key: String) -> SetValue? { values[instance]?[key] }

    /// The value of `key` in `instance`, or the schema default.
    func value(_ instance: String, _ key: String, spec: SectionSpec) -> ConfigValue? {
        if let set = set(instance, key) { return set.value }
        guard let keySpec = spec.key(key), !keySpec.defaultValue.isEmpty else { return nil }
        return try? keySpec.kind.parse(expand(keySpec.defaultValue)).get()
    }

    /// Expands `$STATE_DIRECTORY` and `$CREDENTIALS_DIRECTORY` (and `${…}`), or nil when one is unset.
    func expand(_ raw: String) -> String {
        var text = raw
        let stateDirectory = environment["STATE_DIRECTORY"].flatMap { $0.split(separator: ":").first.map(String.init) }
            ?? "/var/lib/kubecapwatch"
        text = text.replacingOccurrences(of: "${STATE_DIRECTORY}", with: stateDirectory)
            .replacingOccurrences(of: "$STATE_DIRECTORY", with: stateDirectory)
        if let credentials = environment["CREDENTIALS_DIRECTORY"] {
            text = text.replacingOccurrences(of: "${CREDENTIALS_DIRECTORY}", with: credentials)
                .replacingOccurrences(of: "$CREDENTIALS_DIRECTORY", with: credentials)
        }
        return text
    }

    /// A relative path resolves against the config file's folder, so it means the same under systemd.
    func resolvePath(_ raw: String) -> String {
        let expanded = expand(raw)
        guard !expanded.hasPrefix("/") else { return expanded }
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent()
        return folder.appendingPathComponent(expanded).standardized.path
    }
}
