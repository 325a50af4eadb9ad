import Foundation
@testable import KubeClient
import Testing

@Suite("Kubeconfig loading rules and merging")
struct KubeconfigLoaderTests {
    let folder: TempFolder

    init() throws {
        folder = try TempFolder()
        try folder.write("a.yaml", """
        clusters:
        - {name: shared, cluster: {server: "https://a.example:6443"}}
        users:
        - {name: shared-user, user: {token: from-a}}
        contexts:
        - {name: ctx-a, context: {cluster: shared, user: shared-user}}
        """)
        try folder.write("b.yaml", """
        current-context: ctx-b
        clusters:
        - {name: shared, cluster: {server: "https://b.example:6443", insecure-skip-tls-verify: true}}
        - {name: only-b, cluster: {server: "https://only-b.example"}}
        users:
        - {name: shared-user, user: {username: b, password: from-b-password}}
        contexts:
        - {name: ctx-b, context: {cluster: only-b, user: shared-user}}
        """)
        try folder.write("c.yaml", "current-context: ctx-a\n")
    }

    private func loader(_ kubeconfig: String?, home: String? = nil) -> KubeconfigLoader {
        var environment: [String: String] = [:]
        if let kubeconfig { environment["KUBECONFIG"] = kubeconfig }
        return KubeconfigLoader(environment: environment, homeDirectory: home ?? folder.path + "/no-home",
                                currentDirectory: folder.path)
    }

    @Test func firstDefinitionOfEachNameWinsWhole() async throws {
        let merged = try #require(try loader("a.yaml:missing.yaml::b.yaml").load())
        #expect(merged.files == ["\(folder.path)/a.yaml", "\(folder.path)/b.yaml"])
        #expect(merged.clusters["shared"]?.server == "https://a.example:6443")
        #expect(merged.clusters["shared"]?.insecureSkipTLSVerify == false)
        #expect(merged.clusters["only-b"] != nil)
        let user = try #require(merged.users["shared-user"])
        #expect(user.token == "from-a")
        #expect(user.username == nil, "fields of a later same-named entry are not mixed in")
    }

    @Test func currentContextComesFromTheFirstFileThatSetsIt() throws {
        #expect(try loader("a.yaml:b.yaml").load()?.currentContext == "ctx-b")
        #expect(try loader("c.yaml:b.yaml").load()?.currentContext == "ctx-a")
    }

    @Test func mergedContextMixesEntriesFromSeveralFiles() async throws {
        let merged = try #require(try loader("a.yaml:b.yaml").load())
        let resolved = try KubeClientConfiguration.fromKubeconfig(merged)
        #expect(resolved.server == "https://only-b.example")
        #expect(try await resolved.credentials.credentials().authorization == "Bearer from-a")
    }

    @Test func explicitPathIsTheOnlyFileAndMustExist() throws {
        let only = try #require(try loader("a.yaml:b.yaml").load(explicitPath: "c.yaml"))
        #expect(only.contexts.isEmpty)
        let error = #expect(throws: KubeconfigError.self) { try loader(nil).load(explicitPath: "nope.yaml") }
        #expect(error?.description == "\(folder.path)/nope.yaml: kubeconfig file does not exist")
    }

    @Test func homeConfigIsTheFallback() throws {
        try folder.write("home/.kube/config", "current-context: from-home\n")
        #expect(try loader(nil, home: folder.path + "/home").load()?.currentContext == "from-home")
        #expect(try loader(nil).load() == nil)
    }

    @Test func automaticFallsBackToInClusterThenExplains() throws {
        let root = try InClusterFixture(folder: folder)
        let environment = ["KUBERNETES_SERVICE_HOST": "fd00::1", "KUBERNETES_SERVICE_PORT": "443", "HOME": folder.path + "/no-home"]
        let resolved = try KubeClientConfiguration.automatic(environment: environment, inClusterRoot: root.root)
        #expect(resolved.server == "https://[fd00::1]:443")
        #expect(resolved.namespace == "monitoring")
        #expect(resolved.identity.source.hasPrefix("in-cluster service account"))

        let error = #expect(throws: KubeconfigError.self) {
            try KubeClientConfiguration.automatic(environment: ["HOME": folder.path + "/no-home"], inClusterRoot: root.root)
        }
        #expect(error?.message.contains("not running inside a cluster") == true)
    }

    @Test func inClusterWithoutTokenExplains() throws {
        let environment = ["KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "443"]
        let error = #expect(throws: KubeconfigError.self) {
            try InClusterConfig(root: folder.path, environment: environment).configuration()
        }
        #expect(error?.message.contains("service-account token is missing") == true)
    }
}

/// The files a pod's service account gets, under a temporary root.
struct InClusterFixture {
    let root: String

    init(folder: TempFolder, token: String = "in-cluster-token", ca: String = "CA", namespace: String = "monitoring") throws {
        root = folder.path + "/root"
        let base = "root/var/run/secrets/kubernetes.io/serviceaccount"
        try folder.write("\(base)/token", token)
        try folder.write("\(base)/ca.crt", ca)
        try folder.write("\(base)/namespace", namespace)
    }

    var tokenPath: String { root + "/var/run/secrets/kubernetes.io/serviceaccount/token" }
}
