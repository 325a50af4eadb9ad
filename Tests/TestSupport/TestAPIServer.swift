import Foundation

/// A test Kubernetes API server (`Tests/Servers/testapi/server.py`) serving a snapshot over HTTPS on 127.0.0.1.
///
/// Each instance is its own process with its own CA, server and client certificates, bearer token and state
/// directory. It serves discovery, cluster-wide and namespaced lists with `limit`/`continue`, field and label
/// selectors, single GETs and server-side Table printing, faithfully enough for kubectl 1.32. Faults, snapshot
/// replacement, single-object changes (which watchers see as events) and the request log go through a plain-HTTP
/// admin port. Watches (`?watch=1`) stream ADDED/MODIFIED/DELETED/BOOKMARK events. ConfigMaps and Leases can be
/// written (create, update with resourceVersion preconditions, patch, delete) with kube-apiserver's semantics;
/// `metrics.k8s.io` (``setMetrics(nodes:pods:)``) and the kubelet Summary API through the node proxy
/// (``setVolumeStats(_:)``) report usage generated from the snapshot or set by the test.
///
/// ```swift
/// let server = try await TestAPIServer.start(snapshot: url)
/// defer { server.stop() }
/// try await server.addFault(.status(429, pathPrefix: "/api/v1/pods", count: 2, retryAfter: 1))
/// // ... point the client at server.kubeconfigPath ...
/// let pages = try await server.requests().filter { $0.path == "/api/v1/pods" }
/// ```
///
/// The generated kubeconfig has three contexts on one cluster: ``tokenContext`` (current; bearer token),
/// ``certContext`` (client certificate, CN `test-user`) and ``basicContext`` (username and password).
public final class TestAPIServer: Sendable {
    /// The context of the generated kubeconfig that authenticates with the bearer token (the current context).
    public static let tokenContext = "test"
    /// The context that authenticates with the generated client certificate.
    public static let certContext = "test-cert"
    /// The context that authenticates with basic auth.
    public static let basicContext = "test-basic"

    /// `https://127.0.0.1:<port>`.
    public let url: URL
    public let port: Int
    /// `http://127.0.0.1:<admin port>`: the `/_test/` control API, without TLS or auth.
    public let adminURL: URL
    /// The accepted bearer token (secret: keep it out of messages).
    public let token: String
    /// A file holding ``token``, for kubeconfig `tokenFile` tests.
    public let tokenFile: String
    /// The user name the token and client certificate authenticate as.
    public let userName: String
    /// PEM of the CA that signed the server and client certificates.
    public let caPath: String
    public let clientCertPath: String
    public let clientKeyPath: String
    public let basicUser: String
    public let basicPassword: String
    /// A kubeconfig with file paths for the CA and client certificate.
    public let kubeconfigPath: String
    /// The same kubeconfig with `certificate-authority-data` and `client-certificate-data`/`client-key-data`.
    public let embeddedKubeconfigPath: String
    /// The server's own directory; removed by ``stop()``.
    public let stateDirectory: URL

    private let process: ServerProcess
    /// The control API client (extensions in other files use it).
    let admin: AdminHTTPClient

    private struct Ready: Decodable {
        var port: Int
        var server: String
        var admin_url: String
        var ca: String
        var token: String
        var token_file: String
        var token_user: String
        var client_cert: String
        var client_key: String
        var basic_user: String
        var basic_password: String
        var kubeconfig: String
        var kubeconfig_embedded: String
    }

    private init(process: ServerProcess) throws {
        let ready = try process.decodeReady(Ready.self)
        self.process = process
        guard let url = URL(string: ready.server), let adminURL = URL(string: ready.admin_url) else {
            throw ServerProcessError("test API server wrote unusable URLs into ready.json")
        }
        self.url = url
        self.adminURL = adminURL
        port = ready.port
        token = ready.token
        tokenFile = ready.token_file
        userName = ready.token_user
        caPath = ready.ca
        clientCertPath = ready.client_cert
        clientKeyPath = ready.client_key
        basicUser = ready.basic_user
        basicPassword = ready.basic_password
        kubeconfigPath = ready.kubeconfig
        embeddedKubeconfigPath = ready.kubeconfig_embedded
        stateDirectory = process.stateDirectory
        admin = AdminHTTPClient(base: adminURL)
    }

    deinit { process.stop() }

    /// Starts a server for one snapshot file (a Kubernetes `List` JSON). `metricsServer: false` serves no
    /// `metrics.k8s.io`, like a cluster without metrics-server.
    public static func start(snapshot: URL, token: String? = nil, metricsServer: Bool = true) async throws
        -> TestAPIServer {
        try await start(snapshots: [snapshot], token: token, metricsServer: metricsServer)
    }

    /// Starts a server for a snapshot given as bytes (a Kubernetes `List` JSON).
    public static func start(snapshot: Data, token: String? = nil, metricsServer: Bool = true) async throws
        -> TestAPIServer {
        try await launch(token: token, metricsServer: metricsServer) { directory in
            let file = directory.appendingPathComponent("snapshot.json")
            try snapshot.write(to: file)
            return [file]
        }
    }

    /// Starts a server for several snapshot files merged (later files win), or an empty cluster.
    public static func start(snapshots: [URL] = [], token: String? = nil, metricsServer: Bool = true) async throws
        -> TestAPIServer {
        try await launch(token: token, metricsServer: metricsServer) { _ in snapshots }
    }

    private static func launch(token: String?, metricsServer: Bool,
                               snapshots: @escaping (URL) throws -> [URL]) async throws -> TestAPIServer {
        let process = try await ServerProcess.start(script: "testapi/server.py") { directory in
            var arguments = ["--state-dir", directory.path, "--port", "0", "--exit-on-stdin-eof"]
            for file in try snapshots(directory) {
                arguments += ["--snapshot", file.path]
            }
            if let token {
                arguments += ["--token", token]
            }
            if !metricsServer {
                arguments.append("--no-metrics-server")
            }
            return arguments
        }
        return try TestAPIServer(process: process)
    }

    /// The server log (stderr), for failure messages.
    public var log: String { process.log }

    /// Ends the server process and removes its state directory; also done on deinit.
    public func stop() {
        process.stop()
    }

    // MARK: - Control API

    /// Arms a fault; returns its id (see ``LoggedRequest/fault``).
    @discardableResult
    public func addFault(_ fault: Fault) async throws -> Int {
        let body = try JSONEncoder().encode(fault)
        let data = try await admin.send("POST", "/_test/faults", body: body)
        struct Added: Decodable { var ids: [Int] }
        return try JSONDecoder().decode(Added.self, from: data).ids.first ?? 0
    }

    /// Removes every armed fault.
    public func clearFaults() async throws {
        _ = try await admin.send("DELETE", "/_test/faults")
    }

    /// Replaces the whole served cluster with another `List` JSON, atomically. When anything changed, watchers
    /// get the differences as events, the list resourceVersion grows and continue tokens issued before expire
    /// (410), as after an etcd compaction.
    public func replaceSnapshot(_ data: Data) async throws {
        _ = try await admin.send("PUT", "/_test/snapshot", body: data)
    }

    /// Adds or replaces single objects (each a JSON object with `apiVersion` and `kind`) and deletes others,
    /// keeping the rest of the served cluster. Watchers see ADDED, MODIFIED and DELETED events; the list
    /// resourceVersion grows, so continue tokens issued before expire. Returns the new list resourceVersion.
    @discardableResult
    public func changeObjects(upsert: [Data] = [], delete: [ObjectReference] = []) async throws -> String {
        var body = Data(#"{"upsert":["#.utf8)
        for (index, object) in upsert.enumerated() {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            body.append(object)
        }
        body.append(contentsOf: Array(#"],"delete":"#.utf8))
        body.append(try JSONEncoder().encode(delete))
        body.append(UInt8(ascii: "}"))
        let data = try await admin.send("POST", "/_test/objects", body: body)
        struct Changed: Decodable { var resourceVersion: String }
        return try JSONDecoder().decode(Changed.self, from: data).resourceVersion
    }

    /// Replaces the accepted bearer tokens (e.g. to test a rotated token file).
    public func setTokens(_ tokens: [String]) async throws {
        _ = try await admin.send("PUT", "/_test/tokens", body: try JSONEncoder().encode(["tokens": tokens]))
    }

    /// The API requests received so far (admin calls excluded), oldest first; `since` skips sequence numbers up
    /// to and including it.
    public func requests(since: Int = 0) async throws -> [LoggedRequest] {
        let data = try await admin.send("GET", "/_test/requests?since=\(since)")
        struct Log: Decodable { var requests: [LoggedRequest] }
        return try JSONDecoder().decode(Log.self, from: data).requests
    }

    /// Forgets the request log.
    public func clearRequests() async throws {
        _ = try await admin.send("DELETE", "/_test/requests")
    }

    // MARK: - kubectl

    /// Runs kubectl against this server with the generated kubeconfig, a private discovery cache, and `context`.
    public func kubectl(_ arguments: [String], context: String = TestAPIServer.tokenContext,
                        timeout: TimeInterval = 120) async throws -> Kubectl.Result {
        try await Kubectl.run(["--kubeconfig", kubeconfigPath, "--context", context,
                               "--cache-dir", stateDirectory.appendingPathComponent("kube-cache").path]
                              + arguments, timeout: timeout)
    }
}
