import Foundation
import KubeModel

/// Foundation's `JSONDecoder` for LIST pages, with a check that the body really is a list: how a
/// ``ClusterResource`` decodes its pages unless it brings a faster decoder of its own (DESIGN §7), and how
/// snapshot files are read.
public enum FoundationListDecoder {
    /// Decodes one LIST page. A malformed item goes to `rejected`; a body that is not a list throws.
    public static func decodeList<Item: Decodable & Sendable>(_ data: Data, as type: Item.Type = Item.self) throws -> KubeList<Item> {
        try JSONDecoder().decode(CheckedList<Item>.self, from: data).list
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
