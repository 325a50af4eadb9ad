import Foundation
import KubeModel
import Synchronization

/// Objects read from files holding a Kubernetes `List` (what `kubectl get nodes,pods,pvc,pv,sc -A -o json`
/// writes), or a typed list such as a `PodList`, served in the same pages as the API would.
///
/// The files are decoded once, on first use, through KubeModel's mixed-kind list decoder.
/// Namespaces, label selectors and the field selectors the product uses (`metadata.name`,
/// `metadata.namespace`, `spec.nodeName`, `status.phase`, with `=`, `==`, `!=`) are applied here.
public final class SnapshotClusterSource: ClusterSource {
    public let files: [String]
    private let loaded = Mutex<Snapshot?>(nil)

    struct Snapshot {
        var objects: [KubeObject]
        var rejected: [RejectedItem]
    }

    public init(files: [String]) {
        self.files = files
    }

    public var sourceDescription: String { "snapshot \(files.joined(separator: ", "))" }

    /// Items of every file that could not be decoded, whatever their kind.
    public func rejectedItems() throws -> [RejectedItem] { try snapshot().rejected }

    nonisolated(nonsending)
    public func list<Item: Decodable & Sendable>(
        _ resource: ClusterResource<Item>, namespace: String?, options: ListOptions,
        onPage: (KubeList<Item>) throws -> Void, onRestart: () throws -> Void
    ) async throws {
        let snapshot = try snapshot()
        let fields = try SnapshotFieldSelector(options.fieldSelector ?? "")
        let labels = try LabelSelector(parsing: options.labelSelector ?? "")
        let wantedNamespace = resource.isNamespaced ? namespace.flatMap { $0.isEmpty ? nil : $0 } : nil
        var matching: [Item] = []
        for object in snapshot.objects {
            guard let item = resource.extract(object) else { continue }
            let metadata = object.metadata
            if let wantedNamespace, metadata.namespace != wantedNamespace { continue }
            guard labels.matches(metadata.labels), try fields.matches(object) else { continue }
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

    private func snapshot() throws -> Snapshot {
        if let cached = loaded.withLock({ $0 }) { return cached }
        var snapshot = Snapshot(objects: [], rejected: [])
        for file in files {
            let list = try SnapshotFile.read(file)
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

    static func read(_ file: String) throws -> KubeList<KubeObject> {
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
            case "List", nil: return try FoundationListDecoder().decodeList(data, as: KubeObject.self)
            case let typed? where typed.hasSuffix("List"): return try typedList(data, itemKind: String(typed.dropLast(4)))
            case let other?: throw SnapshotError(file: file, message: "holds a single \(other), not a List")
            }
        } catch let error as SnapshotError {
            throw error
        } catch {
            throw SnapshotError(file: file, message: "not a Kubernetes List: \(DecodingFailure.describe(error))")
        }
    }

    /// Items of a typed list (`PodList`) carry no `kind`; decode them as that kind directly.
    private static func typedList(_ data: Data, itemKind: String) throws -> KubeList<KubeObject> {
        let decoder = FoundationListDecoder()
        func wrap<T>(_ list: KubeList<T>, _ make: (T) -> KubeObject) -> KubeList<KubeObject> {
            KubeList(metadata: list.metadata, items: list.items.map(make),
                     rejected: list.rejected.map { var r = $0; r.kind = r.kind ?? itemKind; return r })
        }
        switch itemKind {
        case "Node": return wrap(try decoder.decodeList(data, as: Node.self), KubeObject.node)
        case "Pod": return wrap(try decoder.decodeList(data, as: Pod.self), KubeObject.pod)
        case "PersistentVolumeClaim": return wrap(try decoder.decodeList(data, as: PersistentVolumeClaim.self), KubeObject.persistentVolumeClaim)
        case "PersistentVolume": return wrap(try decoder.decodeList(data, as: PersistentVolume.self), KubeObject.persistentVolume)
        case "StorageClass": return wrap(try decoder.decodeList(data, as: StorageClass.self), KubeObject.storageClass)
        case "Service": return wrap(try decoder.decodeList(data, as: Service.self), KubeObject.service)
        case _ where Workload.kinds.contains(itemKind):
            return wrap(try decoder.decodeList(data, as: Workload.self)) { .workload($0.withKind(itemKind)) }
        default:
            return try decoder.decodeList(data, as: KubeObject.self)
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

    func matches(_ object: KubeObject) throws -> Bool {
        try requirements.allSatisfy { requirement in
            (try value(of: requirement.field, in: object) == requirement.value) == requirement.equal
        }
    }

    /// Kubernetes compares absent fields as empty strings.
    private func value(of field: String, in object: KubeObject) throws -> String {
        switch field {
        case "metadata.name": return object.metadata.name
        case "metadata.namespace": return object.metadata.namespace ?? ""
        case "spec.nodeName", "status.phase":
            guard case .pod(let pod) = object else {
                throw SnapshotError(message: "field selector \(field) applies to pods only, not \(object.kind)")
            }
            return field == "spec.nodeName" ? pod.spec.nodeName ?? "" : pod.status.phase ?? ""
        default:
            return ""
        }
    }
}
