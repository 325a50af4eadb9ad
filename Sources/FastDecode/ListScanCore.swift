import CPodScan
import Foundation
import KubeModel

/// What the fast list decoders share: the C++ scanner, the Swift strings of its interned names, a padded
/// copy buffer, and the hand-over to JSONDecoder for the items and pages the scanner leaves to it.
final class ListScanCore {
    let validatesSkippedSyntax: Bool

    private let scanner: OpaquePointer
    private var symbols = SymbolCache()
    /// Holds copies of inputs that arrive without padding.
    private let input = PaddedBuffer()

    init(validatesSkippedSyntax: Bool) {
        guard let scanner = cps_scanner_create() else { fatalError("FastDecode: out of memory creating a scanner") }
        self.scanner = scanner
        self.validatesSkippedSyntax = validatesSkippedSyntax
    }

    deinit { cps_scanner_destroy(scanner) }

    /// `bytes` in the reusable padded buffer (one copy).
    func padded(_ bytes: UnsafeRawBufferPointer) -> PaddedBuffer {
        input.removeAll()
        input.append(bytes)
        return input
    }

    func padded(_ data: Data) -> PaddedBuffer {
        data.withUnsafeBytes { padded($0) }
    }

    func decode<Item: FastDecodable>(_ buffer: PaddedBuffer, as _: Item.Type) throws -> FastListPage<Item> {
        try buffer.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) throws -> FastListPage<Item> in
            var page = cps_page()
            // PaddedBuffer always has storage, so its base address is never nil.
            let base = bytes.baseAddress!.assumingMemoryBound(to: CChar.self)
            Item.scan(scanner, base, bytes.count, bytes.count + PaddedBuffer.padding, validatesSkippedSyntax ? 1 : 0, &page)
            switch page.status {
            case CPS_STATUS_OK:
                symbols.update(from: page)
                return try assemble(page, bytes: bytes, as: Item.self)
            case CPS_STATUS_REFERENCE_PAGE:
                return try Self.referencePage(Data(bytes), as: Item.self)
            default:
                throw FastDecodeError.outOfMemory
            }
        }
    }

    private func assemble<Item: FastDecodable>(_ page: cps_page, bytes: UnsafeRawBufferPointer,
                                               as _: Item.Type) throws -> FastListPage<Item> {
        let records = Item.records(of: page)
        var items: [Item] = []
        items.reserveCapacity(records.count)
        var rejected: [RejectedItem] = []
        var skipped = page.skipped_item_count
        var referenceItems = 0
        for record in records {
            guard record.flags & UInt32(CPS_ITEM_REFERENCE) != 0 else {
                items.append(Item.assemble(record, page: page, symbols: symbols))
                continue
            }
            referenceItems += 1
            guard let outcome = Self.referenceItem(TextBytes.data(record.json), index: Int(record.item_index),
                                                   page: bytes, as: Item.self) else {
                // The item is not valid JSON on its own although simdjson passed the page: the page has a
                // syntax error in a part On-Demand skipped. JSONDecoder reports it for the whole page.
                return try Self.referencePage(Data(bytes), as: Item.self)
            }
            switch outcome {
            case .decoded(let item): items.append(item.keepingCapacityFields())
            case .rejected(let item): rejected.append(item)
            case .otherKind: skipped += 1
            }
        }
        let metadata = ListMeta(continue: TextBytes.string(page.continue_token),
                                resourceVersion: TextBytes.string(page.resource_version),
                                remainingItemCount: page.has_remaining_item_count != 0 ? Int(page.remaining_item_count) : nil)
        return FastListPage(list: KubeList(metadata: metadata, items: items, rejected: rejected),
                            itemsField: Self.itemsField(page.items_shape), skippedItemCount: skipped,
                            referenceItemCount: referenceItems, decodedByReference: false)
    }

    private static func itemsField<Item>(_ shape: cps_items_shape) -> FastListPage<Item>.ItemsField {
        switch shape {
        case CPS_ITEMS_ARRAY: .array
        case CPS_ITEMS_NULL: .null
        case CPS_ITEMS_OTHER: .other
        default: .absent
        }
    }

    /// One item through JSONDecoder; nil when its text is not valid JSON on its own.
    private static func referenceItem<Item: FastDecodable>(_ json: UnsafeRawBufferPointer, index: Int,
                                                           page: UnsafeRawBufferPointer,
                                                           as _: Item.Type) -> ReferenceItem<Item>.Outcome? {
        let decoder = JSONDecoder()
        decoder.userInfo[ReferenceItemIndex.key] = index
        guard let item = try? decoder.decode(ReferenceItem<Item>.self, from: Data(json)) else { return nil }
        guard item.rejectedForSyntax, let start = json.baseAddress, let base = page.baseAddress else { return item.outcome }
        // Decoded again behind blanks standing for the page before it, so the reason's line, column and offset
        // are those JSONDecoder reports when it decodes the whole page. Rare: only items with a syntax error
        // JSONDecoder notices late.
        var aligned = Data(UnsafeRawBufferPointer(start: base, count: start - base).map { $0 == 0x0A || $0 == 0x0D ? $0 : 0x20 })
        aligned.append(contentsOf: json)
        return (try? decoder.decode(ReferenceItem<Item>.self, from: aligned))?.outcome ?? item.outcome
    }

    /// The whole page through JSONDecoder: its result, or its error, is the reference.
    private static func referencePage<Item: FastDecodable>(_ data: Data, as _: Item.Type) throws -> FastListPage<Item> {
        let list = try JSONDecoder().decode(KubeList<ReferenceItem<Item>>.self, from: data)
        var items: [Item] = []
        var rejected: [RejectedItem] = []
        var skipped = 0
        for item in list.items {
            switch item.outcome {
            case .decoded(let item): items.append(item.keepingCapacityFields())
            case .rejected(let item): rejected.append(item)
            case .otherKind: skipped += 1
            }
        }
        // ReferenceItem never throws, so KubeList has nothing of its own to reject.
        return FastListPage(list: KubeList(metadata: list.metadata, items: items, rejected: rejected),
                            itemsField: try JSONDecoder().decode(ItemsFieldProbe.self, from: data).field(of: Item.self),
                            skippedItemCount: skipped, referenceItemCount: list.items.count, decodedByReference: true)
    }
}
