import Foundation
import HummingbirdCore

/// A request's query parameters, checked against what its endpoint accepts: an unknown or repeated parameter is a
/// 400 naming it (a typo such as `namspace=` must not quietly widen the answer).
struct QueryParameters {
    private var values: [String: String] = [:]

    init(_ uri: URI, accepted: [String]) throws(APIError) {
        for (key, value) in uri.queryParameters {
            let name = String(key)
            guard accepted.contains(name) else {
                let list = accepted.isEmpty ? "none" : accepted.joined(separator: ", ")
                throw .badRequest("unknown query parameter \"\(Self.printable(name))\"; this endpoint accepts: \(list)")
            }
            guard values[name] == nil else { throw .badRequest("query parameter \"\(name)\" is given twice") }
            values[name] = String(value)
        }
    }

    subscript(_ name: String) -> String? { values[name] }

    /// `true`/`false` (also `1`/`0`, `yes`/`no`, `on`/`off`), nil when absent.
    func flag(_ name: String) throws(APIError) -> Bool? {
        guard let text = values[name] else { return nil }
        switch text.lowercased() {
        case "true", "1", "yes", "on", "": return true
        case "false", "0", "no", "off": return false
        default: throw .badRequest("\(name): expected true or false, got \"\(Self.printable(text))\"")
        }
    }

    /// A choice among `options`, nil when absent.
    func choice<T: RawRepresentable & CaseIterable>(_ name: String, as: T.Type) throws(APIError) -> T? where T.RawValue == String {
        guard let text = values[name] else { return nil }
        guard let value = T(rawValue: text.lowercased()) else {
            let options = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw .badRequest("\(name): expected one of \(options), got \"\(Self.printable(text))\"")
        }
        return value
    }

    /// A comma-separated list, blanks dropped; nil when absent (an empty value is an empty list).
    func list(_ name: String) -> [String]? {
        values[name].map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    }

    /// `text` cut to a readable length, control characters replaced, for echoing it in a message.
    static func printable(_ text: String) -> String {
        let cleaned = String(String.UnicodeScalarView(text.unicodeScalars.map {
            $0.properties.generalCategory == .control ? "?" : $0
        }))
        return cleaned.count > 100 ? String(cleaned.prefix(100)) + "…" : cleaned
    }
}
