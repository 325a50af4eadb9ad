import CCurl
import Foundation

/// One libcurl easy handle with its error buffer.
///
/// libcurl handles must never be used by two threads at once. ``CurlSession`` checks a handle out
/// of its pool for the duration of one transfer, and an ``SMTPSession`` owns its handle, so each handle
/// has exactly one user at a time; that exclusive hand-over is why the type is marked `@unchecked Sendable`.
final class CurlEasyHandle: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer
    /// libcurl's words for the last failure (`CURLOPT_ERRORBUFFER`), once set as an option.
    let errorBuffer: UnsafeMutablePointer<CChar>

    init() throws(CurlTransportError) {
        try CurlGlobal.ensureInitialized()
        guard let handle = curl_easy_init() else {
            throw CurlTransportError(kind: .other, url: "", reason: "curl_easy_init failed", curlCode: -1)
        }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// The error buffer's text, or libcurl's short description of `code` when the buffer is empty.
    func failureText(_ code: CURLcode) -> String {
        let buffered = String(cString: errorBuffer).trimmingCharacters(in: .whitespacesAndNewlines)
        return buffered.isEmpty ? CurlGlobal.text(for: code) : buffered
    }

    /// `CURLINFO_RESPONSE_CODE` of the last transfer: the HTTP status or the last SMTP reply, 0 when none.
    var responseCode: Int {
        var code = 0
        _ = kcw_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
        return code
    }

    /// Runs one transfer. `curl_easy_reset` clears the previous request's options but keeps the
    /// handle's open connections and TLS session cache, which is what makes reuse pay off.
    func perform(_ request: HTTPRequest, configuration: CurlSessionConfiguration,
                 state: TransferState) throws -> HTTPResponseHead {
        curl_easy_reset(handle)
        errorBuffer[0] = 0
        let redacted = RedactedURL.string(request.url)
        var options = CurlOptionSetter(handle: handle, url: redacted)
        defer { options.freeLists() }

        try options.set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        try configureBasics(&options, request: request, configuration: configuration)
        try CurlTLSConfigurator.apply(configuration.tls, to: &options)
        let target = try CurlServerNameRoute(url: request.url, serverName: configuration.tls.serverName)
        try options.set(CURLOPT_URL, target.url)
        try configureHeaders(&options, request: request, configuration: configuration, hostHeader: target.hostHeader)
        if let connectTo = target.connectTo { try options.set(CURLOPT_CONNECT_TO, list: [connectTo]) }
        try configureBody(&options, request: request)
        try configureCallbacks(&options, state: state)

        let code = withExtendedLifetime(state) { curl_easy_perform(handle) }
        if let handlerError = state.handlerError { throw handlerError }
        guard code == CURLE_OK else { throw transportError(code, request: request, state: state) }
        let status = responseCode
        var head = state.head
        if status != 0 { head.status = status }
        return head
    }

    private func configureBasics(_ options: inout CurlOptionSetter, request: HTTPRequest,
                                 configuration: CurlSessionConfiguration) throws {
        // Signals are unsafe in a multi-threaded process; libcurl then resolves names in a thread.
        try options.set(CURLOPT_NOSIGNAL, 1)
        try options.set(CURLOPT_CONNECTTIMEOUT_MS, (request.connectTimeout ?? configuration.connectTimeout).milliseconds)
        try options.set(CURLOPT_TIMEOUT_MS, (request.timeout ?? configuration.timeout).milliseconds)
        try options.set(CURLOPT_PROTOCOLS_STR, "http,https")
        // Redirects are not followed: an API server never needs them, and following one could
        // carry the bearer token to another host.
        try options.set(CURLOPT_FOLLOWLOCATION, 0)
        try options.set(CURLOPT_TCP_KEEPALIVE, 1)
        // Empty string = every encoding libcurl can decode; big lists compress well.
        try options.set(CURLOPT_ACCEPT_ENCODING, "")
        if let proxy = configuration.proxy {
            try options.set(CURLOPT_PROXY, proxy)
        } else if !configuration.useEnvironmentProxy {
            // An empty proxy string switches off the *_proxy environment variables.
            try options.set(CURLOPT_PROXY, "")
        }
    }

    private func configureHeaders(_ options: inout CurlOptionSetter, request: HTTPRequest,
                                  configuration: CurlSessionConfiguration, hostHeader: String?) throws {
        var lines: [String] = []
        if !request.headers.contains("User-Agent") { lines.append("User-Agent: \(configuration.userAgent)") }
        if let hostHeader, !request.headers.contains("Host") { lines.append("Host: \(hostHeader)") }
        // libcurl would send `Expect: 100-continue` for big bodies and wait for a go-ahead most
        // servers never send; an empty value suppresses it.
        if !request.headers.contains("Expect") { lines.append("Expect:") }
        for field in request.headers {
            guard !field.name.contains(where: \.isNewline), !field.value.contains(where: \.isNewline) else {
                throw CurlTransportError(kind: .invalidRequest, url: RedactedURL.string(request.url),
                                         reason: "header \(field.name) contains a line break", curlCode: -1)
            }
            // `Name;` is libcurl's way to send a header with an empty value.
            lines.append(field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)")
        }
        try options.set(CURLOPT_HTTPHEADER, list: lines)
    }

    private func configureBody(_ options: inout CurlOptionSetter, request: HTTPRequest) throws {
        let method = request.method.uppercased()
        if let body = request.body {
            try options.set(CURLOPT_POSTFIELDSIZE_LARGE, offset: curl_off_t(body.count))
            try body.withUnsafeBytes { bytes in
                // COPYPOSTFIELDS copies, so the Data need not outlive this call.
                let base = bytes.baseAddress ?? UnsafeRawPointer(("" as StaticString).utf8Start)
                try options.set(CURLOPT_COPYPOSTFIELDS, pointer: UnsafeMutableRawPointer(mutating: base))
            }
            if method != "POST" { try options.set(CURLOPT_CUSTOMREQUEST, method) }
        } else if method == "HEAD" {
            try options.set(CURLOPT_NOBODY, 1)
        } else if method != "GET" {
            try options.set(CURLOPT_CUSTOMREQUEST, method)
        }
    }

    private func configureCallbacks(_ options: inout CurlOptionSetter, state: TransferState) throws {
        let userdata = Unmanaged.passUnretained(state).toOpaque()
        try options.check(kcw_easy_setopt_write_function(handle, curlWriteCallback), CURLOPT_WRITEFUNCTION)
        try options.set(CURLOPT_WRITEDATA, pointer: userdata)
        try options.check(kcw_easy_setopt_header_function(handle, curlHeaderCallback), CURLOPT_HEADERFUNCTION)
        try options.set(CURLOPT_HEADERDATA, pointer: userdata)
        try options.check(kcw_easy_setopt_xferinfo_function(handle, curlProgressCallback), CURLOPT_XFERINFOFUNCTION)
        try options.set(CURLOPT_XFERINFODATA, pointer: userdata)
        try options.set(CURLOPT_NOPROGRESS, 0)
    }

    private func transportError(_ code: CURLcode, request: HTTPRequest, state: TransferState) -> CurlTransportError {
        let reason = failureText(code)
        let kind: CurlTransportError.Kind = state.isCancelled ? .cancelled : CurlTransportError.kind(for: code, reason: reason)
        return CurlTransportError(kind: kind, url: RedactedURL.string(request.url),
                                  reason: RedactedURL.scrub(reason, of: request.url), curlCode: Int(code.rawValue))
    }
}

// C callbacks cannot capture context: the transfer's state arrives as `userdata`.

private let curlWriteCallback: kcw_curl_data_callback = { data, size, count, userdata in
    guard let userdata else { return 0 }
    let state = Unmanaged<TransferState>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    let accepted = state.receiveBody(UnsafeRawBufferPointer(start: data, count: length))
    // Returning a short count makes libcurl abort with CURLE_WRITE_ERROR.
    return accepted ? length : 0
}

private let curlHeaderCallback: kcw_curl_data_callback = { data, size, count, userdata in
    guard let userdata else { return 0 }
    let state = Unmanaged<TransferState>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    state.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: length))
    return length
}

private let curlProgressCallback: kcw_curl_xferinfo_callback = { userdata, _, _, _, _ in
    guard let userdata else { return 0 }
    let state = Unmanaged<TransferState>.fromOpaque(userdata).takeUnretainedValue()
    return state.isCancelled ? 1 : 0
}
