import CCurl

/// Process-wide libcurl initialisation.
///
/// `curl_global_init` is not thread-safe and must run before any other libcurl call, so it is
/// tied to a Swift global whose lazy initialisation the runtime guarantees to run exactly once.
enum CurlGlobal {
    private static let initResult: CURLcode = curl_global_init(Int(CURL_GLOBAL_ALL))

    /// Runs `curl_global_init` the first time it is called; later calls are free.
    static func ensureInitialized() throws(CurlTransportError) {
        let code = initResult
        guard code == CURLE_OK else {
            throw CurlTransportError(
                kind: .other, url: "", reason: "libcurl initialisation failed: \(CurlGlobal.text(for: code))",
                curlCode: Int(code.rawValue))
        }
    }

    /// libcurl's short description of an error code.
    static func text(for code: CURLcode) -> String {
        String(cString: curl_easy_strerror(code))
    }
}
