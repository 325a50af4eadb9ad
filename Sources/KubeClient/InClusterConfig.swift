import CurlTransport
import Foundation

/// The service-account credentials a pod gets: token, CA and namespace under
/// `/var/run/secrets/kubernetes.io/serviceaccount`, and the API server's address in
/// `KUBERNETES_SERVICE_HOST`/`KUBERNETES_SERVICE_PORT`.
public struct InClusterConfig: Sendable {
    /// Stands in for `/` (tests point it at a temporary folder).
    public var root: String
    public var environment: [String: String]

    public init(root: String = "/", environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.root = root
        self.environment = environment
    }

    /// The service-account folder under ``root``.
    public var serviceAccountFolder: String {
        ((root as NSString).appendingPathComponent("var/run/secrets/kubernetes.io/serviceaccount") as NSString).standardizingPath
    }

    private var host: String? { environment["KUBERNETES_SERVICE_HOST"].flatMap { $0.isEmpty ? nil : $0 } }
    private var port: String? { environment["KUBERNETES_SERVICE_PORT"].flatMap { $0.isEmpty ? nil : $0 } }

    /// True when both environment variables are set, as client-go decides.
    public var isAvailable: Bool { host != nil && port != nil }

    /// The configuration, with a token re-read as the kubelet rotates it.
    public func configuration() throws(KubeconfigError) -> KubeClientConfiguration {
        guard let host, let port else {
            throw KubeconfigError(message: "not running inside a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must both be set")
        }
        let folder = serviceAccountFolder
        let tokenPath = (folder as NSString).appendingPathComponent("token")
        guard FileManager.default.isReadableFile(atPath: tokenPath) else {
            throw KubeconfigError(file: tokenPath, message: "service-account token is missing or unreadable; is automountServiceAccountToken disabled for this pod?")
        }
        let caPath = (folder as NSString).appendingPathComponent("ca.crt")
        guard FileManager.default.isReadableFile(atPath: caPath) else {
            throw KubeconfigError(file: caPath, message: "service-account CA certificate is missing or unreadable")
        }
        let namespacePath = (folder as NSString).appendingPathComponent("namespace")
        let namespace = (try? String(contentsOfFile: namespacePath, encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        // An IPv6 address needs brackets in a URL.
        let hostPart = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        let identity = ClientIdentity(source: "in-cluster service account (\(tokenPath))")
        return KubeClientConfiguration(
            server: "https://\(hostPart):\(port)", tls: TLSOptions(certificateAuthority: .file(caPath)),
            credentials: TokenFileCredentialProvider(path: tokenPath, owner: "the in-cluster service account"),
            identity: identity, namespace: namespace?.isEmpty == false ? namespace : nil)
    }
}
