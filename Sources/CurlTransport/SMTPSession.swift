import CCurl

/// An SMTP connection through libcurl that sends messages: MAIL FROM, RCPT TO per recipient, DATA.
///
/// libcurl keeps the connection open in the session's handle between sends, so a message sent again one
/// recipient at a time (to learn which address a server refuses: libcurl aborts the whole transaction at the
/// first refused RCPT TO and names no address) costs no new handshake.
///
/// Blocking, and for one thread at a time: create and use it inside one piece of work off the cooperative
/// pool (``CancellationFlag/offloading(_:)``).
public final class SMTPSession {
    private let easy: CurlEasyHandle
    private let url: String

    /// Prepares the handle; nothing is sent until ``send(message:from:recipients:)``.
    /// - Throws: ``SMTPFailure/Kind/unusableSettings`` when libcurl cannot start or refuses an option.
    public init(settings: SMTPSettings) throws(SMTPFailure) {
        do {
            easy = try CurlEasyHandle()
        } catch {
            throw SMTPFailure(kind: .unusableSettings, replyCode: 0, detail: "libcurl initialisation failed")
        }
        url = RedactedURL.string(settings.url)
        try Self.settingOptions { () throws(CurlTransportError) in try configure(settings) }
    }

    /// Sends `message` (the whole RFC 5322 text, CRLF line ends) from `from` to `recipients` in one transaction.
    public func send(message: [UInt8], from: String, recipients: [String]) -> Result<Void, SMTPFailure> {
        let source = SMTPMessageSource(bytes: message)
        let unmanaged = Unmanaged.passRetained(source)
        defer { unmanaged.release() }
        var options = CurlOptionSetter(handle: easy.handle, url: url)
        // The recipient list is detached before this returns, so the handle never keeps a dangling pointer.
        defer { options.freeLists() }
        do {
            try Self.settingOptions { () throws(CurlTransportError) in
                try options.set(CURLOPT_MAIL_FROM, "<\(from)>")
                try options.set(CURLOPT_MAIL_RCPT, list: recipients.map { "<\($0)>" })
                try options.set(CURLOPT_READDATA, pointer: unmanaged.toOpaque())
                try options.check(kcw_easy_setopt_read_function(easy.handle, readCallback), CURLOPT_READFUNCTION)
            }
        } catch {
            return .failure(error)
        }
        easy.errorBuffer[0] = 0
        let code = curl_easy_perform(easy.handle)
        guard code != CURLE_OK else { return .success(()) }
        return .failure(SMTPFailure(kind: SMTPFailure.kind(for: code), replyCode: easy.responseCode,
                                    detail: easy.failureText(code)))
    }

    private func configure(_ settings: SMTPSettings) throws(CurlTransportError) {
        let options = CurlOptionSetter(handle: easy.handle, url: url)
        try options.set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(easy.errorBuffer))
        try options.set(CURLOPT_URL, settings.url)
        try options.set(CURLOPT_UPLOAD, 1)
        // Signals are unsafe in a multi-threaded process; libcurl then resolves names in a thread.
        try options.set(CURLOPT_NOSIGNAL, 1)
        // At least 1 ms: 0 would mean no limit at all.
        let timeoutMillis = max(1, settings.timeout.milliseconds)
        try options.set(CURLOPT_TIMEOUT_MS, timeoutMillis)
        try options.set(CURLOPT_CONNECTTIMEOUT_MS, min(timeoutMillis, 10_000))
        // Only SMTP: a crafted smtp_url cannot turn this handle into a file or HTTP reader.
        try options.set(CURLOPT_PROTOCOLS_STR, "smtp,smtps")
        switch settings.security {
        case .required:
            try options.set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
        case .opportunistic(let verify):
            try options.set(CURLOPT_USE_SSL, Int(CURLUSESSL_TRY.rawValue))
            if !verify {
                // No network to protect on loopback, and encryption without verification is still better than none.
                try options.set(CURLOPT_SSL_VERIFYPEER, 0)
                try options.set(CURLOPT_SSL_VERIFYHOST, 0)
            }
        case .none:
            break
        }
        if let caFile = settings.caFile { try options.set(CURLOPT_CAINFO, caFile) }
        if let username = settings.username {
            try options.set(CURLOPT_USERNAME, username)
            try options.set(CURLOPT_PASSWORD, settings.password ?? "")
        }
    }

    /// A refused option is a setting this libcurl cannot honour; its message names the option, never its value.
    private static func settingOptions(_ body: () throws(CurlTransportError) -> Void) throws(SMTPFailure) {
        do {
            try body()
        } catch {
            throw SMTPFailure(kind: .unusableSettings, replyCode: 0, detail: error.reason)
        }
    }
}

/// The message bytes and how far libcurl has read them.
private final class SMTPMessageSource {
    let bytes: [UInt8]
    var offset = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// Copies the next bytes into libcurl's buffer; 0 at the end of the message.
    func read(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
        let length = min(capacity, bytes.count - offset)
        guard length > 0 else { return 0 }
        bytes.withUnsafeBufferPointer { all in
            UnsafeMutableRawPointer(buffer).copyMemory(from: all.baseAddress! + offset, byteCount: length)
        }
        offset += length
        return length
    }
}

// C callbacks cannot capture context: the message arrives as `userdata`.
private let readCallback: kcw_curl_read_callback = { buffer, size, count, userdata in
    guard let buffer, let userdata else { return 0 }
    return Unmanaged<SMTPMessageSource>.fromOpaque(userdata).takeUnretainedValue().read(into: buffer, capacity: size * count)
}
