import KubeModel

/// Where cluster objects come from — a live API server (``APIClusterSource``) or snapshot files
/// (``SnapshotClusterSource``) — in one page-by-page shape, so every command runs on both.
public protocol ClusterSource: Sendable {
    /// For messages: `context "prod" (kubeconfig …)` or `snapshot dump.json`.
    var sourceDescription: String { get }

    /// Hands `resource` over page by page. `namespace` nil means all namespaces (ignored for
    /// cluster-scoped kinds). `onRestart` is called if the listing starts over (an expired continue
    /// token): discard what earlier pages contributed.
    nonisolated(nonsending)
    func list<Item: Decodable & Sendable>(
        _ resource: ClusterResource<Item>, namespace: String?, options: ListOptions,
        onPage: (KubeList<Item>) throws -> Void, onRestart: () throws -> Void) async throws
}

extension ClusterSource {
    /// Every item of `resource` in one array, with the rejected ones: for small kinds (nodes,
    /// storage classes, volumes) where paging buys nothing.
    nonisolated(nonsending)
    public func all<Item: Decodable & Sendable>(
        _ resource: ClusterResource<Item>, namespace: String? = nil, options: ListOptions = ListOptions()
    ) async throws -> (items: [Item], rejected: [RejectedItem]) {
        var items: [Item] = []
        var rejected: [RejectedItem] = []
        try await list(resource, namespace: namespace, options: options) { page in
            items += page.items
            rejected += page.rejected
        } onRestart: {
            items.removeAll()
            rejected.removeAll()
        }
        return (items, rejected)
    }
}

/// A live API server through a ``KubeClient``.
public struct APIClusterSource: ClusterSource {
    public let client: KubeClient

    public init(client: KubeClient) {
        self.client = client
    }

    public var sourceDescription: String { "\(client.configuration.identity) at \(client.server)" }

    nonisolated(nonsending)
    public func list<Item: Decodable & Sendable>(
        _ resource: ClusterResource<Item>, namespace: String?, options: ListOptions,
        onPage: (KubeList<Item>) throws -> Void, onRestart: () throws -> Void
    ) async throws {
        let path = resource.path.inNamespace(resource.isNamespaced ? namespace : nil)
        try await client.list(path, as: Item.self, options: options, decodePage: resource.decodePage, onPage: { page in
            var completed = page
            completed.items = page.items.map(resource.complete)
            try onPage(completed)
        }, onRestart: onRestart)
    }
}
