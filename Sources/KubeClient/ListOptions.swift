import Foundation

/// Query parameters of a LIST.
public struct ListOptions: Sendable, Equatable {
    /// Items per page; 0 asks for everything at once (avoid on big clusters).
    public var limit: Int
    /// `spec.nodeName=node-a`, `status.phase!=Succeeded,status.phase!=Failed`.
    public var fieldSelector: String?
    /// `app=web,tier in (front,back)`.
    public var labelSelector: String?

    public init(limit: Int = 500, fieldSelector: String? = nil, labelSelector: String? = nil) {
        self.limit = limit
        self.fieldSelector = fieldSelector
        self.labelSelector = labelSelector
    }

    /// The query items, with `continue` when given.
    func queryItems(continueToken: String?) -> [(String, String)] {
        var items: [(String, String)] = []
        if limit > 0 { items.append(("limit", String(limit))) }
        if let fieldSelector, !fieldSelector.isEmpty { items.append(("fieldSelector", fieldSelector)) }
        if let labelSelector, !labelSelector.isEmpty { items.append(("labelSelector", labelSelector)) }
        if let continueToken { items.append(("continue", continueToken)) }
        return items
    }

    /// `a=b&c=d`, each value percent-encoded strictly (continue tokens contain `=` and `+`).
    static func encode(_ items: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return items.map { key, value in
            "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
        }.joined(separator: "&")
    }
}
