import Foundation
import KubeModel

/// Decodes pages of a pod LIST (or one pod object) with simdjson into the capacity scan's ``CapacityPod``, many
/// times faster than `JSONDecoder` (DESIGN.md §7).
///
/// A page gives the same `KubeList<CapacityPod>` — items, rejected items with their reasons, list metadata — as
/// `JSONDecoder().decode(KubeList<CapacityPod>.self, from:)`, which reads the same fields: the scanner reads only
/// them (see ``CapacityPod``) and skips the rest of each pod unexamined, so a pod whose other fields are malformed
/// decodes all the same, with both decoders. Resource entries keep document order, where JSONDecoder's order is
/// unspecified.
///
/// Whenever the scanner cannot promise JSONDecoder's exact result it does not guess: the item (a wrong type in a
/// field it reads, a quantity written as a JSON number, an escaped or repeated key) or the whole page (malformed
/// JSON, odd list metadata) is decoded by JSONDecoder instead, so a malformed page throws JSONDecoder's error
/// (``FastDecodeError/malformedJSON(reason:scanner:)`` when simdjson found the JSON broken too).
///
/// In a kubectl `List` (a snapshot file), items whose `kind` is a string other than `Pod` are left out and
/// counted in ``FastListPage/skippedItemCount``; typed `PodList` items, which carry no kind, are all pods.
///
/// Syntax errors inside skipped fields (annotations, managedFields...) are only checked structurally
/// (brackets, strings, UTF-8) unless `validatesSkippedSyntax` is set, which adds a full simdjson parse: without
/// it, a page JSONDecoder refuses for, say, `"x": tru` in an annotation decodes here.
///
/// A decoder reuses its parser, buffers and interned names across pages; it is not thread-safe: use one per
/// task or thread.
public final class FastPodListDecoder {
    private let core: ListScanCore

    /// Whether the JSON syntax of skipped fields is checked too (see the type's documentation).
    public var validatesSkippedSyntax: Bool { core.validatesSkippedSyntax }

    public init(validatesSkippedSyntax: Bool = false) {
        core = ListScanCore(validatesSkippedSyntax: validatesSkippedSyntax)
    }

    /// Decodes a page already in a padded buffer, without copying it.
    public func decodePodPage(_ buffer: PaddedBuffer) throws -> KubeList<CapacityPod> {
        try decodePage(buffer).list
    }

    /// Decodes a page, copying it once into an internal padded buffer.
    public func decodePodPage(_ data: Data) throws -> KubeList<CapacityPod> {
        try decodePage(data).list
    }

    /// Like ``decodePodPage(_:)-(PaddedBuffer)``, with what the scanner learnt about the page.
    public func decodePage(_ buffer: PaddedBuffer) throws -> FastPodPage {
        try core.decode(buffer, as: CapacityPod.self)
    }

    /// Like ``decodePodPage(_:)-(Data)``, with what the scanner learnt about the page.
    public func decodePage(_ data: Data) throws -> FastPodPage {
        try core.decode(core.padded(data), as: CapacityPod.self)
    }

    /// Decodes one pod object (a GET response, a watch event's `object`) as
    /// `JSONDecoder().decode(CapacityPod.self, from:)` does, throwing what it throws.
    public func decodePod(_ data: Data) throws -> CapacityPod {
        try core.decodeObject(core.padded(data), as: CapacityPod.self)
    }
}
