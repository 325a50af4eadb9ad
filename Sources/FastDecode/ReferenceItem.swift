import Foundation
import KubeModel

/// One item decoded by Foundation's JSONDecoder, the reference the fast path must equal: used for the
/// items (or whole pages) the scanner does not decode itself, so they come out exactly as
/// `JSONDecoder().decode(KubeList<Item>.self, from:)` would make them, rejection reasons included.
///
/// Mirrors `KubeList`'s lossy item decoding (a failure becomes a ``RejectedItem`` with the object's kind,
/// namespace and name when readable), plus the fast path's one addition: in a kubectl `List`, items whose
/// `kind` is a string other than `Item.kubeKind` are left out.
struct ReferenceItem<Item: FastDecodable>: Decodable {
    enum Outcome {
        case decoded(Item)
        case rejected(RejectedItem)
        case otherKind
    }

    let outcome: Outcome
    /// The item was rejected for a JSON syntax error JSONDecoder found only while decoding it (a bad escape,
    /// say); its reason then carries a position in the input, which must be the item's position in the page.
    let rejectedForSyntax: Bool

    /// Set when an item is decoded on its own: its position in the page, which also prefixes the coding
    /// path of its errors as it would have been inside the page.
    static var itemIndexKey: CodingUserInfoKey { ReferenceItemIndex.key }

    private enum KindKey: String, CodingKey { case kind }

    private struct Identity: Decodable {
        struct Meta: Decodable { var name: String?; var namespace: String? }
        var kind: String?
        var metadata: Meta?
    }

    init(from decoder: any Decoder) throws {
        let standaloneIndex = decoder.userInfo[Self.itemIndexKey] as? Int
        let kind = (try? decoder.container(keyedBy: KindKey.self)).flatMap { try? $0.decodeIfPresent(String.self, forKey: .kind) }
        if let kind, kind != Item.kubeKind {
            outcome = .otherKind
            rejectedForSyntax = false
            return
        }
        do {
            outcome = .decoded(try Item(from: decoder))
            rejectedForSyntax = false
        } catch {
            let identity = try? Identity(from: decoder)
            let prefix: [any CodingKey] = standaloneIndex.map { [ItemPathKey(name: "items"), ItemPathKey(index: $0)] } ?? []
            outcome = .rejected(RejectedItem(
                index: standaloneIndex ?? decoder.codingPath.last?.intValue ?? 0, kind: identity?.kind,
                namespace: identity?.metadata?.namespace, name: identity?.metadata?.name,
                reason: DecodingFailure.describe(Self.prefixing(error, with: prefix))))
            rejectedForSyntax = !(error is DecodingError)
        }
    }

    /// The error as it would read with the item inside its page (`items[3].spec.containers: …`).
    private static func prefixing(_ error: any Error, with prefix: [any CodingKey]) -> any Error {
        guard !prefix.isEmpty, let error = error as? DecodingError else { return error }
        func moved(_ context: DecodingError.Context) -> DecodingError.Context {
            DecodingError.Context(codingPath: prefix + context.codingPath, debugDescription: context.debugDescription,
                                  underlyingError: context.underlyingError)
        }
        switch error {
        case .typeMismatch(let type, let context): return DecodingError.typeMismatch(type, moved(context))
        case .valueNotFound(let type, let context): return DecodingError.valueNotFound(type, moved(context))
        case .keyNotFound(let key, let context): return DecodingError.keyNotFound(key, moved(context))
        case .dataCorrupted(let context): return DecodingError.dataCorrupted(moved(context))
        @unknown default: return error
        }
    }
}

/// Where a standalone reference item sits in its page (generic types cannot hold static stored properties).
enum ReferenceItemIndex {
    static let key = CodingUserInfoKey(rawValue: "kubecapwatch.fastdecode.itemIndex")!
}
