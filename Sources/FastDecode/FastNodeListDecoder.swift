import Foundation
import KubeModel

/// Decodes pages of a node LIST (or one node object) with simdjson into the capacity scan's ``CapacityNode``;
/// the node counterpart of ``FastPodListDecoder``, with the same guarantees and the same hand-over to JSONDecoder
/// for odd items and pages. In a kubectl `List`, items whose kind is not `Node` are left out.
public final class FastNodeListDecoder {
    private let core: ListScanCore

    /// Whether the JSON syntax of skipped fields is checked too (see ``FastPodListDecoder``).
    public var validatesSkippedSyntax: Bool { core.validatesSkippedSyntax }

    public init(validatesSkippedSyntax: Bool = false) {
        core = ListScanCore(validatesSkippedSyntax: validatesSkippedSyntax)
    }

    /// Decodes a page, copying it once into an internal padded buffer.
    public func decodeNodePage(_ data: Data) throws -> KubeList<CapacityNode> {
        try decodePage(data).list
    }

    /// Like ``decodeNodePage(_:)``, with what the scanner learnt about the page.
    public func decodePage(_ data: Data) throws -> FastNodePage {
        try core.decode(core.padded(data), as: CapacityNode.self)
    }

    /// Decodes one node object (a GET response, a watch event's `object`) as
    /// `JSONDecoder().decode(CapacityNode.self, from:)` does, throwing what it throws.
    public func decodeNode(_ data: Data) throws -> CapacityNode {
        try core.decodeObject(core.padded(data), as: CapacityNode.self)
    }
}
