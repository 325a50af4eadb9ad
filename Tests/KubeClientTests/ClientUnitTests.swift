import CurlTransport
import Foundation
@testable import KubeClient
import Synchronization
import Testing

@Suite("KubeClient building blocks")
struct ClientUnitTests {
    @Test func resourcePaths() {
        #expect(ResourcePath.pods.path() == "/api/v1/pods")
        #expect(ResourcePath.pods.inNamespace("shop").path(name: "api-1") == "/api/v1/namespaces/shop/pods/api-1")
        #expect(ResourcePath.deployments.inNamespace("a").path() == "/apis/apps/v1/namespaces/a/deployments")
        #expect(ResourcePath.storageClasses.description == "storageclasses.storage.k8s.io")
    }

    @Test func listQueryIsStrictlyEncoded() {
        let options = ListOptions(limit: 500, fieldSelector: "status.phase!=Succeeded", labelSelector: "app in (a,b)")
        #expect(ListOptions.encode(options.queryItems(continueToken: "eyJ2Ijo+/=")) ==
                "limit=500&fieldSelector=status.phase%21%3DSucceeded&labelSelector=app%20in%20%28a%2Cb%29&continue=eyJ2Ijo%2B%2F%3D")
        #expect(ListOptions(limit: 0).queryItems(continueToken: nil).isEmpty)
    }

    @Test func retryDelaysGrowAndCap() {
        let policy = APIRetryPolicy(baseDelay: .seconds(1), maxDelay: .seconds(5), maxRetryAfter: .seconds(10), random: { 1 })
        #expect((1...5).map { policy.delay(afterAttempt: $0, retryAfter: nil) } == [.seconds(1), .seconds(2), .seconds(4), .seconds(5), .seconds(5)])
        #expect(policy.delay(afterAttempt: 1, retryAfter: .seconds(3)) == .seconds(3))
        #expect(policy.delay(afterAttempt: 1, retryAfter: .seconds(3600)) == .seconds(10))
        let low = APIRetryPolicy(baseDelay: .seconds(1), random: { 0 })
        #expect(low.delay(afterAttempt: 2, retryAfter: nil) == .seconds(1))
    }

    @Test func tokenFileIsReReadWhenItChangesOrAges() async throws {
        let folder = try TempFolder()
        let path = try folder.write("token", "first\n")
        let clock = Mutex(ContinuousClock.now)
        let provider = TokenFileCredentialProvider(path: path, owner: "test", now: { clock.withLock { $0 } })
        #expect(try await provider.credentials().authorization == "Bearer first")
        try folder.write("token", "second-longer")
        #expect(try await provider.credentials().authorization == "Bearer second-longer", "a size change is noticed at once")
        // Same size and (possibly) same mtime second: only the refresh interval notices.
        try folder.write("token", "third-longer!")
        clock.withLock { $0 = $0.advanced(by: .seconds(61)) }
        #expect(try await provider.credentials().authorization == "Bearer third-longer!")
        // A vanished file keeps the last token rather than failing mid-rotation.
        try FileManager.default.removeItem(atPath: path)
        clock.withLock { $0 = $0.advanced(by: .seconds(61)) }
        #expect(try await provider.credentials().authorization == "Bearer third-longer!")
    }

    @Test func missingTokenFileIsExplained() async throws {
        let provider = TokenFileCredentialProvider(path: "/nonexistent/token", owner: "user entry \"u\" of context \"c\"")
        let error = await #expect(throws: CredentialError.self) { try await provider.credentials() }
        #expect(error?.message.hasPrefix("cannot read token file /nonexistent/token for user entry \"u\" of context \"c\"") == true)
    }

    @Test func execCredentialParsing() throws {
        let config = ExecPluginConfig(apiVersion: "client.authentication.k8s.io/v1", command: "x", interactiveMode: .never)
        let good = Data(#"{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t0k","expirationTimestamp":"2030-01-02T03:04:05.123Z"}}"#.utf8)
        let parsed = try ExecCredential.parse(good, config: config, plugin: "x")
        #expect(parsed.credentials.authorization == "Bearer t0k")
        #expect(parsed.expiry == ExecCredential.parseTimestamp("2030-01-02T03:04:05.123Z"))
        #expect(parsed.expiry != nil)
        let wrongVersion = Data(#"{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"t0k"}}"#.utf8)
        #expect(throws: CredentialError.self) { try ExecCredential.parse(wrongVersion, config: config, plugin: "x") }
        let certOnly = Data(#"{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"clientCertificateData":"C"}}"#.utf8)
        #expect(throws: CredentialError.self) { try ExecCredential.parse(certOnly, config: config, plugin: "x") }
    }

    @Test func errorDescriptionsAreOneLine() {
        let errors: [KubeClientError] = [
            .unauthorized(server: "https://h:6443", credentials: "user entry \"a\" of context \"b\"", message: "Unauthorized"),
            .resourceNotFound(server: "https://h", resource: "pods (metrics.k8s.io/v1beta1)", path: "/apis/x"),
            .listExpired(server: "https://h", resource: "pods"),
            .unavailable(server: "https://h", path: "/api/v1/pods", status: 503, attempts: 5, message: nil),
            .unreachable(server: "https://h", error: CurlTransportError(kind: .timeout, url: "https://h/api", reason: "Operation timed out", curlCode: 28), attempts: 3),
        ]
        for error in errors { #expect(!error.description.contains("\n")) }
        #expect(errors[3].description == "https://h/api/v1/pods answered 503 Service Unavailable after 5 attempts")
    }

    /// libcurl's and OpenSSL's ways of saying "this certificate does not verify" all read as "not trusted".
    @Test(arguments: [
        (60, "SSL certificate problem: unable to get local issuer certificate", TLSProblem.untrustedCertificate),
        (60, "SSL certificate problem: self-signed certificate in certificate chain", .untrustedCertificate),
        (60, "SSL: no alternative certificate subject name matches target host name '10.0.0.1'", .untrustedCertificate),
        (35, "error:0A000086:SSL routines::certificate verify failed", .untrustedCertificate),
        (35, "error:0680007B:asn1 encoding routines::header too long", .untrustedCertificate),
        (77, "error setting certificate file: /etc/kubecapwatch/ca.crt", .unusableCertificateAuthority),
        (35, "error importing CA certificate blob", .unusableCertificateAuthority),
        (58, "unable to set private key file: 'key.pem' type PEM", .clientCertificate),
    ] as [(Int, String, TLSProblem)])
    func tlsFailuresAreToldApart(code: Int, reason: String, problem: TLSProblem) {
        let transport = CurlTransportError(kind: .tls, url: "https://h:6443/api/v1/nodes", reason: reason, curlCode: code)
        #expect(transport.tlsProblem == problem)
        let text = KubeClientError.unreachable(server: "https://h:6443", error: transport, attempts: 1).description
        #expect(text.hasPrefix("https://h:6443: \(problem.rawValue) (\(reason)); check "))
        #expect(!text.contains("cannot reach"))
    }

    @Test func otherTLSFailuresStayGeneric() {
        let transport = CurlTransportError(kind: .tls, url: "https://h/x", reason: "SSL connect error: unexpected eof", curlCode: 35)
        #expect(transport.tlsProblem == nil)
        #expect(KubeClientError.unreachable(server: "https://h", error: transport, attempts: 1).description
            == "cannot reach the API server https://h: TLS failure (SSL connect error: unexpected eof)")
    }
}
