/// Why the HTTP service could not start.
public struct HTTPServiceError: Error, CustomStringConvertible {
    /// `127.0.0.1:9798`.
    public var address: String
    /// What the system said, such as `Address already in use`.
    public var reason: String

    public var description: String {
        "cannot listen on \(address) ([http] listen): \(reason); another process (a second kubecapwatch run?) may "
            + "hold the port: choose another port, or listen = off"
    }
}
