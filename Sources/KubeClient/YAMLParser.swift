import CYAML
import Foundation

/// A YAML syntax error with its position, or a document past the parser's limits.
struct YAMLSyntaxError: Error, Sendable, Equatable {
    /// libyaml's description of the problem.
    var problem: String
    /// 1-based line and column; 0 when the problem is the document as a whole.
    var line: Int
    var column: Int
    /// True when the YAML may be valid but is too big or too deep to be a kubeconfig.
    var isLimit = false
}

/// Builds a ``YAMLNode`` tree from libyaml's event stream.
///
/// The event API is used rather than libyaml's document loader so that aliases resolve to the
/// anchored node in place and every node keeps its own line.
struct YAMLParser {
    /// Deepest nesting accepted. A kubeconfig needs about six levels; the tree is built (and freed)
    /// recursively, so a hostile file nested 40,000 levels deep would otherwise overflow the stack,
    /// and libyaml's per-token work grows with the depth.
    static let maxDepth = 64
    /// Largest document accepted: kubeconfigs are kilobytes, a big one with embedded certificates
    /// perhaps a megabyte.
    static let maxBytes = 16 << 20

    /// Parses the first document of `bytes`; nil for an empty stream.
    static func parse(_ bytes: [UInt8]) throws(YAMLSyntaxError) -> YAMLNode? {
        guard bytes.count <= maxBytes else { throw tooLarge }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw YAMLSyntaxError(problem: "cannot initialise the YAML parser", line: 0, column: 0)
        }
        defer { yaml_parser_delete(&parser) }
        // libyaml reads the input lazily, so the buffer must stay valid for the whole parse.
        return try bytes.withUnsafeBufferPointer { (buffer) throws(YAMLSyntaxError) -> YAMLNode? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var reader = EventReader(parser: &parser)
            return try reader.document()
        }
    }

    static let tooLarge = YAMLSyntaxError(problem: "larger than \(maxBytes >> 20) MiB, which no kubeconfig is", line: 0,
                                          column: 0, isLimit: true)
}

/// One libyaml event copied into Swift values, so the C event can be freed at once.
private struct Event {
    enum Kind { case streamStart, streamEnd, documentStart, documentEnd, mappingStart, mappingEnd,
                sequenceStart, sequenceEnd, scalar, alias }
    var kind: Kind
    var text = ""
    var plain = false
    var anchor: String?
    var line: Int
    var column: Int
}

private struct EventReader {
    let parser: UnsafeMutablePointer<yaml_parser_t>
    private var anchors: [String: YAMLNode] = [:]

    init(parser: UnsafeMutablePointer<yaml_parser_t>) {
        self.parser = parser
    }

    mutating func document() throws(YAMLSyntaxError) -> YAMLNode? {
        var event = try next()
        if event.kind == .streamStart { event = try next() }
        guard event.kind == .documentStart else { return nil }
        let root = try node(startingWith: try next(), depth: 1)
        return root
    }

    private mutating func node(startingWith event: Event, depth: Int) throws(YAMLSyntaxError) -> YAMLNode {
        if event.kind == .sequenceStart || event.kind == .mappingStart, depth > YAMLParser.maxDepth {
            throw YAMLSyntaxError(problem: "nested more than \(YAMLParser.maxDepth) levels deep, which no kubeconfig is",
                                  line: event.line, column: event.column, isLimit: true)
        }
        let built: YAMLNode
        switch event.kind {
        case .scalar:
            built = YAMLNode(value: .scalar(event.text, plain: event.plain), line: event.line)
        case .alias:
            guard let target = anchors[event.text] else {
                throw YAMLSyntaxError(problem: "unknown alias *\(event.text)", line: event.line, column: event.column)
            }
            return target
        case .sequenceStart:
            var items: [YAMLNode] = []
            while true {
                let next = try next()
                if next.kind == .sequenceEnd { break }
                items.append(try node(startingWith: next, depth: depth + 1))
            }
            built = YAMLNode(value: .sequence(items), line: event.line)
        case .mappingStart:
            var pairs: [(key: String, value: YAMLNode)] = []
            while true {
                let keyEvent = try next()
                if keyEvent.kind == .mappingEnd { break }
                let key = try node(startingWith: keyEvent, depth: depth + 1)
                guard case let .scalar(keyText, _) = key.value else {
                    throw YAMLSyntaxError(problem: "mapping keys must be scalars", line: key.line, column: keyEvent.column)
                }
                pairs.append((key: keyText, value: try node(startingWith: try next(), depth: depth + 1)))
            }
            built = YAMLNode(value: .mapping(pairs), line: event.line)
        default:
            throw YAMLSyntaxError(problem: "unexpected YAML structure", line: event.line, column: event.column)
        }
        if let anchor = event.anchor { anchors[anchor] = built }
        return built
    }

    private func next() throws(YAMLSyntaxError) -> Event {
        var raw = yaml_event_t()
        guard yaml_parser_parse(parser, &raw) == 1 else { throw syntaxError() }
        defer { yaml_event_delete(&raw) }
        var event = Event(kind: .streamEnd, line: Int(raw.start_mark.line) + 1, column: Int(raw.start_mark.column) + 1)
        switch raw.type {
        case YAML_STREAM_START_EVENT: event.kind = .streamStart
        case YAML_STREAM_END_EVENT: event.kind = .streamEnd
        case YAML_DOCUMENT_START_EVENT: event.kind = .documentStart
        case YAML_DOCUMENT_END_EVENT: event.kind = .documentEnd
        case YAML_MAPPING_START_EVENT:
            event.kind = .mappingStart
            event.anchor = Self.string(raw.data.mapping_start.anchor)
        case YAML_MAPPING_END_EVENT: event.kind = .mappingEnd
        case YAML_SEQUENCE_START_EVENT:
            event.kind = .sequenceStart
            event.anchor = Self.string(raw.data.sequence_start.anchor)
        case YAML_SEQUENCE_END_EVENT: event.kind = .sequenceEnd
        case YAML_SCALAR_EVENT:
            event.kind = .scalar
            let scalar = raw.data.scalar
            event.text = scalar.value.map {
                String(decoding: UnsafeBufferPointer(start: $0, count: scalar.length), as: UTF8.self)
            } ?? ""
            event.plain = scalar.style == YAML_PLAIN_SCALAR_STYLE
            event.anchor = Self.string(scalar.anchor)
        case YAML_ALIAS_EVENT:
            event.kind = .alias
            event.text = Self.string(raw.data.alias.anchor) ?? ""
        default:
            break
        }
        return event
    }

    private func syntaxError() -> YAMLSyntaxError {
        let problem = parser.pointee.problem.map { String(cString: $0) } ?? "invalid YAML"
        let context = parser.pointee.context.map { String(cString: $0) }
        let mark = parser.pointee.problem_mark
        return YAMLSyntaxError(problem: context.map { "\(problem) \($0)" } ?? problem,
                               line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }
}
