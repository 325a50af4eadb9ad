import HTTPTypes

/// A request the service will not answer as asked: its status and a message for people, sent as
/// `{"status": 400, "message": "..."}`.
struct APIError: Error {
    var status: HTTPResponse.Status
    var message: String
    /// Extra headers (`Allow`, `WWW-Authenticate`, `Retry-After`).
    var headers: HTTPFields = [:]

    static func badRequest(_ message: String) -> APIError { APIError(status: .badRequest, message: message) }
}
