extension KeyedDecodingContainer {
    /// Decodes an optional field, using `fallback` when the key is absent or `null`.
    ///
    /// The API server omits empty fields (and sends `null` for some), so models keep
    /// non-optional collections and fill them here rather than making every caller unwrap.
    func decode<T: Decodable>(_ key: Key, default fallback: @autoclosure () -> T) throws -> T {
        try decodeIfPresent(T.self, forKey: key) ?? fallback()
    }

    /// The object at `key` as a container, nil when the key is absent or `null` (any other type is an error).
    /// For narrow models that read a few fields of a nested object without a type of their own for it.
    func nestedContainerIfPresent<NestedKey: CodingKey>(keyedBy type: NestedKey.Type,
                                                        forKey key: Key) throws -> KeyedDecodingContainer<NestedKey>? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        return try nestedContainer(keyedBy: type, forKey: key)
    }
}

/// A coding key for objects whose keys are data (resource names, label keys).
struct DynamicKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}
