import Foundation
@testable import KubeClient
import KubeModel
import Testing
import TestSupport

/// Every credential kind against the test API server, checked in its request log.
@Suite("Credentials against the test API server")
struct CredentialIntegrationTests {
    @Test(arguments: [
        (TestAPIServer.tokenContext, TestAPIServer.LoggedRequest.Auth.token),
        (TestAPIServer.certContext, .cert),
        (TestAPIServer.basicContext, .basic),
    ])
    func generatedKubeconfigContexts(context: String, auth: TestAPIServer.LoggedRequest.Auth) async throws {
        let server = try await Fixtures.startSmall()
        for kubeconfig in [server.kubeconfigPath, server.embeddedKubeconfigPath] {
            let client = try Fixtures.client(server, context: context, kubeconfig: kubeconfig)
            #expect(try await Fixtures.nodeNames(client) == ["node-a", "node-b"])
        }
        let requests = try await server.requests()
        #expect(requests.count == 2)
        let user = auth == .basic ? server.basicUser : server.userName
        #expect(requests.allSatisfy { $0.auth == auth && $0.status == 200 && $0.user == user })
    }

    @Test func tokenFileIsReadAndReReadAfterRotation() async throws {
        let server = try await Fixtures.startSmall()
        let folder = try TempFolder()
        let tokenFile = try folder.write("token", server.token + "\n")
        let kubeconfig = try writeKubeconfig(folder, server: server, user: "      tokenFile: token")
        let client = try Fixtures.client(server, context: "t", kubeconfig: kubeconfig)
        #expect(try await Fixtures.nodeNames(client).count == 2)

        // Rotate: the server accepts only the new token, the file gets it; the 401 makes the client re-read.
        try await server.setTokens(["rotated-token-0123456789"])
        try Data("rotated-token-0123456789".utf8).write(to: URL(fileURLWithPath: tokenFile))
        #expect(try await Fixtures.nodeNames(client).count == 2)
        let statuses = try await server.requests().map(\.status)
        #expect(statuses.last == 200)
        #expect(statuses.allSatisfy { $0 == 200 || $0 == 401 })
    }

    @Test func execPluginTokenIsCachedWithoutExpiry() async throws {
        let server = try await Fixtures.startSmall()
        let folder = try TempFolder()
        try folder.write("bin/get-token", """
        #!/bin/sh
        echo run >> "\(folder.path)/runs"
        printf '%s' "$KUBERNETES_EXEC_INFO" > "\(folder.path)/exec-info"
        printf '%s' "$EXTRA" > "\(folder.path)/extra"
        printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}' "$1"
        """, executable: true)
        let kubeconfig = try writeKubeconfig(folder, server: server, user: """
              exec:
                apiVersion: client.authentication.k8s.io/v1
                command: ./bin/get-token
                args: ["\(server.token)"]
                env: [{name: EXTRA, value: from-kubeconfig}]
                interactiveMode: IfAvailable
                provideClusterInfo: true
        """)
        let client = try Fixtures.client(server, context: "t", kubeconfig: kubeconfig)
        #expect(try await Fixtures.nodeNames(client).count == 2)
        #expect(try await Fixtures.nodeNames(client).count == 2)
        #expect(folder.read("runs") == "run\n", "the token has no expiry, so the plugin runs once")
        #expect(folder.read("extra") == "from-kubeconfig")
        let info = try #require(folder.read("exec-info"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(info.utf8)) as? [String: Any])
        #expect(json["kind"] as? String == "ExecCredential")
        #expect(json["apiVersion"] as? String == "client.authentication.k8s.io/v1")
        let spec = try #require(json["spec"] as? [String: Any])
        #expect(spec["interactive"] as? Bool == false)
        #expect((spec["cluster"] as? [String: Any])?["server"] as? String == server.url.absoluteString)
        #expect(try await server.requests().allSatisfy { $0.auth == .token })
    }

    @Test func expiredExecTokenIsFetchedAgain() async throws {
        let server = try await Fixtures.startSmall()
        let folder = try TempFolder()
        try folder.write("get-token", """
        #!/bin/sh
        echo run >> "\(folder.path)/runs"
        echo '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"\(server.token)","expirationTimestamp":"2020-01-01T00:00:00Z"}}'
        """, executable: true)
        let kubeconfig = try writeKubeconfig(folder, server: server, user: """
              exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: "\(folder.path)/get-token"}
        """)
        let client = try Fixtures.client(server, context: "t", kubeconfig: kubeconfig)
        _ = try await Fixtures.nodeNames(client)
        _ = try await Fixtures.nodeNames(client)
        #expect(folder.read("runs") == "run\nrun\n")
    }

    @Test func execPluginClientCertificate() async throws {
        let server = try await Fixtures.startSmall()
        let folder = try TempFolder()
        try folder.write("get-cert", """
        #!/usr/bin/env python3
        import json
        print(json.dumps({"apiVersion": "client.authentication.k8s.io/v1", "kind": "ExecCredential", "status": {
            "clientCertificateData": open("\(server.clientCertPath)").read(),
            "clientKeyData": open("\(server.clientKeyPath)").read()}}))
        """, executable: true)
        let kubeconfig = try writeKubeconfig(folder, server: server, user: """
              exec: {apiVersion: client.authentication.k8s.io/v1, command: ./get-cert, interactiveMode: Never}
        """)
        let client = try Fixtures.client(server, context: "t", kubeconfig: kubeconfig)
        #expect(try await Fixtures.nodeNames(client).count == 2)
        #expect(try await server.requests().allSatisfy { $0.auth == .cert })
    }

    @Test func failingExecPluginShowsStderrAndInstallHint() async throws {
        let server = try await Fixtures.startSmall()
        let folder = try TempFolder()
        try folder.write("fail", """
        #!/bin/sh
        echo "starting" >&2
        echo "error: SSO session expired, run 'corp-login'" >&2
        exit 3
        """, executable: true)
        let kubeconfig = try writeKubeconfig(folder, server: server, user: """
              exec: {apiVersion: client.authentication.k8s.io/v1, command: ./fail, interactiveMode: Never, installHint: "Install corp-login from the intranet."}
        """)
        let client = try Fixtures.client(server, context: "t", kubeconfig: kubeconfig)
        let error = await #expect(throws: KubeClientError.self) { try await Fixtures.nodeNames(client) }
        let text = try #require(error?.description)
        #expect(text.contains("failed with exit status 3: starting | error: SSO session expired, run 'corp-login'"))
        #expect(text.contains("user entry \"u\" of context \"t\""))
        #expect(text.hasSuffix("Install corp-login from the intranet."))
        #expect(try await server.requests().isEmpty)
    }

    @Test func missingExecPluginShowsInstallHint() async throws {
        let server = try await Fixtures.startSmall()
        let folder = try TempFolder()
        let kubeconfig = try writeKubeconfig(folder, server: server, user: """
              exec: {apiVersion: client.authentication.k8s.io/v1, command: kcw-no-such-plugin, interactiveMode: Never, installHint: "brew install kcw-plugin"}
        """)
        let client = try Fixtures.client(server, context: "t", kubeconfig: kubeconfig)
        let error = await #expect(throws: KubeClientError.self) { try await Fixtures.nodeNames(client) }
        #expect(error?.description == "exec plugin kcw-no-such-plugin for user entry \"u\" of context \"t\" was not found in PATH. brew install kcw-plugin")
    }

    @Test func execPluginPrintingGarbageIsExplainedWithoutQuotingIt() async throws {
        let server = try await Fixtures.startSmall()
        let folder = try TempFolder()
        try folder.write("bad", "#!/bin/sh\necho 'token=sekret-garbage'\n", executable: true)
        let kubeconfig = try writeKubeconfig(folder, server: server, user: """
              exec: {apiVersion: client.authentication.k8s.io/v1, command: ./bad, interactiveMode: Never}
        """)
        let client = try Fixtures.client(server, context: "t", kubeconfig: kubeconfig)
        let error = await #expect(throws: KubeClientError.self) { try await Fixtures.nodeNames(client) }
        #expect(error?.description.hasPrefix("exec plugin ") == true)
        #expect(error?.description.contains("did not print an ExecCredential") == true)
        #expect(error?.description.contains("sekret") == false)
    }

    @Test func interactiveOnlyPluginIsRefused() async throws {
        let server = try await Fixtures.startSmall()
        let folder = try TempFolder()
        let kubeconfig = try writeKubeconfig(folder, server: server, user: """
              exec: {apiVersion: client.authentication.k8s.io/v1, command: /bin/true, interactiveMode: Always}
        """)
        let client = try Fixtures.client(server, context: "t", kubeconfig: kubeconfig)
        let error = await #expect(throws: KubeClientError.self) { try await Fixtures.nodeNames(client) }
        #expect(error?.description.contains("needs an interactive terminal") == true)
    }

    @Test func inClusterServiceAccount() async throws {
        let server = try await Fixtures.startSmall()
        let folder = try TempFolder()
        let ca = try String(contentsOfFile: server.caPath, encoding: .utf8)
        let fixture = try InClusterFixture(folder: folder, token: server.token, ca: ca, namespace: "default")
        let environment = ["KUBERNETES_SERVICE_HOST": "127.0.0.1", "KUBERNETES_SERVICE_PORT": String(server.port),
                           "HOME": folder.path]
        var configuration = try KubeClientConfiguration.automatic(environment: environment, inClusterRoot: fixture.root)
        configuration.retry = APIRetryPolicy(maxAttempts: 1)
        let client = KubeClient(configuration: configuration)
        #expect(configuration.namespace == "default")
        #expect(try await Fixtures.nodeNames(client).count == 2)

        // The kubelet rotates the token file; the server stops accepting the old token.
        try await server.setTokens(["rotated-in-cluster-token-42"])
        try Data("rotated-in-cluster-token-42".utf8).write(to: URL(fileURLWithPath: fixture.tokenPath))
        let pods = try await Fixtures.listAll(client, ResourcePath.pods.inNamespace("default"), as: Pod.self)
        #expect(pods.count == 4)
    }

    @Test func kubeconfigFilesAreMergedFirstWins() async throws {
        let server = try await Fixtures.startSmall()
        let folder = try TempFolder()
        // The first file picks the cert context and shadows token-user with a wrong token.
        try folder.write("first.yaml", """
        current-context: test-cert
        users:
        - {name: token-user, user: {token: wrong-token-from-first-file}}
        """)
        let environment = ["KUBECONFIG": "\(folder.path)/first.yaml:\(folder.path)/missing.yaml:\(server.kubeconfigPath)"]
        var merged = try KubeClientConfiguration.automatic(environment: environment)
        merged.retry = APIRetryPolicy(maxAttempts: 1)
        #expect(try await Fixtures.nodeNames(KubeClient(configuration: merged)).count == 2)
        #expect(try await server.requests().last?.auth == .cert)

        var shadowed = try KubeClientConfiguration.automatic(context: TestAPIServer.tokenContext, environment: environment)
        shadowed.retry = APIRetryPolicy(maxAttempts: 1)
        let error = await #expect(throws: KubeClientError.self) { try await Fixtures.nodeNames(KubeClient(configuration: shadowed)) }
        #expect(error?.description.hasPrefix("\(server.url.absoluteString) rejected the credentials of user entry \"token-user\" of context \"test\" (401 Unauthorized") == true)
        #expect(error?.description.contains("wrong-token") == false)
    }

    @Test func tlsServerNameIsUsedForVerification() async throws {
        let server = try await Fixtures.startSmall()
        let folder = try TempFolder()
        let good = try writeKubeconfig(folder, server: server, name: "good", user: "      token: \(server.token)",
                                       cluster: "    tls-server-name: localhost")
        #expect(try await Fixtures.nodeNames(Fixtures.client(server, context: "t", kubeconfig: good)).count == 2)
        let bad = try writeKubeconfig(folder, server: server, name: "bad", user: "      token: \(server.token)",
                                      cluster: "    tls-server-name: api.elsewhere.test")
        let error = await #expect(throws: KubeClientError.self) {
            try await Fixtures.nodeNames(Fixtures.client(server, context: "t", kubeconfig: bad))
        }
        guard case .unreachable(_, let transport, _)? = error else { Issue.record("expected unreachable, got \(String(describing: error))"); return }
        #expect(transport.kind == .tls)
    }
}
