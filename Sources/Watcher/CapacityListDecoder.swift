import FastDecode
import Foundation
import KubeClient
import KubeModel
import Synchronization

/// The capacity scan's decoders for API pages (the decoding seam, DESIGN §7): simdjson, straight into the narrow
/// models the scan reads (`CapacityNode`, `CapacityPod`). Snapshot files are decoded by JSONDecoder into the same
/// models (see `ClusterResource.capacityPods(decodePage:)`).
final class CapacityListDecoder: Sendable {
    // The simdjson decoders reuse buffers across pages but are not thread-safe; pages of one scan come one at a time.
    private let podDecoder = Mutex(FastPodListDecoder())
    private let nodeDecoder = Mutex(FastNodeListDecoder())

    func decodePodPage(_ data: Data) throws -> KubeList<CapacityPod> {
        let page = try podDecoder.withLock { try $0.decodePage(data) }
        return page.isList ? page.list : try FoundationListDecoder.decodeList(data)
    }

    func decodeNodePage(_ data: Data) throws -> KubeList<CapacityNode> {
        let page = try nodeDecoder.withLock { try $0.decodePage(data) }
        return page.isList ? page.list : try FoundationListDecoder.decodeList(data)
    }
}

extension FastListPage {
    /// Whether the body had an `items` array (or `null`), as a LIST response must. A body without one (an error
    /// page, a Status) goes to JSONDecoder, whose error says what it is.
    var isList: Bool {
        switch itemsField {
        case .array, .null: true
        default: false
        }
    }
}
