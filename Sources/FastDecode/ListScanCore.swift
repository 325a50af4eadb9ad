import CPodScan
import Foundation
import KubeModel

/// What the fast decoders share: the C++ scanner, the Swift strings of its interned names, a padded copy buffer,
/// and the hand-over to JSONDecoder for the items, pages and objects the scanner leaves to it.
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

    /// One LIST page.
    func decode<Item: FastDecodable>(_ buffer: PaddedBuffer, as _: Item.Type) throws -> FastListPage<Item> {
        try scan(buffer, with: Item.scanPage) { page, bytes in
            switch page.status {
            case CPS_STATUS_OK:
                return try assemble(page, bytes: bytes, as: Item.self)
            case CPS_STATUS_REFERENCE_PAGE:
                return try Self.referencePage(Data(bytes), as: Item.self, scannerError: page.json_error)
            default:
                throw FastDecodeError.outOfMemory
            }
        }
    }

    /// One object on its own (a GET response, a watch event's object).
    func decodeObject<Item: FastDecodable>(_ buffer: PaddedBuffer, as _: Item.Type) throws -> Item {
        try scan(buffer, with: Item.scanObject) { page, bytes in
            switch page.status {
            case CPS_STATUS_OK:
                // An object scanned without surprise is the page's only record.
                if let record = Item.records(of: page).first, record.flags & UInt32(CPS_ITEM_REFERENCE) == 0 {
                    return Item.assemble(record, from: PageRecords(page: page, symbols: symbols))
                }
                return try JSONDecoder().decode(Item.self, from: Data(bytes))
            case CPS_STATUS_REFERENCE_PAGE:
                return try Self.surfacing(page.json_error) { try JSONDecoder().decode(Item.self, from: Data(bytes)) }
            default:
                throw FastDecodeError.outOfMemory
            }
        }
    }

    /// Runs one scan of `buffer` and hands the page to `body` while its records are valid.
    private func scan<Result>(_ buffer: PaddedBuffer, with scanFunction: ScanFunction,
                              _ body: (cps_page, UnsafeRawBufferPointer) throws -> Result) throws -> Result {
        try buffer.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) throws -> Result in
            var page = cps_page()
            // PaddedBuffer always has storage, so its base address is never nil.
            let base = bytes.baseAddress!.assumingMemoryBound(to: CChar.self)
            scanFunction(scanner, base, bytes.count, bytes.count + PaddedBuffer.padding, validatesSkippedSyntax ? 1 : 0, &page)
            if page.status == CPS_STATUS_OK { symbols.update(from: page) }
            return try body(page, bytes)
        }
    }

    private func assemble<Item: FastDecodable>(_ page: cps_page, bytes: UnsafeRawBufferPointer,
                                               as _: Item.Type) throws -> FastListPage<Item> {
        let records = PageRecords(page: page, symbols: symbols)
        let scanned = Item.records(of: page)
        var items: [Item] = []
        items.reserveCapacity(scanned.count)
        var rejected: [RejectedItem] = []
        var skipped = page.skipped_item_count
        var referenceItems = 0
        for record in scanned {
            guard record.flags & UInt32(CPS_ITEM_REFERENCE) != 0 else {
                items.append(Item.assemble(record, from: records))
                continue
            }
            referenceItems += 1
            guard let outcome = Self.referenceItem(TextBytes.data(record.json), index: Int(record.item_index),
                                                   page: bytes, as: Item.self) else {
                // The item is not valid JSON on its own although simdjson passed the page: the page has a
                // syntax error in a part On-Demand skipped. JSONDecoder reports it for the whole page.
                return try Self.referencePage(Data(bytes), as: Item.self, scannerError: nil)
            }
            switch outcome {
            case .decoded(let item): items.append(item)
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
    private static func referencePage<Item: FastDecodable>(_ data: Data, as _: Item.Type,
                                                           scannerError: UnsafePointer<CChar>?) throws -> FastListPage<Item> {
        let list = try surfacing(scannerError) { try JSONDecoder().decode(KubeList<ReferenceItem<Item>>.self, from: data) }
        var items: [Item] = []
        var rejected: [RejectedItem] = []
        var skipped = 0
        for item in list.items {
            switch item.outcome {
            case .decoded(let item): items.append(item)
            case .rejected(let item): rejected.append(item)
            case .otherKind: skipped += 1
            }
        }
        // ReferenceItem never throws, so KubeList has nothing of its own to reject.
        return FastListPage(list: KubeList(metadata: list.metadata, items: items, rejected: rejected),
                            itemsField: try JSONDecoder().decode(ItemsFieldProbe.self, from: data).field(of: Item.self),
                            skippedItemCount: skipped, referenceItemCount: list.items.count, decodedByReference: true)
    }

    /// Runs a reference decode; when it fails on a document simdjson also refused, the error carries simdjson's
    /// reason too, which often pinpoints what JSONDecoder describes vaguely.
    private static func surfacing<Result>(_ scannerError: UnsafePointer<CChar>?,
                                          _ decode: () throws -> Result) throws -> Result {
        guard let scannerError else { return try decode() }
        do {
            return try decode()
        } catch {
            throw FastDecodeError.malformedJSON(reason: DecodingFailure.describe(error), scanner: String(cString: scannerError))
        }
    }
}
