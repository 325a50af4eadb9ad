/// A Kubernetes label selector in its string form (`kubectl -l`): comma-separated requirements
/// `key=value`, `key==value`, `key!=value`, `key in (a,b)`, `key notin (a,b)`, `key` and `!key`.
/// The empty selector matches everything.
///
/// The one parser of selectors: `scan --node-selector`, the configuration's `node_selector` keys and snapshot
/// filtering all use it, so a selector the configuration accepts is one the watcher can apply. Keys and values
/// are held to the characters Kubernetes allows in labels, so a typo is refused here rather than by the API
/// server at the first scan.
public struct LabelSelector: Sendable, Equatable, CustomStringConvertible {
    /// One requirement; all of a selector's requirements must hold.
    public enum Requirement: Sendable, Equatable {
        case equals(String, String)
        /// Also true when the label is absent, as in Kubernetes.
        case notEquals(String, String)
        case isIn(String, Set<String>)
        /// Also true when the label is absent, as in Kubernetes.
        case notIn(String, Set<String>)
        case exists(String)
        case doesNotExist(String)

        func matches(_ labels: [String: String]) -> Bool {
            switch self {
            case let .equals(key, value): labels[key] == value
            case let .notEquals(key, value): labels[key] != value
            case let .isIn(key, values): labels[key].map(values.contains) ?? false
            case let .notIn(key, values): !(labels[key].map(values.contains) ?? false)
            case let .exists(key): labels[key] != nil
            case let .doesNotExist(key): labels[key] == nil
            }
        }
    }

    /// The requirements, all of which must hold.
    public var requirements: [Requirement]
    /// The text the selector was parsed from, for messages.
    public var description: String

    /// A selector that matches every object.
    public static let everything = LabelSelector(requirements: [], description: "")

    /// A selector from requirements already parsed.
    public init(requirements: [Requirement], description: String) {
        self.requirements = requirements
        self.description = description
    }

    /// Parses the `kubectl -l` syntax; throws a message naming the requirement that is wrong.
    public init(parsing text: String) throws(LabelSelectorError) {
        var requirements: [Requirement] = []
        for part in Self.splitTopLevel(text) {
            let trimmed = part.trimmingSpaces
            if trimmed.isEmpty {
                if text.trimmingSpaces.isEmpty { continue }
                throw LabelSelectorError(selector: text, requirement: part, reason: "empty requirement")
            }
            requirements.append(try Self.requirement(trimmed, in: text))
        }
        self.init(requirements: requirements, description: text)
    }

    /// True when every requirement holds for `labels`.
    public func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { $0.matches(labels) }
    }

    /// True for the selector that matches everything.
    public var isEmpty: Bool { requirements.isEmpty }

    /// Splits on commas outside parentheses, so `a in (x,y),b` is two requirements.
    private static func splitTopLevel(_ text: String) -> [Substring] {
        var parts: [Substring] = []
        var depth = 0
        var start = text.startIndex
        for index in text.indices {
            switch text[index] {
            case "(": depth += 1
            case ")": depth -= 1
            case "," where depth == 0:
                parts.append(text[start..<index])
                start = text.index(after: index)
            default: break
            }
        }
        parts.append(text[start...])
        return parts
    }

    private static func requirement(_ text: String, in selector: String) throws(LabelSelectorError) -> Requirement {
        func fail(_ reason: String) -> LabelSelectorError {
            LabelSelectorError(selector: selector, requirement: Substring(text), reason: reason)
        }
        func key(_ raw: Substring) throws(LabelSelectorError) -> String {
            let key = raw.trimmingSpaces
            guard isLabelText(key, allowing: "-_./") else { throw fail("invalid key \"\(key)\"") }
            return key
        }
        func value(_ raw: Substring) throws(LabelSelectorError) -> String {
            let value = raw.trimmingSpaces
            guard value.isEmpty || isLabelText(value, allowing: "-_.") else { throw fail("invalid value \"\(value)\"") }
            return value
        }
        if text.hasPrefix("!") { return .doesNotExist(try key(text.dropFirst())) }
        if let open = text.firstIndex(of: "(") {
            guard text.hasSuffix(")") else { throw fail("missing \")\"") }
            let words = text[..<open].split(separator: " ", omittingEmptySubsequences: true)
            guard words.count == 2 else { throw fail("expected \"key in (…)\" or \"key notin (…)\"") }
            let items = text[text.index(after: open)..<text.index(before: text.endIndex)]
                .split(separator: ",", omittingEmptySubsequences: false)
            guard !items.contains(where: { $0.trimmingSpaces.isEmpty }) else { throw fail("empty value in set") }
            var values = Set<String>()
            for item in items { values.insert(try value(item)) }
            switch words[1] {
            case "in": return .isIn(try key(words[0]), values)
            case "notin": return .notIn(try key(words[0]), values)
            default: throw fail("unknown operator \"\(words[1])\"")
            }
        }
        for (op, make) in [("!=", Requirement.notEquals), ("==", Requirement.equals), ("=", Requirement.equals)] {
            if let range = text.firstRange(of: op) {
                return make(try key(text[..<range.lowerBound]), try value(text[range.upperBound...]))
            }
        }
        return .exists(try key(Substring(text)))
    }

    /// A label key or value as Kubernetes spells them: ASCII letters and digits at both ends, `extra` between.
    private static func isLabelText(_ text: String, allowing extra: String) -> Bool {
        let isAlphanumeric: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber) }
        guard let first = text.first, let last = text.last, isAlphanumeric(first), isAlphanumeric(last) else { return false }
        return text.allSatisfy { isAlphanumeric($0) || extra.contains($0) }
    }
}

/// A selector that could not be parsed, naming the bad requirement.
public struct LabelSelectorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The whole selector text.
    public var selector: String
    /// The requirement that is wrong.
    public var requirement: String
    /// What is wrong with it.
    public var reason: String

    init(selector: String, requirement: Substring, reason: String) {
        self.selector = selector
        self.requirement = String(requirement)
        self.reason = reason
    }

    /// One line naming the selector, the requirement and the reason.
    public var description: String { "label selector \"\(selector)\": \"\(requirement)\": \(reason)" }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
