import Foundation

/// Status line and header fields of a response: everything but the body.
public struct HTTPResponseHead: Sendable, Equatable {
    /// The final HTTP status code (interim `100 Continue` responses are skipped).
    public var status: Int
    /// The final response's header fields.
    public var headers: HTTPHeaders

    public init(status: Int, headers: HTTPHeaders) {
        self.status = status
        self.headers = headers
    }

    /// `Retry-After` as a delay, when it is given in seconds (the form API servers and Slack use).
    ///
    /// The HTTP-date form is read too, relative to `now`.
    public func retryAfter(now: Date = Date()) -> Duration? {
        guard let raw = headers["Retry-After"]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else {
            return nil
        }
        if let seconds = Double(raw), seconds >= 0, seconds.isFinite {
            return .milliseconds(Int64(seconds * 1000))
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: raw) else { return nil }
        return .milliseconds(Int64(max(0, date.timeIntervalSince(now)) * 1000))
    }
}

/// A complete response: head and the whole body.
public struct HTTPResponse: Sendable, Equatable {
    /// Status and headers.
    public var head: HTTPResponseHead
    /// The body as received (libcurl undoes any transfer encoding).
    public var body: Data

    public init(head: HTTPResponseHead, body: Data) {
        self.head = head
        self.body = body
    }

    /// The HTTP status code.
    public var status: Int { head.status }
    /// The response header fields.
    public var headers: HTTPHeaders { head.headers }
    /// True for 2xx statuses.
    public var isSuccess: Bool { (200..<300).contains(head.status) }
    /// The body decoded as UTF-8 (invalid bytes replaced), for messages and tests.
    public var text: String { String(decoding: body, as: UTF8.self) }
}
