/// Failures of the fast decoders that JSONDecoder's own `DecodingError` does not describe alone.
public enum FastDecodeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The scanner could not allocate memory for the page.
    case outOfMemory
    /// The document is not valid JSON: JSONDecoder's reason, and simdjson's (`TAPE_ERROR: ...`).
    case malformedJSON(reason: String, scanner: String)

    public var description: String {
        switch self {
        case .outOfMemory: "out of memory while scanning a pod page"
        case let .malformedJSON(reason, scanner): "\(reason) (simdjson: \(scanner))"
        }
    }
}
