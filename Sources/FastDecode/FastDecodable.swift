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

/// A C scan entry point: scanner, JSON, length, readable capacity, validate-all flag, output page.
typealias ScanFunction = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Int, Int, Int32,
                                         UnsafeMutablePointer<cps_page>?) -> Void

/// A capacity model the scanner reads: how to scan a page or a single object of it, find its records and build
/// values from them. Its `Decodable` conformance is the reference the scanner's values must equal.
protocol FastDecodable: Decodable, Sendable {
    associatedtype Record: ScannedRecord

    /// The `kind` of the items kept from a kubectl `List`.
    static var kubeKind: String { get }

    static var scanPage: ScanFunction { get }

    static var scanObject: ScanFunction { get }

    static func records(of page: cps_page) -> UnsafeBufferPointer<Record>

    static func assemble(_ record: Record, from records: PageRecords) -> Self
}
