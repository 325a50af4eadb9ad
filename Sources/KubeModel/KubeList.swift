/// One page of a Kubernetes LIST response (`kind: XList` or a kubectl `List`).
///
/// Items are decoded one by one through ``Lossy`` so a single malformed object is reported
/// and skipped instead of failing the whole page.
public struct KubeList<Item: Decodable & Sendable>: Decodable, Sendable {
    /// The list metadata: continue token and resourceVersion.
    public var metadata: ListMeta
    /// Items decoded successfully, in server order.
    public var items: [Item]
    /// Items that could not be decoded, with the name the server gave them where readable.
    public var rejected: [RejectedItem]

    /// A page built directly, for tests and for decoders other than `JSONDecoder`.
    public init(metadata: ListMeta = ListMeta(), items: [Item], rejected: [RejectedItem] = []) {
        self.metadata = metadata
        self.items = items
        self.rejected = rejected
    }

    private enum CodingKeys: String, CodingKey { case metadata, items }

    /// Decodes a page, keeping the items that fail to decode as ``rejected``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try container.decodeIfPresent(ListMeta.self, forKey: .metadata) ?? ListMeta()
        var items: [Item] = []
        var rejected: [RejectedItem] = []
        if var list = try? container.nestedUnkeyedContainer(forKey: .items) {
            var index = 0
            while !list.isAtEnd {
                let element = try list.decode(Lossy<Item>.self)
                switch element.result {
                case .success(let item): items.append(item)
                case .failure(let failure): rejected.append(failure.withIndex(index))
                }
                index += 1
            }
        }
        self.items = items
        self.rejected = rejected
    }
}

/// `metadata` of a list: what paging needs.
public struct ListMeta: Decodable, Sendable, Equatable {
    /// Token for the next page; absent or empty on the last page.
    public var `continue`: String?
    /// The list's resourceVersion (a watch starts from it).
    public var resourceVersion: String?
    /// The server's estimate of the items still to come, when it gives one.
    public var remainingItemCount: Int?

    /// List metadata built directly.
    public init(continue: String? = nil, resourceVersion: String? = nil, remainingItemCount: Int? = nil) {
        self.continue = `continue`
        self.resourceVersion = resourceVersion
        self.remainingItemCount = remainingItemCount
    }

    /// The continue token when another page follows, nil on the last page.
    public var continueToken: String? {
        guard let token = self.continue, !token.isEmpty else { return nil }
        return token
    }
}

/// An item of a list that failed to decode: where it was and why.
public struct RejectedItem: Error, Sendable, Equatable, CustomStringConvertible {
    /// Position of the item in its page.
    public var index: Int
    /// The item's `kind`, when readable.
    public var kind: String?
    /// The item's namespace, when readable.
    public var namespace: String?
    /// The item's name, when readable.
    public var name: String?
    /// The decoding error, with the JSON path of the problem.
    public var reason: String

    /// A rejected item.
    public init(index: Int, kind: String?, namespace: String?, name: String?, reason: String) {
        self.index = index
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.reason = reason
    }

    func withIndex(_ index: Int) -> RejectedItem {
        var copy = self
        copy.index = index
        return copy
    }

    /// `namespace/name` (or `name`, or `item #N` when the object has no readable name).
    public var objectName: String {
        switch (namespace, name) {
        case let (ns?, n?) where !ns.isEmpty: return "\(ns)/\(n)"
        case let (_, n?): return n
        default: return "item #\(index)"
        }
    }

    /// `Kind namespace/name: reason`.
    public var description: String {
        "\(kind.map { "\($0) " } ?? "")\(objectName): \(reason)"
    }
}

/// Decodes a value, or captures the failure with the object's identity for reporting.
struct Lossy<Value: Decodable>: Decodable {
    let result: Result<Value, RejectedItem>

    private struct Identity: Decodable {
        struct Meta: Decodable { var name: String?; var namespace: String? }
        var kind: String?
        var metadata: Meta?
    }

    init(from decoder: any Decoder) throws {
        do {
            result = .success(try Value(from: decoder))
        } catch {
            let identity = try? Identity(from: decoder)
            result = .failure(RejectedItem(
                index: 0, kind: identity?.kind, namespace: identity?.metadata?.namespace,
                name: identity?.metadata?.name, reason: DecodingFailure.describe(error)))
        }
    }
}

/// Turns a `DecodingError` into one readable line with the JSON path of the problem.
public enum DecodingFailure {
    /// One readable line for a decoding error.
    public static func describe(_ error: any Error) -> String {
        guard let decodingError = error as? DecodingError else { return String(describing: error) }
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
                .trimmingPrefix(".").description
        }
        switch decodingError {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): missing"
        @unknown default:
            return String(describing: error)
        }
    }
}
