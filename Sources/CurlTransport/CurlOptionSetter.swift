import CCurl

/// Typed `curl_easy_setopt` calls that turn a refused option into a ``CurlTransportError`` and
/// keep the `curl_slist`s alive until the transfer is over.
struct CurlOptionSetter {
    let handle: UnsafeMutableRawPointer
    let url: String
    private var lists: [(option: CURLoption, list: UnsafeMutablePointer<curl_slist>)] = []

    init(handle: UnsafeMutableRawPointer, url: String) {
        self.handle = handle
        self.url = url
    }

    func check(_ code: CURLcode, _ option: CURLoption) throws(CurlTransportError) {
        guard code == CURLE_OK else {
            throw CurlTransportError(kind: .invalidRequest, url: url,
                                     reason: "option \(option.rawValue) refused: \(CurlGlobal.text(for: code))",
                                     curlCode: Int(code.rawValue))
        }
    }

    func set(_ option: CURLoption, _ value: Int) throws(CurlTransportError) {
        try check(kcw_easy_setopt_long(handle, option, value), option)
    }

    func set(_ option: CURLoption, _ value: String) throws(CurlTransportError) {
        // libcurl copies string options (all but POSTFIELDS), so a temporary C string is enough.
        try check(value.withCString { kcw_easy_setopt_string(handle, option, $0) }, option)
    }

    func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) throws(CurlTransportError) {
        try check(kcw_easy_setopt_pointer(handle, option, pointer), option)
    }

    func set(_ option: CURLoption, offset: curl_off_t) throws(CurlTransportError) {
        try check(kcw_easy_setopt_off_t(handle, option, offset), option)
    }

    /// Hands libcurl a copy of `bytes` (`CURL_BLOB_COPY`), so the caller's buffer may go away.
    func set(_ option: CURLoption, blob bytes: [UInt8]) throws(CurlTransportError) {
        var copy = bytes
        let code = copy.withUnsafeMutableBytes { buffer in
            var blob = curl_blob(data: buffer.baseAddress, len: buffer.count, flags: UInt32(CURL_BLOB_COPY))
            return kcw_easy_setopt_blob(handle, option, &blob)
        }
        try check(code, option)
    }

    /// Sets a list option; the list is freed by ``freeLists()`` after the transfer.
    mutating func set(_ option: CURLoption, list strings: [String]) throws(CurlTransportError) {
        var list: UnsafeMutablePointer<curl_slist>?
        for string in strings {
            guard let extended = curl_slist_append(list, string) else {
                curl_slist_free_all(list)
                throw CurlTransportError(kind: .other, url: url, reason: "out of memory", curlCode: -1)
            }
            list = extended
        }
        if let list { lists.append((option, list)) }
        try check(kcw_easy_setopt_slist(handle, option, list), option)
    }

    /// Detaches and frees the lists; call only after the transfer, so the handle never keeps a
    /// dangling list pointer while it waits in the pool.
    mutating func freeLists() {
        for (option, list) in lists {
            _ = kcw_easy_setopt_slist(handle, option, nil)
            curl_slist_free_all(list)
        }
        lists.removeAll()
    }
}
