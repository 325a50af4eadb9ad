/// A parsed YAML value with the line it started on, for messages that point into the file.
///
/// Only what kubeconfig files need: scalars stay text (typed later, knowing the field), mappings
/// keep their key order, and keys are scalars.
struct YAMLNode: Sendable, Equatable {
    enum Value: Sendable, Equatable {
        /// Text and whether it was written plain (unquoted): only plain `null`/`~`/empty mean null,
        /// and only plain `true`/`false` are booleans.
        case scalar(String, plain: Bool)
        case mapping([(key: String, value: YAMLNode)])
        case sequence([YAMLNode])

        static func == (lhs: Value, rhs: Value) -> Bool {
            switch (lhs, rhs) {
            case let (.scalar(a, pa), .scalar(b, pb)): return a == b && pa == pb
            case let (.sequence(a), .sequence(b)): return a == b
            case let (.mapping(a), .mapping(b)):
                return a.elementsEqual(b) { $0.key == $1.key && $0.value == $1.value }
            default: return false
            }
        }
    }

    var value: Value
    /// 1-based line where the node starts.
    var line: Int

    /// True for a plain `null`, `~` or empty scalar.
    var isNull: Bool {
        if case let .scalar(text, plain) = value, plain { return text.isEmpty || text == "null" || text == "~" || text == "Null" || text == "NULL" }
        return false
    }

    /// The value of `key` in a mapping; nil when absent, when null, or when this is not a mapping.
    subscript(key: String) -> YAMLNode? {
        guard case let .mapping(pairs) = value, let node = pairs.first(where: { $0.key == key })?.value,
              !node.isNull else { return nil }
        return node
    }

    /// A short name of the node's type, for messages.
    var typeName: String {
        switch value {
        case .scalar: return "a scalar"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }
}
