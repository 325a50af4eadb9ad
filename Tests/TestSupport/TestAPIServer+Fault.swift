extension TestAPIServer {
    /// A misbehaviour armed on the test API server for requests whose path starts with ``pathPrefix``.
    ///
    /// It fires ``count`` times (-1: until ``TestAPIServer/clearFaults()``). Error statuses come with the
    /// `kind: Status` body the real API server sends (a 403 names the user, verb, resource and scope like RBAC
    /// does; a 410 on a continue token has reason `Expired`; a 429 carries `Retry-After`).
    public struct Fault: Sendable, Encodable, Equatable {
        public var pathPrefix: String
        /// Answer with this status instead of serving the request.
        public var status: Int?
        public var count: Int
        /// Seconds for the `Retry-After` header (429, 503).
        public var retryAfter: Double?
        /// Sleep this long first; alone, a slow but otherwise normal response.
        public var delay: Double?
        /// Serve the normal response but close the connection after half of the body.
        public var dropMidBody: Bool
        /// Only requests that carry a `continue` token.
        public var onContinue: Bool
        /// Only this HTTP method.
        public var method: String?
        /// Only requests whose raw query contains this text.
        public var queryContains: String?
        /// Override the Status message, reason, or the user a 403 names.
        public var message: String?
        public var reason: String?
        public var user: String?
        /// Answer with this raw body instead (status 200 unless ``status`` is set): a malformed response.
        public var body: String?
        public var contentType: String?
        /// Fire only on every Nth matching request, letting the others through.
        public var every: Int?

        public init(pathPrefix: String = "/", status: Int? = nil, count: Int = 1, retryAfter: Double? = nil,
                    delay: Double? = nil, dropMidBody: Bool = false, onContinue: Bool = false,
                    method: String? = nil, queryContains: String? = nil, message: String? = nil,
                    reason: String? = nil, user: String? = nil, body: String? = nil, contentType: String? = nil,
                    every: Int? = nil) {
            self.pathPrefix = pathPrefix
            self.status = status
            self.count = count
            self.retryAfter = retryAfter
            self.delay = delay
            self.dropMidBody = dropMidBody
            self.onContinue = onContinue
            self.method = method
            self.queryContains = queryContains
            self.message = message
            self.reason = reason
            self.user = user
            self.body = body
            self.contentType = contentType
            self.every = every
        }

        /// An error status (401, 403, 404, 410, 429, 500, 503, ...) with a realistic Status body.
        public static func status(_ code: Int, pathPrefix: String = "/", count: Int = 1,
                                  retryAfter: Double? = nil) -> Fault {
            Fault(pathPrefix: pathPrefix, status: code, count: count, retryAfter: retryAfter)
        }

        /// An RBAC denial: `pods is forbidden: User "<user>" cannot list resource "pods" in API group "" at the
        /// cluster scope`.
        public static func forbidden(pathPrefix: String = "/", user: String? = nil, count: Int = 1) -> Fault {
            Fault(pathPrefix: pathPrefix, status: 403, count: count, user: user)
        }

        /// 410 Expired on the next requests that carry a `continue` token; with `every`, only on every Nth of them
        /// (`every: 5, count: -1`: a server that compacts so often that one continue page in five expires).
        public static func expiredContinue(pathPrefix: String = "/", count: Int = 1, every: Int? = nil) -> Fault {
            Fault(pathPrefix: pathPrefix, status: 410, count: count, onContinue: true, every: every)
        }

        /// A slow response.
        public static func delay(_ seconds: Double, pathPrefix: String = "/", count: Int = 1) -> Fault {
            Fault(pathPrefix: pathPrefix, count: count, delay: seconds)
        }

        /// The connection closes after half of the response body.
        public static func dropMidBody(pathPrefix: String = "/", count: Int = 1) -> Fault {
            Fault(pathPrefix: pathPrefix, count: count, dropMidBody: true)
        }

        /// A raw body instead of the real answer.
        public static func body(_ text: String, status: Int = 200, pathPrefix: String = "/", count: Int = 1,
                                contentType: String = "application/json") -> Fault {
            Fault(pathPrefix: pathPrefix, status: status, count: count, body: text, contentType: contentType)
        }

        private enum CodingKeys: String, CodingKey {
            case pathPrefix = "path_prefix", status, count, retryAfter = "retry_after", delay
            case dropMidBody = "drop_mid_body", onContinue = "on_continue", method
            case queryContains = "query_contains", message, reason, user, body, contentType = "content_type", every
        }
    }
}
