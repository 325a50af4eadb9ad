import Hummingbird
import NIOCore

/// A request's context: Hummingbird's, plus the client's address for the log lines of control requests.
struct ServiceRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// `127.0.0.1:51234`, or `unknown`.
    let peer: String

    init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        peer = source.channel.remoteAddress.map { address in
            guard let ip = address.ipAddress, let port = address.port else { return "\(address)" }
            return ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
        } ?? "unknown"
    }
}
