/// A Kubernetes `ResourceList` (`requests`, `limits`, `allocatable`, `capacity`, `overhead`…):
/// resource names mapped to quantity strings, kept raw.
///
/// Values stay unparsed so that a malformed quantity never makes the object fail to decode:
/// the capacity engine parses them and reports the bad one with the object's name, while the
/// graph still sees the object. Entries are kept in an array because lists hold a handful of
/// names and are decoded for every container of every pod.
public struct ResourceList: Decodable, Sendable, Equatable, ExpressibleByDictionaryLiteral {
    /// One resource name with its raw quantity text.
    public struct Entry: Sendable, Equatable {
        /// The API's `name`.
        public var name: String
        /// The API's `value`.
        public var value: String
        /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The entries; their order carries no meaning (JSON object members are unordered).
    public var entries: [Entry]

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(_ entries: [Entry] = []) { self.entries = entries }

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(dictionaryLiteral elements: (String, String)...) {
        entries = elements.map { Entry(name: $0.0, value: $0.1) }
    }

    /// Raw quantity text for a resource name, nil when absent.
    public subscript(name: String) -> String? {
        entries.first { $0.name == name }?.value
    }

    /// The API's `isEmpty`.
    public var isEmpty: Bool { entries.isEmpty }

    /// Resource names present.
    public var names: [String] { entries.map(\.name) }

    /// Decodes API JSON; fields the server omits (or sends as null) take their defaults.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DynamicKey.self)
        entries = container.allKeys.map { key in
            Entry(name: key.stringValue, value: Self.rawValue(container, key))
        }
    }

    /// The API server always writes quantities as strings; hand-written snapshots sometimes use
    /// JSON numbers. Anything else is kept as a marker that fails quantity parsing, so the
    /// object is reported by the capacity engine instead of being dropped here.
    private static func rawValue(_ container: KeyedDecodingContainer<DynamicKey>, _ key: DynamicKey) -> String {
        if let text = try? container.decode(String.self, forKey: key) { return text }
        if let integer = try? container.decode(Int64.self, forKey: key) { return String(integer) }
        if let number = try? container.decode(Double.self, forKey: key), number.isFinite { return "\(number)" }
        return ResourceList.invalidValueMarker
    }

    /// Stored in place of a value that is neither a string nor a number.
    public static let invalidValueMarker = "<not a quantity>"
}
