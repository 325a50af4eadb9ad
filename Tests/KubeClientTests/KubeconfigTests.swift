import CurlTransport
import Foundation
@testable import KubeClient
import Testing

@Suite("Kubeconfig parsing and resolution")
struct KubeconfigTests {
    static let basic = """
    apiVersion: v1
    kind: Config
    current-context: prod
    clusters:
    - name: prod-cluster
      cluster:
        server: https://10.0.0.1:6443/
        tls-server-name: api.prod.internal
        proxy-url: http://proxy.local:3128
    contexts:
    - name: prod
      context:
        cluster: prod-cluster
        user: alice
        namespace: shop
    - name: other
      context: {cluster: prod-cluster, user: bob}
    users:
    - name: alice
      user:
        token: sekret-token-value
        as: admin
        as-groups: [ops, dev]
    - name: bob
      user:
        username: bob
        password: hunter2
    """

    @Test func resolvesTheCurrentContext() async throws {
        let config = try KubeconfigLoader.parse(Self.basic, name: "/cfg/config")
        let resolved = try KubeClientConfiguration.fromKubeconfig(config)
        #expect(resolved.server == "https://10.0.0.1:6443")
        #expect(resolved.tls.serverName == "api.prod.internal")
        #expect(resolved.tls.insecureSkipVerify == false)
        #expect(resolved.proxy == "http://proxy.local:3128")
        #expect(resolved.namespace == "shop")
        #expect(resolved.identity.credentialsDescription == "user entry \"alice\" of context \"prod\"")
        let credentials = try await resolved.credentials.credentials()
        #expect(credentials.authorization == "Bearer sekret-token-value")
        #expect(credentials.extraHeaders.values(for: "Impersonate-Group") == ["ops", "dev"])
        #expect(credentials.extraHeaders["Impersonate-User"] == "admin")
        #expect(!credentials.description.contains("sekret"))
    }

    @Test func explicitContextWithBasicAuth() async throws {
        let config = try KubeconfigLoader.parse(Self.basic, name: "/cfg/config")
        let resolved = try KubeClientConfiguration.fromKubeconfig(config, context: "other")
        let credentials = try await resolved.credentials.credentials()
        #expect(credentials.authorization == "Basic \(Data("bob:hunter2".utf8).base64EncodedString())")
        #expect(resolved.namespace == nil)
    }

    @Test func yamlSyntaxErrorNamesFileAndLine() throws {
        let text = "apiVersion: v1\nclusters:\n- name: a\n  cluster:\n    server: [unclosed\ncontexts: []\n"
        let error = #expect(throws: KubeconfigError.self) { try KubeconfigLoader.parse(text, name: "/home/u/.kube/config") }
        #expect(error?.file == "/home/u/.kube/config")
        #expect(error?.line == 6)
        #expect(error?.description.hasPrefix("/home/u/.kube/config:6: YAML syntax error") == true)
    }

    /// A kubeconfig with `depth` collections nested under `clusters`, in flow, mapping or block style.
    static func nested(_ depth: Int, style: String) -> String {
        switch style {
        case "flow": return "apiVersion: v1\nclusters: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
        case "mapping": return "apiVersion: v1\nclusters: " + String(repeating: "{a: ", count: depth) + "x" + String(repeating: "}", count: depth) + "\n"
        default: return "apiVersion: v1\nclusters:\n" + (1...depth).map { String(repeating: " ", count: $0) + "-\n" }.joined()
        }
    }

    @Test(arguments: ["flow", "mapping", "block"])
    func deeplyNestedYAMLIsRefusedNamingTheFile(style: String) throws {
        // 40,000 levels overflowed the stack of the recursive tree builder; now the 65th level is refused. (Block
        // style grows quadratically in bytes, so 3,000 levels, 4.5 MB, stand in for it.)
        let error = #expect(throws: KubeconfigError.self) {
            try KubeconfigLoader.parse(Self.nested(style == "block" ? 3_000 : 40_000, style: style), name: "/home/u/.kube/deep")
        }
        #expect(error?.file == "/home/u/.kube/deep")
        #expect(error?.description.contains("nested more than 64 levels deep") == true, "\(String(describing: error))")
        // 64 levels (the root mapping is the first) still parse; they just are not a valid kubeconfig.
        let atLimit = #expect(throws: KubeconfigError.self) { try KubeconfigLoader.parse(Self.nested(63, style: style), name: "cfg") }
        #expect(atLimit?.description.contains("nested more than") == false, "\(String(describing: atLimit))")
        let overLimit = #expect(throws: KubeconfigError.self) { try KubeconfigLoader.parse(Self.nested(64, style: style), name: "cfg") }
        #expect(overLimit?.description.contains("nested more than 64 levels deep") == true)
    }

    @Test func oversizedFileIsRefusedBeforeParsing() throws {
        let folder = try TempFolder()
        // Valid YAML (one long comment) just over 16 MiB.
        let path = try folder.write("big", "# " + String(repeating: "x", count: 16 << 20) + "\napiVersion: v1\n")
        let error = #expect(throws: KubeconfigError.self) { try KubeconfigLoader.read(path) }
        #expect(error?.description == "\(path): refused: the file is larger than 16 MiB, which no kubeconfig is")
        let text = #expect(throws: KubeconfigError.self) {
            try KubeconfigLoader.parse("# " + String(repeating: "x", count: 16 << 20), name: "inline")
        }
        #expect(text?.description == "inline: refused: the file is larger than 16 MiB, which no kubeconfig is")
    }

    @Test func tabIndentationIsASyntaxErrorOnItsLine() throws {
        let text = "apiVersion: v1\nkind: Config\nclusters:\n\t- name: a\n"
        let error = #expect(throws: KubeconfigError.self) { try KubeconfigLoader.parse(text, name: "cfg") }
        #expect(error?.line == 4)
    }

    @Test func missingContextIsNamed() throws {
        let config = try KubeconfigLoader.parse(Self.basic, name: "/cfg/config")
        let error = #expect(throws: KubeconfigError.self) { try KubeClientConfiguration.fromKubeconfig(config, context: "staging") }
        #expect(error?.description == "context \"staging\" not found in /cfg/config (known contexts: other, prod)")
    }

    @Test func missingUserIsNamed() throws {
        let text = Self.basic.replacingOccurrences(of: "user: alice", with: "user: carol")
        let config = try KubeconfigLoader.parse(text, name: "/cfg/config")
        let error = #expect(throws: KubeconfigError.self) { try KubeClientConfiguration.fromKubeconfig(config) }
        #expect(error?.message == "user \"carol\" of context \"prod\" not found (known users: alice, bob)")
        #expect(error?.line == 11, "the line of the context entry")
    }

    @Test func missingClusterIsNamed() throws {
        let text = Self.basic.replacingOccurrences(of: "cluster: prod-cluster\n    user: alice", with: "cluster: gone\n    user: alice")
        let config = try KubeconfigLoader.parse(text, name: "/cfg/config")
        let error = #expect(throws: KubeconfigError.self) { try KubeClientConfiguration.fromKubeconfig(config) }
        #expect(error?.message.hasPrefix("cluster \"gone\" of context \"prod\" not found") == true)
    }

    @Test func noCurrentContext() throws {
        let config = try KubeconfigLoader.parse("apiVersion: v1\nclusters: []\n", name: "/cfg/config")
        let error = #expect(throws: KubeconfigError.self) { try KubeClientConfiguration.fromKubeconfig(config) }
        #expect(error?.message.contains("no current-context") == true)
    }

    @Test func unreadableCAFileNamesThePath() throws {
        let folder = try TempFolder()
        let path = try folder.write("config", """
        current-context: c
        clusters:
        - name: k
          cluster: {server: "https://127.0.0.1:1", certificate-authority: certs/missing-ca.crt}
        contexts:
        - {name: c, context: {cluster: k}}
        """)
        let config = try KubeconfigLoader.read(path)
        let error = #expect(throws: KubeconfigError.self) { try KubeClientConfiguration.fromKubeconfig(config) }
        #expect(error?.description == "\(path):3: clusters[k].certificate-authority: file \(folder.path)/certs/missing-ca.crt does not exist")
    }

    @Test func relativePathsResolveAgainstTheKubeconfigFolder() throws {
        let folder = try TempFolder()
        try folder.write("certs/ca.crt", "not really a certificate")
        let path = try folder.write("sub/../config", """
        current-context: c
        clusters:
        - name: k
          cluster: {server: "https://127.0.0.1:1", certificate-authority: certs/ca.crt}
        contexts:
        - {name: c, context: {cluster: k}}
        """)
        let resolved = try KubeClientConfiguration.fromKubeconfig(try KubeconfigLoader.read(path))
        #expect(resolved.tls.certificateAuthority == .file("\(folder.path)/certs/ca.crt"))
    }

    @Test func badBase64NamesTheFieldButNotTheValue() throws {
        let text = """
        current-context: c
        clusters:
        - {name: k, cluster: {server: "https://127.0.0.1:1"}}
        contexts:
        - {name: c, context: {cluster: k, user: u}}
        users:
        - name: u
          user:
            client-certificate-data: TUlJQw==
            client-key-data: "not*base64!secretkeymaterial"
        """
        let config = try KubeconfigLoader.parse(text, name: "/cfg/config")
        let error = #expect(throws: KubeconfigError.self) { try KubeClientConfiguration.fromKubeconfig(config) }
        #expect(error?.description == "/cfg/config:7: users[u].client-key-data is not valid base64")
        #expect(error?.description.contains("secretkeymaterial") == false)
    }

    @Test func badCertificateAuthorityData() throws {
        let text = "current-context: c\nclusters:\n- {name: k, cluster: {server: \"https://h:1\", certificate-authority-data: \"%%%\"}}\ncontexts:\n- {name: c, context: {cluster: k}}\n"
        let error = #expect(throws: KubeconfigError.self) {
            try KubeClientConfiguration.fromKubeconfig(try KubeconfigLoader.parse(text, name: "cfg"))
        }
        #expect(error?.message == "clusters[k].certificate-authority-data is not valid base64")
    }

    @Test func insecureWithCAIsRefused() throws {
        let text = "current-context: c\nclusters:\n- {name: k, cluster: {server: \"https://h:1\", insecure-skip-tls-verify: true, certificate-authority-data: TUlJQw==}}\ncontexts:\n- {name: c, context: {cluster: k}}\n"
        let error = #expect(throws: KubeconfigError.self) {
            try KubeClientConfiguration.fromKubeconfig(try KubeconfigLoader.parse(text, name: "cfg"))
        }
        #expect(error?.message.contains("insecure-skip-tls-verify cannot be combined") == true)
    }

    @Test func twoAuthenticationMethodsAreRefused() throws {
        let text = "current-context: c\nclusters:\n- {name: k, cluster: {server: \"https://h:1\"}}\ncontexts:\n- {name: c, context: {cluster: k, user: u}}\nusers:\n- {name: u, user: {token: abc, username: x, password: y}}\n"
        let error = #expect(throws: KubeconfigError.self) {
            try KubeClientConfiguration.fromKubeconfig(try KubeconfigLoader.parse(text, name: "cfg"))
        }
        #expect(error?.message == "users[u] has more than one authentication method (token, basic auth); keep only one")
    }

    @Test func authProviderIsExplainedNotIgnored() throws {
        let text = "current-context: c\nclusters:\n- {name: k, cluster: {server: \"https://h:1\"}}\ncontexts:\n- {name: c, context: {cluster: k, user: u}}\nusers:\n- {name: u, user: {auth-provider: {name: gcp}}}\n"
        let error = #expect(throws: KubeconfigError.self) {
            try KubeClientConfiguration.fromKubeconfig(try KubeconfigLoader.parse(text, name: "cfg"))
        }
        #expect(error?.message.contains("auth-provider \"gcp\"") == true)
    }

    @Test func certificateWithoutKeyIsRefused() throws {
        let text = "current-context: c\nclusters:\n- {name: k, cluster: {server: \"https://h:1\"}}\ncontexts:\n- {name: c, context: {cluster: k, user: u}}\nusers:\n- {name: u, user: {client-certificate-data: TUlJQw==}}\n"
        let error = #expect(throws: KubeconfigError.self) {
            try KubeClientConfiguration.fromKubeconfig(try KubeconfigLoader.parse(text, name: "cfg"))
        }
        #expect(error?.message == "users[u] has a client certificate but no client-key or client-key-data")
    }

    @Test func serverMustBeAnHTTPURL() throws {
        let text = "current-context: c\nclusters:\n- {name: k, cluster: {server: \"ftp://h\"}}\ncontexts:\n- {name: c, context: {cluster: k}}\n"
        let error = #expect(throws: KubeconfigError.self) {
            try KubeClientConfiguration.fromKubeconfig(try KubeconfigLoader.parse(text, name: "cfg"))
        }
        #expect(error?.message.contains("is not an http(s) URL") == true)
    }

    @Test func duplicateNamesInOneFileAreErrors() throws {
        let text = "users:\n- {name: u, user: {token: a}}\n- {name: u, user: {token: b}}\n"
        let error = #expect(throws: KubeconfigError.self) { try KubeconfigLoader.parse(text, name: "cfg") }
        #expect(error?.description == "cfg:3: users: duplicate name \"u\" (first defined on line 2)")
    }

    @Test func execV1RequiresInteractiveMode() throws {
        let text = "users:\n- name: u\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: aws\n"
        let error = #expect(throws: KubeconfigError.self) { try KubeconfigLoader.parse(text, name: "cfg") }
        #expect(error?.message == "users[u].exec.interactiveMode is required for client.authentication.k8s.io/v1")
    }

    @Test func execConfigIsParsed() throws {
        let text = """
        users:
        - name: u
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1beta1
              command: aws
              args: [eks, get-token, --cluster-name, prod]
              env:
              - name: AWS_PROFILE
                value: prod
              installHint: install the AWS CLI
              provideClusterInfo: true
        """
        let exec = try #require(try KubeconfigLoader.parse(text, name: "cfg").users["u"]?.exec)
        #expect(exec.command == "aws")
        #expect(exec.args == ["eks", "get-token", "--cluster-name", "prod"])
        #expect(exec.env.map(\.name) == ["AWS_PROFILE"])
        #expect(exec.interactiveMode == .ifAvailable)
        #expect(exec.provideClusterInfo)
        #expect(exec.installHint == "install the AWS CLI")
    }

    @Test func emptyFileIsAnEmptyConfig() throws {
        let config = try KubeconfigLoader.parse("", name: "cfg")
        #expect(config.contexts.isEmpty && config.currentContext == nil)
    }

    @Test func anchorsAndAliasesResolve() throws {
        let text = "clusters:\n- name: a\n  cluster: &c {server: \"https://h:1\"}\n- name: b\n  cluster: *c\n"
        let config = try KubeconfigLoader.parse(text, name: "cfg")
        #expect(config.clusters["b"]?.server == "https://h:1")
    }

    @Test func quotedBooleansAreNotBooleans() throws {
        let text = "clusters:\n- name: a\n  cluster: {server: \"https://h:1\", insecure-skip-tls-verify: \"maybe\"}\n"
        let error = #expect(throws: KubeconfigError.self) { try KubeconfigLoader.parse(text, name: "cfg") }
        #expect(error?.message == "clusters[a].insecure-skip-tls-verify: expected true or false")
    }
}
