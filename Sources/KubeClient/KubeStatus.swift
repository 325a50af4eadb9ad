import Foundation

/// The `Status` object an API server sends with an error status.
struct KubeStatus: Decodable {
    struct Details: Decodable {
        var name: String?
        var group: String?
        var kind: String?
    }

    var kind: String?
    var message: String?
    var reason: String?
    var code: Int?
    var details: Details?

    /// The server's message from `body`, or a trimmed text body (proxies answer in HTML or text).
    static func message(from body: Data) -> String? {
        if let status = try? JSONDecoder().decode(KubeStatus.self, from: body), status.kind == "Status",
           let message = status.message, !message.isEmpty {
            return message
        }
        let text = String(decoding: body.prefix(300), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, !text.hasPrefix("<") else { return nil }
        return text.split(whereSeparator: \.isNewline).first.map(String.init)
    }
}
