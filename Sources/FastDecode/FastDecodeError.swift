/// Failures of the fast decoder itself; a malformed page throws JSONDecoder's own `DecodingError` instead.
public enum FastDecodeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The scanner could not allocate memory for the page.
    case outOfMemory

    public var description: String {
        switch self {
        case .outOfMemory: "out of memory while scanning a pod page"
        }
    }
}
