import Foundation
import KubeModel

/// The one seam where API JSON becomes typed values (DESIGN §7): swap in a faster decoder (e.g.
/// simdjson) here without touching callers.
public protocol KubeListDecoder: Sendable {
    /// Decodes one LIST page. A malformed item goes to `rejected`; a body that is not a list throws.
    func decodeList<Item: Decodable & Sendable>(_ data: Data, as type: Item.Type) throws -> KubeList<Item>
    /// Decodes one object (GET).
    func decodeObject<Item: Decodable & Sendable>(_ data: Data, as type: Item.Type) throws -> Item
}

/// Foundation's `JSONDecoder`, with a check that the body really is a list.
public struct FoundationListDecoder: KubeListDecoder {
    public init() {}

    public func decodeList<Item: Decodable & Sendable>(_ data: Data, as type: Item.Type) throws -> KubeList<Item> {
        try JSONDecoder().decode(CheckedList<Item>.self, from: data).list
    }

    public func decodeObject<Item: Decodable & Sendable>(_ data: Data, as type: Item.Type) throws -> Item {
        try JSONDecoder().decode(Item.self, from: data)
    }
}

/// `KubeList` tolerates a missing `items`; a response without one is not a list at all (an HTML
/// error page, a Status), so it must fail instead of looking like an empty cluster. Checked in the
/// same decoding pass, so the body is parsed once.
private struct CheckedList<Item: Decodable & Sendable>: Decodable {
    let list: KubeList<Item>

    private enum CodingKeys: String, CodingKey { case items, kind }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard container.contains(.items) else {
            let kind = (try? container.decodeIfPresent(String.self, forKey: .kind)) ?? nil
            throw NotAList(kind: kind)
        }
        if try !container.decodeNil(forKey: .items) {
            _ = try container.nestedUnkeyedContainer(forKey: .items)
        }
        list = try KubeList<Item>(from: decoder)
    }
}

/// The body decoded as JSON but holds no `items`.
struct NotAList: Error, CustomStringConvertible {
    var kind: String?

    var description: String {
        "the response is \(kind.map { "a \($0)" } ?? "an object") without items, not a list"
    }
}
