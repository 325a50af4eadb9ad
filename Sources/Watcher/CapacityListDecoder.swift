import FastDecode
import Foundation
import KubeClient
import KubeModel
import Synchronization

/// The decoding seam (DESIGN §7) set for capacity scans: pod and node pages go through simdjson, which reads
/// only the fields the capacity engine needs; everything else through Foundation's decoder.
///
/// Not for the relationship graph: the fast path leaves volumes, labels and owner references at their defaults.
final class CapacityListDecoder: KubeListDecoder {
    private let foundation = FoundationListDecoder()
    // The simdjson decoders reuse buffers across pages but are not thread-safe; pages of one scan come one at a time.
    private let pods = Mutex(FastPodListDecoder())
    private let nodes = Mutex(FastNodeListDecoder())

    func decodeList<Item: Decodable & Sendable>(_ data: Data, as type: Item.Type) throws -> KubeList<Item> {
        if Item.self == Pod.self {
            let page = try pods.withLock { try $0.decodePage(data) }
            if page.isList { return page.list as! KubeList<Item> }
        }
        if Item.self == Node.self {
            let page = try nodes.withLock { try $0.decodePage(data) }
            if page.isList { return page.list as! KubeList<Item> }
        }
        // Anything else, and a body that is not a list at all, gets Foundation's decoder and its error message.
        return try foundation.decodeList(data, as: type)
    }

    func decodeObject<Item: Decodable & Sendable>(_ data: Data, as type: Item.Type) throws -> Item {
        try foundation.decodeObject(data, as: type)
    }
}

extension FastListPage {
    /// Whether the body had an `items` array (or `null`), as a LIST response must.
    var isList: Bool {
        switch itemsField {
        case .array, .null: true
        default: false
        }
    }
}
