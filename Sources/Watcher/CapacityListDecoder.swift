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
            return try pods.withLock { try $0.decodePodPage(data) } as! KubeList<Item>
        }
        if Item.self == Node.self {
            return try nodes.withLock { try $0.decodeNodePage(data) } as! KubeList<Item>
        }
        return try foundation.decodeList(data, as: type)
    }

    func decodeObject<Item: Decodable & Sendable>(_ data: Data, as type: Item.Type) throws -> Item {
        try foundation.decodeObject(data, as: type)
    }
}
