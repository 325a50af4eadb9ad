import CPodScan
import KubeModel

/// A scanner record of one item: either scanned values or, when flagged, the item's JSON for the reference decoder.
protocol ScannedRecord {
    var item_index: UInt32 { get }
    var flags: UInt32 { get }
    var json: cps_text { get }
}

extension cps_pod: ScannedRecord {}
extension cps_node: ScannedRecord {}

/// A kind the scanner knows how to read: how to scan a page of it, find its records and build values from them.
protocol FastDecodable: Decodable, Sendable {
    associatedtype Record: ScannedRecord

    /// The `kind` of the items kept from a kubectl `List`.
    static var kubeKind: String { get }

    static func scan(_ scanner: OpaquePointer, _ json: UnsafePointer<CChar>, _ length: Int, _ capacity: Int,
                     _ validateAll: Int32, _ page: UnsafeMutablePointer<cps_page>)

    static func records(of page: cps_page) -> UnsafeBufferPointer<Record>

    static func assemble(_ record: Record, page: cps_page, symbols: SymbolCache) -> Self

    /// The value with the fields the scanner does not read reset to their defaults, so that values from the
    /// reference decoder look like scanned ones.
    func keepingCapacityFields() -> Self
}
