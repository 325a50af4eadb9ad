import CCurl

/// Why an SMTP transaction failed: the class of failure, the server's last reply code and libcurl's words.
///
/// No libcurl type shows: callers decide on ``kind`` and ``replyCode``.
public struct SMTPFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of failure, as far as it decides what to tell the operator and whether to retry.
    public enum Kind: Sendable, Equatable {
        /// The server refused the credentials (it answered 535 or similar).
        case loginDenied
        /// TLS was required but not offered, or the handshake or certificate check failed.
        case tls
        /// The settings cannot work: a malformed URL, a protocol libcurl lacks, a refused option.
        case unusableSettings
        /// No connection: the host did not resolve or nothing answered.
        case unreachable
        /// The connection was made but went quiet or broke: a timeout, an empty or failed read. With reply 334
        /// (the server's prompt for credentials) this is a server that will not answer a refused login.
        case interrupted
        /// Anything else, usually the server refusing MAIL, RCPT or DATA: see ``replyCode``.
        case other
    }

    public var kind: Kind
    /// The last SMTP reply code, 0 when none.
    public var replyCode: Int
    /// libcurl's error text (`RCPT failed: 550`), never containing credentials.
    public var detail: String

    public init(kind: Kind, replyCode: Int, detail: String) {
        self.kind = kind
        self.replyCode = replyCode
        self.detail = detail
    }

    /// True when the transaction failed at RCPT TO: a recipient was refused.
    public var atRecipient: Bool { detail.hasPrefix("RCPT failed") }

    public var description: String {
        detail + (replyCode > 0 && !detail.contains("\(replyCode)") ? " (reply \(replyCode))" : "")
    }

    /// The kind of a libcurl result code.
    static func kind(for code: CURLcode) -> Kind {
        switch code {
        case CURLE_LOGIN_DENIED:
            return .loginDenied
        case CURLE_USE_SSL_FAILED, CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE,
             CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER:
            return .tls
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_FAILED_INIT, CURLE_NOT_BUILT_IN,
             CURLE_UNKNOWN_OPTION, CURLE_BAD_FUNCTION_ARGUMENT:
            return .unusableSettings
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST:
            return .unreachable
        case CURLE_OPERATION_TIMEDOUT, CURLE_GOT_NOTHING, CURLE_RECV_ERROR:
            return .interrupted
        default:
            // SEND_ERROR and WEIRD_SERVER_REPLY carry the server's refusal of MAIL, RCPT or DATA.
            return .other
        }
    }
}
