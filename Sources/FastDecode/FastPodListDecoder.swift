import Foundation
import KubeModel

/// Decodes pages of a pod LIST with simdjson for the **capacity scan only**, many times faster than
/// `JSONDecoder` (DESIGN.md §7).
///
/// A page gives the same `KubeList<Pod>` — items, rejected items with their reasons, list metadata — as
/// `JSONDecoder().decode(KubeList<Pod>.self, from:)` for every field the capacity engine reads:
/// `metadata.name/namespace/uid`, `spec.nodeName`, `containers` and `initContainers` (name, restartPolicy,
/// requests, limits), `spec.overhead`, pod-level `spec.resources`, `status.phase`, `status.resize` and
/// `status.containerStatuses` (name, `resources.requests/limits`: in-place resize). The other fields are
/// left at their defaults: `metadata.labels`, `ownerReferences`, `creationTimestamp`, `deletionTimestamp`,
/// `spec.volumes`, `spec.serviceAccountName` and the containers' `env`/`envFrom`. The volume graph needs those,
/// so it must keep using the Foundation decoder. Resource entries keep document order, where JSONDecoder's
/// order is unspecified.
///
/// The types of the skipped model fields are still checked, so a pod JSONDecoder would reject is rejected
/// here too. Whenever the scanner cannot promise JSONDecoder's exact result it does not guess: the item (a
/// wrong type, a quantity written as a JSON number, an escaped or repeated key, an escape sequence in a
/// checked string) or the whole page (malformed JSON, odd list metadata) is decoded by JSONDecoder instead,
/// so a malformed page throws JSONDecoder's own `DecodingError`.
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
    public func decodePodPage(_ buffer: PaddedBuffer) throws -> KubeList<Pod> {
        try decodePage(buffer).list
    }

    /// Decodes a page, copying it once into an internal padded buffer.
    public func decodePodPage(_ data: Data) throws -> KubeList<Pod> {
        try decodePage(data).list
    }

    /// Decodes a page, copying it once into an internal padded buffer.
    public func decodePodPage(_ bytes: UnsafeRawBufferPointer) throws -> KubeList<Pod> {
        try decodePage(core.padded(bytes)).list
    }

    /// Like ``decodePodPage(_:)-(PaddedBuffer)``, with what the scanner learnt about the page.
    public func decodePage(_ buffer: PaddedBuffer) throws -> FastPodPage {
        try core.decode(buffer, as: Pod.self)
    }

    /// Like ``decodePodPage(_:)-(Data)``, with what the scanner learnt about the page.
    public func decodePage(_ data: Data) throws -> FastPodPage {
        try core.decode(core.padded(data), as: Pod.self)
    }
}
