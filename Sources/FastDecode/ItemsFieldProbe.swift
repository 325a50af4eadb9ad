import Foundation

/// What `items` is in a page that went to the reference decoder (a rare path, so a second pass is fine).
struct ItemsFieldProbe: Decodable {
    let field: FastPodPage.ItemsField

    private enum CodingKeys: String, CodingKey { case items }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if !container.contains(.items) {
            field = .absent
        } else if try container.decodeNil(forKey: .items) {
            field = .null
        } else {
            field = (try? container.nestedUnkeyedContainer(forKey: .items)) == nil ? .other : .array
        }
    }
}
