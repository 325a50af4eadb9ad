extension KeyedDecodingContainer {
    /// Decodes an optional field, using `fallback` when the key is absent or `null`.
    ///
    /// The API server omits empty fields (and sends `null` for some), so models keep
    /// non-optional collections and fill them here rather than making every caller unwrap.
    func decode<T: Decodable>(_ key: Key, default fallback: @autoclosure () -> T) throws -> T {
        try decodeIfPresent(T.self, forKey: key) ?? fallback()
    }
}

/// A coding key for objects whose keys are data (resource names, label keys).
struct DynamicKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}
