import KubeModel

/// One decoded LIST page with what the scanner learnt on the way, for callers that need more than the list.
public struct FastListPage<Item: Decodable & Sendable>: Sendable {
    /// What `items` was in the response.
    public enum ItemsField: Sendable, Equatable {
        case array
        case null
        case absent
        /// Present but neither an array nor null (the list then has no items, as with `KubeList`).
        case other
    }

    /// The same list `JSONDecoder().decode(KubeList<Item>.self, from:)` gives (resource entries may come in
    /// another order); see ``FastPodListDecoder``.
    public var list: KubeList<Item>
    /// `.absent` or `.other` means the body was no list at all (an error page, a Status): the client's seam
    /// treats that as an error rather than as an empty cluster.
    public var itemsField: ItemsField
    /// Items of other kinds in a kubectl `List`, left out of `list`.
    public var skippedItemCount: Int
    /// Items decoded by JSONDecoder because the scanner could not promise its exact result; all of the page's
    /// items when ``decodedByReference`` is true.
    public var referenceItemCount: Int
    /// True when the whole page went to JSONDecoder (malformed JSON, odd list metadata, repeated keys).
    public var decodedByReference: Bool
}

/// A decoded pod page.
public typealias FastPodPage = FastListPage<CapacityPod>

/// A decoded node page.
public typealias FastNodePage = FastListPage<CapacityNode>
