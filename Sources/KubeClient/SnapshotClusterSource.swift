import Foundation
import KubeModel
import Synchronization

/// Objects read from files holding a Kubernetes `List` (what `kubectl get nodes,pods,pvc,pv,sc -A -o json`
/// writes), or a typed list such as a `PodList`, served in the same pages as the API would.
///
/// The files are decoded on first use, once into the complete models (``KubeObject``, for the graph) and once
/// into the capacity scan's narrow ones (``CapacityObject``), whichever the listed kinds need, and kept.
/// Namespaces, label selectors and the field selectors the product uses (`metadata.name`,
/// `metadata.namespace`, `spec.nodeName`, `status.phase`, with `=`, `==`, `!=`) are applied here.
public final class SnapshotClusterSource: ClusterSource {
    public let files: [String]
    private let complete: SnapshotCache<KubeObject>
    private let capacity: SnapshotCache<CapacityObject>

    public init(files: [String]) {
        self.files = files
        complete = SnapshotCache(files: files)
        capacity = SnapshotCache(files: files)
    }

    public var sourceDescription: String { "snapshot \(files.joined(separator: ", "))" }

    /// Items of every file that could not be decoded into the complete models, whatever their kind.
    public func rejectedItems() throws -> [RejectedItem] { try complete.snapshot().rejected }

    nonisolated(nonsending)
    public func list<Item: Decodable & Sendable>(
        _ resource: ClusterResource<Item>, namespace: String?, options: ListOptions,
        onPage: (KubeList<Item>) throws -> Void, onRestart: () throws -> Void
    ) async throws {
        switch resource.snapshot {
        case .complete(let extract):
            try serve(try complete.snapshot(), resource, extract, namespace: namespace, options: options, onPage: onPage)
        case .capacity(let extract):
            try serve(try capacity.snapshot(), resource, extract, namespace: namespace, options: options, onPage: onPage)
        }
    }

    /// Hands over the items of `resource` the selectors match, in pages of `options.limit`.
    private func serve<Object: SnapshotObject, Item>(
        _ snapshot: SnapshotCache<Object>.Snapshot, _ resource: ClusterResource<Item>, _ extract: (Object) -> Item?,
        namespace: String?, options: ListOptions, onPage: (KubeList<Item>) throws -> Void
    ) throws {
        let fields = try SnapshotFieldSelector(options.fieldSelector ?? "")
        let labels = try LabelSelector(parsing: options.labelSelector ?? "")
        let wantedNamespace = resource.isNamespaced ? namespace.flatMap { $0.isEmpty ? nil : $0 } : nil
        var matching: [Item] = []
        for object in snapshot.objects {
            guard let item = extract(object) else { continue }
            if let wantedNamespace, object.namespace != wantedNamespace { continue }
            guard try Self.matches(labels, object), try fields.matches(object) else { continue }
            matching.append(resource.complete(item))
        }
        let rejected = snapshot.rejected.filter { $0.kind == resource.kind }
        let size = options.limit > 0 ? options.limit : max(matching.count, 1)
        var start = 0
        repeat {
            let end = min(start + size, matching.count)
            let more = end < matching.count
            let meta = ListMeta(continue: more ? String(end) : nil, remainingItemCount: more ? matching.count - end : nil)
            try onPage(KubeList(metadata: meta, items: Array(matching[start..<end]), rejected: start == 0 ? rejected : []))
            start = end
        } while start < matching.count
    }

    private static func matches(_ selector: LabelSelector, _ object: some SnapshotObject) throws -> Bool {
        if selector.isEmpty { return true }
        guard let labels = object.labels else {
            throw SnapshotError(message: "label selectors on \(object.kind) objects are not supported for a capacity scan of a snapshot")
        }
        return selector.matches(labels)
    }
}

/// A snapshot's files decoded into one mixed-kind model, on first use, then kept.
final class SnapshotCache<Object: SnapshotObject>: Sendable {
    struct Snapshot {
        var objects: [Object]
        var rejected: [RejectedItem]
    }

    private let files: [String]
    private let loaded = Mutex<Snapshot?>(nil)

    init(files: [String]) {
        self.files = files
    }

    func snapshot() throws -> Snapshot {
        if let cached = loaded.withLock({ $0 }) { return cached }
        var snapshot = Snapshot(objects: [], rejected: [])
        for file in files {
            let list = try SnapshotFile.read(file, as: Object.self)
            snapshot.objects += list.items
            snapshot.rejected += list.rejected
        }
        loaded.withLock { $0 = snapshot }
        return snapshot
    }
}

/// Problems with a snapshot file: unreadable, not JSON, not a list, or a filter it cannot apply.
public struct SnapshotError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String?
    public var message: String

    public init(file: String? = nil, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { file.map { "\($0): \(message)" } ?? message }
}

/// Reads one snapshot file into mixed objects.
enum SnapshotFile {
    private struct Envelope: Decodable { var kind: String? }

    static func read<Object: SnapshotObject>(_ file: String, as _: Object.Type) throws -> KubeList<Object> {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw SnapshotError(file: file, message: "cannot read snapshot: \((error as NSError).localizedFailureReason ?? error.localizedDescription)")
        }
        let kind: String?
        do {
            kind = try JSONDecoder().decode(Envelope.self, from: data).kind
        } catch {
            throw SnapshotError(file: file, message: "not a JSON object (\(DecodingFailure.describe(error))); write it with `kubectl get … -o json`")
        }
        do {
            switch kind {
            case "List", nil: return try FoundationListDecoder.decodeList(data)
            case let typed? where typed.hasSuffix("List"): return try Object.typedList(data, itemKind: String(typed.dropLast(4)))
            case let other?: throw SnapshotError(file: file, message: "holds a single \(other), not a List")
            }
        } catch let error as SnapshotError {
            throw error
        } catch {
            throw SnapshotError(file: file, message: "not a Kubernetes List: \(DecodingFailure.describe(error))")
        }
    }
}

/// The field selectors a snapshot can answer.
struct SnapshotFieldSelector {
    private var requirements: [(field: String, value: String, equal: Bool)] = []

    static let supported = ["metadata.name", "metadata.namespace", "spec.nodeName", "status.phase"]

    init(_ text: String) throws {
        for part in text.split(separator: ",") {
            let term = part.trimmingCharacters(in: .whitespaces)
            guard !term.isEmpty else { continue }
            let (field, value, equal): (Substring, Substring, Bool)
            if let range = term.range(of: "!=") {
                (field, value, equal) = (term[..<range.lowerBound], term[range.upperBound...], false)
            } else if let range = term.range(of: "==") ?? term.range(of: "=") {
                (field, value, equal) = (term[..<range.lowerBound], term[range.upperBound...], true)
            } else {
                throw SnapshotError(message: "field selector term \"\(term)\" needs =, == or !=")
            }
            let name = field.trimmingCharacters(in: .whitespaces)
            guard Self.supported.contains(name) else {
                throw SnapshotError(message: "field selector \(name) is not supported on snapshots (supported: \(Self.supported.joined(separator: ", ")))")
            }
            requirements.append((name, value.trimmingCharacters(in: .whitespaces), equal))
        }
    }

    func matches(_ object: some SnapshotObject) throws -> Bool {
        try requirements.allSatisfy { requirement in
            (try value(of: requirement.field, in: object) == requirement.value) == requirement.equal
        }
    }

    /// Kubernetes compares absent fields as empty strings.
    private func value(of field: String, in object: some SnapshotObject) throws -> String {
        switch field {
        case "metadata.name": return object.name
        case "metadata.namespace": return object.namespace ?? ""
        case "spec.nodeName", "status.phase":
            guard let pod = object.podFields else {
                throw SnapshotError(message: "field selector \(field) applies to pods only, not \(object.kind)")
            }
            return (field == "spec.nodeName" ? pod.nodeName : pod.phase) ?? ""
        default:
            return ""
        }
    }
}
