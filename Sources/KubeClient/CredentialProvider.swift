/// Supplies credentials for each request, refreshing them when they expire or are rejected.
public protocol CredentialProvider: Sendable {
    /// Credentials for the next request; may run an exec plugin or read a token file.
    func credentials() async throws -> RequestCredentials
    /// Drops cached credentials after the server answered 401. Returns true when fetching them
    /// again may give different ones, so a retry is worthwhile.
    func invalidate() async -> Bool
}

/// Credentials fixed at configuration time: a token, basic auth, a client certificate, or none.
public struct StaticCredentialProvider: CredentialProvider {
    public let value: RequestCredentials

    public init(_ value: RequestCredentials) {
        self.value = value
    }

    public func credentials() async throws -> RequestCredentials { value }

    /// Static credentials cannot change, so a 401 is final.
    public func invalidate() async -> Bool { false }
}
