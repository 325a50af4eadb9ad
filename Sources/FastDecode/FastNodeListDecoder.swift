import Foundation
import KubeModel

/// Decodes pages of a node LIST with simdjson for the **capacity scan only**; the node counterpart of
/// ``FastPodListDecoder``, with the same guarantees and the same hand-over to JSONDecoder for odd items and pages.
///
/// Every field of the `Node` model is decoded — name, namespace, uid, labels (node selectors filter on them),
/// `spec.unschedulable`, `status.capacity`, `status.allocatable` (nil when absent, as opposed to empty) and
/// `status.conditions` — except `metadata.ownerReferences`, `creationTimestamp` and `deletionTimestamp`, which
/// are type-checked and left at their defaults. In a kubectl `List`, items whose kind is not `Node` are left out.
public final class FastNodeListDecoder {
    private let core: ListScanCore

    /// Whether the JSON syntax of skipped fields is checked too (see ``FastPodListDecoder``).
    public var validatesSkippedSyntax: Bool { core.validatesSkippedSyntax }

    public init(validatesSkippedSyntax: Bool = false) {
        core = ListScanCore(validatesSkippedSyntax: validatesSkippedSyntax)
    }

    /// Decodes a page already in a padded buffer, without copying it.
    public func decodeNodePage(_ buffer: PaddedBuffer) throws -> KubeList<Node> {
        try decodePage(buffer).list
    }

    /// Decodes a page, copying it once into an internal padded buffer.
    public func decodeNodePage(_ data: Data) throws -> KubeList<Node> {
        try decodePage(data).list
    }

    /// Like ``decodeNodePage(_:)-(PaddedBuffer)``, with what the scanner learnt about the page.
    public func decodePage(_ buffer: PaddedBuffer) throws -> FastNodePage {
        try core.decode(buffer, as: Node.self)
    }

    /// Like ``decodeNodePage(_:)-(Data)``, with what the scanner learnt about the page.
    public func decodePage(_ data: Data) throws -> FastNodePage {
        try core.decode(core.padded(data), as: Node.self)
    }
}
