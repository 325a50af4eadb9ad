/// Credentials could not be obtained: a token file that cannot be read, an exec plugin that fails.
///
/// Messages name the user entry and the file or plugin, never a token or key.
public struct CredentialError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
