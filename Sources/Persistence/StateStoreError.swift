/// Why a state store (``AlertStateStore``, ``OutboxStore``) could not read or write a value, whatever keeps it.
public struct StateStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The stored value changed since it was read (another writer won, as a ConfigMap's resourceVersion
        /// precondition reports): read it again and decide anew; retrying the same write cannot succeed.
        case conflict
        /// The store could not be reached, read or written (a file system error, an API server refusing).
        case unavailable
        /// The value could not be encoded.
        case unencodable
    }

    public var kind: Kind
    /// Names the place (a path) and the underlying error; never a secret.
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// A file system failure.
    init(_ error: FileError) {
        self.init(.unavailable, error.message)
    }

    public var description: String { message }
}
