extension TestAPIServer {
    /// One API request as the test server saw it (admin calls are not logged; tokens never are).
    public struct LoggedRequest: Sendable, Decodable, Equatable {
        /// How the request authenticated.
        public enum Auth: String, Sendable, Decodable {
            case token, cert, basic
            /// No credentials at all (answered 401).
            case none
            /// Credentials given but wrong (answered 401).
            case rejected
        }

        /// Increasing number of the request in this server's log.
        public var seq: Int
        /// Arrival time, seconds since 1970.
        public var time: Double
        public var method: String
        public var path: String
        /// The raw query string.
        public var query: String
        /// The decoded query parameters.
        public var params: [String: String]
        public var auth: Auth
        /// The authenticated user, nil when authentication failed.
        public var user: String?
        /// The status answered (499 when the client went away first).
        public var status: Int
        /// Body bytes sent (half the body for a dropped response).
        public var bytes: Int
        /// The id of the fault that fired on this request.
        public var fault: Int?
        /// Whether the client asked for a Table (kubectl get does).
        public var table: Bool
        public var durationMs: Double

        /// The `continue` token sent, if any.
        public var continueToken: String? { params["continue"].flatMap { $0.isEmpty ? nil : $0 } }
        /// The `limit` sent, if any.
        public var limit: Int? { params["limit"].flatMap(Int.init) }

        private enum CodingKeys: String, CodingKey {
            case seq, time, method, path, query, params, auth, user, status, bytes, fault, table
            case durationMs = "duration_ms"
        }
    }
}
