import CPodScan
import Foundation
import KubeModel

/// Decodes pages of a pod LIST with simdjson for the **capacity scan only**, several times faster than
/// `JSONDecoder` (DESIGN.md §7).
///
/// A page gives the same `KubeList<Pod>` — items, rejected items with their reasons, list metadata — as
/// `JSONDecoder().decode(KubeList<Pod>.self, from:)` for every field the capacity engine reads:
/// `metadata.name/namespace/uid`, `spec.nodeName`, `containers` and `initContainers` (name, restartPolicy,
/// requests, limits), `spec.overhead`, pod-level `spec.resources` and `status.phase`. The other fields are
/// left at their defaults: `metadata.labels`, `ownerReferences`, `creationTimestamp`, `deletionTimestamp`,
/// `spec.volumes`, `spec.serviceAccountName` and the containers' `env`/`envFrom`. The volume graph needs those,
/// so it must keep using the Foundation decoder. Resource entries keep document order, where JSONDecoder's
/// order is unspecified.
///
/// The types of the skipped model fields are still checked, so a pod JSONDecoder would reject is rejected
/// here too. Whenever the scanner cannot promise JSONDecoder's exact result it does not guess: the item (a
/// wrong type, a quantity written as a JSON number, an escaped or repeated key) or the whole page (malformed
/// JSON, odd list metadata) is decoded by JSONDecoder instead, so a malformed page throws JSONDecoder's own
/// `DecodingError`.
///
/// In a kubectl `List` (a snapshot file), items whose `kind` is not `Pod` are left out and counted in
/// ``FastPodPage/skippedItemCount``; typed `PodList` items, which carry no kind, are all pods.
///
/// Syntax errors inside skipped fields (annotations, managedFields...) are only checked structurally
/// (brackets, strings, UTF-8) unless `validatesSkippedSyntax` is set, which adds a full simdjson parse.
///
/// A decoder reuses its parser, buffers and interned names across pages; it is not thread-safe: use one per
/// task or thread.
public final class FastPodListDecoder {
    /// Whether the JSON syntax of skipped fields is checked too (see the type's documentation).
    public let validatesSkippedSyntax: Bool

    private let scanner: OpaquePointer
    private var symbols = SymbolCache()
    /// Holds copies of inputs that arrive without padding.
    private let input = PaddedBuffer()

    public init(validatesSkippedSyntax: Bool = false) {
        guard let scanner = cps_scanner_create() else { fatalError("FastPodListDecoder: out of memory") }
        self.scanner = scanner
        self.validatesSkippedSyntax = validatesSkippedSyntax
    }

    deinit { cps_scanner_destroy(scanner) }

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
        input.removeAll()
        input.append(bytes)
        return try decodePage(input).list
    }

    /// Like ``decodePodPage(_:)-(Data)``, with what the scanner learnt about the page.
    public func decodePage(_ data: Data) throws -> FastPodPage {
        input.removeAll()
        input.append(data)
        return try decodePage(input)
    }

    /// Like ``decodePodPage(_:)-(PaddedBuffer)``, with what the scanner learnt about the page.
    public func decodePage(_ buffer: PaddedBuffer) throws -> FastPodPage {
        try buffer.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) throws -> FastPodPage in
            var page = cps_page()
            // PaddedBuffer always has storage, so its base address is never nil.
            let base = bytes.baseAddress!.assumingMemoryBound(to: CChar.self)
            cps_scan_pod_page(scanner, base, bytes.count, bytes.count + PaddedBuffer.padding,
                              validatesSkippedSyntax ? 1 : 0, &page)
            switch page.status {
            case CPS_STATUS_OK:
                symbols.update(from: page)
                return try assemble(page, bytes: bytes)
            case CPS_STATUS_REFERENCE_PAGE:
                return try Self.referencePage(Data(bytes))
            default:
                throw FastDecodeError.outOfMemory
            }
        }
    }

    private func assemble(_ page: cps_page, bytes: UnsafeRawBufferPointer) throws -> FastPodPage {
        let assembler = PodRecordAssembler(page: page, symbols: symbols)
        var items: [Pod] = []
        items.reserveCapacity(page.item_count)
        var rejected: [RejectedItem] = []
        var skipped = page.skipped_item_count
        var referenceItems = 0
        for position in 0..<page.item_count {
            let record = page.items[position]
            guard record.flags & UInt32(CPS_ITEM_REFERENCE) != 0 else {
                items.append(assembler.pod(record))
                continue
            }
            referenceItems += 1
            guard let outcome = Self.referenceItem(TextBytes.data(record.json), index: Int(record.item_index), page: bytes) else {
                // The item is not valid JSON on its own although simdjson passed the page: the page has a
                // syntax error in a part On-Demand skipped. JSONDecoder reports it for the whole page.
                return try Self.referencePage(Data(bytes))
            }
            switch outcome {
            case .pod(let pod): items.append(pod.keepingCapacityFields())
            case .rejected(let item): rejected.append(item)
            case .otherKind: skipped += 1
            }
        }
        let metadata = ListMeta(continue: TextBytes.string(page.continue_token),
                                resourceVersion: TextBytes.string(page.resource_version),
                                remainingItemCount: page.has_remaining_item_count != 0 ? Int(page.remaining_item_count) : nil)
        return FastPodPage(list: KubeList(metadata: metadata, items: items, rejected: rejected),
                           itemsField: Self.itemsField(page.items_shape), skippedItemCount: skipped,
                           referenceItemCount: referenceItems, decodedByReference: false)
    }

    private static func itemsField(_ shape: cps_items_shape) -> FastPodPage.ItemsField {
        switch shape {
        case CPS_ITEMS_ARRAY: .array
        case CPS_ITEMS_NULL: .null
        case CPS_ITEMS_OTHER: .other
        default: .absent
        }
    }

    /// One item through JSONDecoder; nil when its text is not valid JSON on its own.
    private static func referenceItem(_ json: UnsafeRawBufferPointer, index: Int,
                                      page: UnsafeRawBufferPointer) -> ReferenceItem.Outcome? {
        let decoder = JSONDecoder()
        decoder.userInfo[ReferenceItem.itemIndexKey] = index
        guard let item = try? decoder.decode(ReferenceItem.self, from: Data(json)) else { return nil }
        guard item.rejectedForSyntax, let start = json.baseAddress, let base = page.baseAddress else { return item.outcome }
        // Decoded again behind blanks standing for the page before it, so the reason's line, column and offset
        // are those JSONDecoder reports when it decodes the whole page. Rare: only items with a syntax error
        // JSONDecoder notices late.
        var aligned = Data(UnsafeRawBufferPointer(start: base, count: start - base).map { $0 == 0x0A || $0 == 0x0D ? $0 : 0x20 })
        aligned.append(contentsOf: json)
        return (try? decoder.decode(ReferenceItem.self, from: aligned))?.outcome ?? item.outcome
    }

    /// The whole page through JSONDecoder: its result, or its error, is the reference.
    private static func referencePage(_ data: Data) throws -> FastPodPage {
        let list = try JSONDecoder().decode(KubeList<ReferenceItem>.self, from: data)
        var items: [Pod] = []
        var rejected: [RejectedItem] = []
        var skipped = 0
        for item in list.items {
            switch item.outcome {
            case .pod(let pod): items.append(pod.keepingCapacityFields())
            case .rejected(let item): rejected.append(item)
            case .otherKind: skipped += 1
            }
        }
        // ReferenceItem never throws, so KubeList has nothing of its own to reject.
        return FastPodPage(list: KubeList(metadata: list.metadata, items: items, rejected: rejected),
                           itemsField: try itemsField(of: data), skippedItemCount: skipped,
                           referenceItemCount: list.items.count, decodedByReference: true)
    }

    private static func itemsField(of data: Data) throws -> FastPodPage.ItemsField {
        try JSONDecoder().decode(ItemsFieldProbe.self, from: data).field
    }
}
