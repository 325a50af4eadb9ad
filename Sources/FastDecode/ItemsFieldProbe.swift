import Foundation

/// What `items` is in a page that went to the reference decoder (a rare path, so a second pass is fine).
struct ItemsFieldProbe: Decodable {
    let isPresent: Bool
    let isNull: Bool
    let isArray: Bool

    private enum CodingKeys: String, CodingKey { case items }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        isPresent = container.contains(.items)
        isNull = try isPresent && container.decodeNil(forKey: .items)
        isArray = isPresent && !isNull && (try? container.nestedUnkeyedContainer(forKey: .items)) != nil
    }

    func field<Item>(of _: Item.Type) -> FastListPage<Item>.ItemsField {
        if !isPresent { return .absent }
        if isNull { return .null }
        return isArray ? .array : .other
    }
}
