import CCurl
import Dispatch
import Foundation

/// One SMTP conversation through libcurl: MAIL FROM, RCPT TO per recipient, DATA.
///
/// libcurl aborts the whole transaction when one RCPT TO is refused and reports only the reply
/// code, not the address; `CURLOPT_MAIL_RCPT_ALLLOWFAILS` would deliver to the rest but still not say
/// which one failed. So a multi-recipient send that fails at RCPT is repeated one recipient at a time
/// on the same handle (the connection is reused), which names each refused address exactly.
final class SMTPTransfer {
    /// What the server or libcurl said when a transaction failed.
    struct Failure: Error {
        var code: CURLcode
        /// The last SMTP reply code (`CURLINFO_RESPONSE_CODE`), 0 when none.
        var replyCode: Int
        /// libcurl's error buffer (`RCPT failed: 550`), never containing credentials.
        var detail: String
        /// True when the failure came at RCPT TO.
        var atRecipient: Bool { detail.hasPrefix("RCPT failed") }
    }

    /// How the conversation is protected.
    enum Security: Sendable, Equatable {
        /// TLS or nothing: `smtps://`, or STARTTLS that must succeed.
        case required
        /// STARTTLS when the server offers it, plain SMTP otherwise; the certificate is checked only when
        /// `verify` is true. For a loopback host only (see ``EmailNotifier/Configuration/StartTLS/auto``).
        case opportunistic(verify: Bool)
        /// Plain SMTP (`starttls = off`).
        case none
    }

    /// Reflection shows no password (see the `CustomReflectable` conformance).
    struct Settings: Sendable, CustomReflectable {
        var url: String
        var security: Security
        var username: String?
        var password: String?
        var caFile: String?
        var timeout: Duration

        var customMirror: Mirror {
            Mirror(self, children: ["url": url, "security": security, "username": username as Any,
                                    "password": password == nil ? "none" : "<redacted>"], displayStyle: .struct)
        }
    }

    private let handle: UnsafeMutableRawPointer
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))

    init?(settings: Settings) {
        guard SMTPTransfer.globalInit == CURLE_OK, let handle = curl_easy_init() else { return nil }
        self.handle = handle
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        configure(settings)
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Sends `message` from `from` to `recipients` in one transaction. Blocks; call off the cooperative pool.
    func send(message: [UInt8], from: String, recipients: [String]) -> Result<Void, Failure> {
        var list: UnsafeMutablePointer<curl_slist>?
        for recipient in recipients { list = curl_slist_append(list, "<\(recipient)>") }
        defer { curl_slist_free_all(list) }
        let source = MessageSource(bytes: message)
        let unmanaged = Unmanaged.passRetained(source)
        defer { unmanaged.release() }
        _ = kcw_easy_setopt_string(handle, CURLOPT_MAIL_FROM, "<\(from)>")
        _ = kcw_easy_setopt_slist(handle, CURLOPT_MAIL_RCPT, list)
        _ = kcw_easy_setopt_pointer(handle, CURLOPT_READDATA, unmanaged.toOpaque())
        _ = kcw_easy_setopt_read_function(handle, SMTPTransfer.read)
        errorBuffer[0] = 0
        let code = curl_easy_perform(handle)
        _ = kcw_easy_setopt_slist(handle, CURLOPT_MAIL_RCPT, nil)
        guard code != CURLE_OK else { return .success(()) }
        var reply = 0
        _ = kcw_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &reply)
        let buffer = String(cString: errorBuffer)
        let detail = buffer.isEmpty ? String(cString: curl_easy_strerror(code)) : buffer
        return .failure(Failure(code: code, replyCode: reply, detail: detail))
    }

    /// Runs `body` on a Dispatch thread: a blocking libcurl call must not hold one of the few
    /// cooperative threads (two on this size of machine).
    static func offPool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: body()) }
        }
    }

    private func configure(_ settings: Settings) {
        _ = kcw_easy_setopt_string(handle, CURLOPT_URL, settings.url)
        _ = kcw_easy_setopt_long(handle, CURLOPT_UPLOAD, 1)
        _ = kcw_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = kcw_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
        let timeoutMillis = max(1, Int(settings.timeout.seconds * 1000))
        _ = kcw_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, timeoutMillis)
        _ = kcw_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, min(timeoutMillis, 10_000))
        // Only SMTP: a crafted smtp_url cannot turn this handle into a file or HTTP reader.
        _ = kcw_easy_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "smtp,smtps")
        switch settings.security {
        case .required:
            _ = kcw_easy_setopt_long(handle, CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
        case .opportunistic(let verify):
            _ = kcw_easy_setopt_long(handle, CURLOPT_USE_SSL, Int(CURLUSESSL_TRY.rawValue))
            if !verify {
                // Loopback only: no network to protect, and a local relay's certificate (Debian's snakeoil) is
                // rarely one anything trusts; encryption without verification is still better than none.
                _ = kcw_easy_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 0)
                _ = kcw_easy_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 0)
            }
        case .none:
            break
        }
        if let caFile = settings.caFile { _ = kcw_easy_setopt_string(handle, CURLOPT_CAINFO, caFile) }
        if let username = settings.username {
            _ = kcw_easy_setopt_string(handle, CURLOPT_USERNAME, username)
            _ = kcw_easy_setopt_string(handle, CURLOPT_PASSWORD, settings.password ?? "")
        }
    }

    private static let globalInit: CURLcode = curl_global_init(Int(CURL_GLOBAL_ALL))

    /// The message bytes and how far libcurl has read them.
    private final class MessageSource {
        let bytes: [UInt8]
        var offset = 0
        init(bytes: [UInt8]) { self.bytes = bytes }
    }

    private static let read: kcw_curl_read_callback = { buffer, size, count, userdata in
        guard let buffer, let userdata else { return 0 }
        let source = Unmanaged<MessageSource>.fromOpaque(userdata).takeUnretainedValue()
        let length = min(size * count, source.bytes.count - source.offset)
        guard length > 0 else { return 0 }
        source.bytes.withUnsafeBufferPointer { all in
            UnsafeMutableRawPointer(buffer).copyMemory(from: all.baseAddress! + source.offset, byteCount: length)
        }
        source.offset += length
        return length
    }
}
