import CurlTransport
import Foundation

/// Picks a context out of a loaded ``Kubeconfig`` and turns it into a ``KubeClientConfiguration``,
/// checking what kubectl checks and naming the entry and field at fault.
struct KubeconfigResolver {
    let kubeconfig: Kubeconfig
    let environment: [String: String]
    /// How long an exec credential plugin may run.
    var execTimeout: Duration = ExecCredentialProvider.defaultTimeout

    func resolve(context requested: String?) throws(KubeconfigError) -> KubeClientConfiguration {
        let filesText = kubeconfig.files.joined(separator: ", ")
        guard let contextName = (requested?.isEmpty == false ? requested : kubeconfig.currentContext), !contextName.isEmpty else {
            throw KubeconfigError(message: "no current-context is set in \(filesText); pass --context or run `kubectl config use-context NAME`")
        }
        guard let context = kubeconfig.contexts[contextName] else {
            throw KubeconfigError(message: "context \"\(contextName)\" not found in \(filesText) (known contexts: \(known(kubeconfig.contexts.keys)))")
        }
        guard let clusterName = context.cluster, !clusterName.isEmpty else {
            throw KubeconfigError(file: context.origin.file, line: context.origin.line, message: "context \"\(contextName)\" names no cluster")
        }
        guard let cluster = kubeconfig.clusters[clusterName] else {
            throw KubeconfigError(file: context.origin.file, line: context.origin.line,
                                  message: "cluster \"\(clusterName)\" of context \"\(contextName)\" not found (known clusters: \(known(kubeconfig.clusters.keys)))")
        }
        var user: KubeconfigUser?
        if let userName = context.user, !userName.isEmpty {
            guard let found = kubeconfig.users[userName] else {
                throw KubeconfigError(file: context.origin.file, line: context.origin.line,
                                      message: "user \"\(userName)\" of context \"\(contextName)\" not found (known users: \(known(kubeconfig.users.keys)))")
            }
            user = found
        }
        let identity = ClientIdentity(context: contextName, user: user?.name, cluster: clusterName,
                                      source: "kubeconfig \(filesText)")
        var tls = try clusterTLS(cluster)
        let base = try staticCredentials(user, tls: &tls)
        let credentials = try credentialProvider(user, base: base, cluster: cluster, identity: identity)
        return KubeClientConfiguration(
            server: try server(cluster), tls: tls, proxy: try proxy(cluster), credentials: credentials,
            identity: identity, namespace: context.namespace?.isEmpty == false ? context.namespace : nil)
    }

    private func known<S: Sequence<String>>(_ names: S) -> String {
        let sorted = names.sorted()
        return sorted.isEmpty ? "none" : sorted.joined(separator: ", ")
    }

    // MARK: cluster

    private func server(_ cluster: KubeconfigCluster) throws(KubeconfigError) -> String {
        guard let server = cluster.server?.trimmingCharacters(in: .whitespaces), !server.isEmpty else {
            throw error(cluster.origin, "clusters[\(cluster.name)].server is not set")
        }
        guard let components = URLComponents(string: server), let scheme = components.scheme?.lowercased(),
              ["https", "http"].contains(scheme), components.host?.isEmpty == false else {
            throw error(cluster.origin, "clusters[\(cluster.name)].server \"\(RedactedURL.string(server))\" is not an http(s) URL")
        }
        return server.hasSuffix("/") ? String(server.dropLast()) : server
    }

    private func proxy(_ cluster: KubeconfigCluster) throws(KubeconfigError) -> String? {
        guard let proxy = cluster.proxyURL, !proxy.isEmpty else { return nil }
        let scheme = URLComponents(string: proxy)?.scheme?.lowercased()
        guard let scheme, ["http", "https", "socks5"].contains(scheme) else {
            throw error(cluster.origin, "clusters[\(cluster.name)].proxy-url must be an http, https or socks5 URL")
        }
        return proxy
    }

    private func clusterTLS(_ cluster: KubeconfigCluster) throws(KubeconfigError) -> TLSOptions {
        var tls = TLSOptions(insecureSkipVerify: cluster.insecureSkipTLSVerify,
                             serverName: cluster.tlsServerName?.isEmpty == false ? cluster.tlsServerName : nil)
        let field = "clusters[\(cluster.name)]"
        let data = cluster.certificateAuthorityData.flatMap { $0.isEmpty ? nil : $0 }
        let file = cluster.certificateAuthority.flatMap { $0.isEmpty ? nil : $0 }
        if cluster.insecureSkipTLSVerify && (data != nil || file != nil) {
            throw error(cluster.origin, "\(field): insecure-skip-tls-verify cannot be combined with a certificate authority (kubectl refuses it too); remove one")
        }
        // As in client-go, the inline data wins over the file.
        if let data {
            tls.certificateAuthority = .pem(try decodeBase64(data, field: "\(field).certificate-authority-data", origin: cluster.origin))
        } else if let file {
            tls.certificateAuthority = .file(try readableFile(file, field: "\(field).certificate-authority", origin: cluster.origin))
        }
        return tls
    }

    // MARK: user

    /// Client certificate into `tls`, impersonation into headers, basic auth or a static token.
    private func staticCredentials(_ user: KubeconfigUser?, tls: inout TLSOptions) throws(KubeconfigError) -> RequestCredentials {
        guard let user else { return .anonymous }
        let field = "users[\(user.name)]"
        if let provider = user.authProvider {
            throw error(user.origin, "\(field) uses auth-provider \"\(provider)\", which kubecapwatch does not support; switch the user to an exec plugin (for example gke-gcloud-auth-plugin or kubelogin)")
        }
        var methods: [String] = []
        if user.token?.isEmpty == false || user.tokenFile?.isEmpty == false { methods.append("token") }
        if user.username?.isEmpty == false || user.password?.isEmpty == false { methods.append("basic auth") }
        if user.exec != nil { methods.append("exec") }
        if methods.count > 1 {
            throw error(user.origin, "\(field) has more than one authentication method (\(methods.joined(separator: ", "))); keep only one")
        }
        var credentials = RequestCredentials()
        let certificate = try pem(data: user.clientCertificateData, file: user.clientCertificate,
                                  field: "\(field).client-certificate", origin: user.origin)
        let key = try pem(data: user.clientKeyData, file: user.clientKey, field: "\(field).client-key", origin: user.origin)
        switch (certificate, key) {
        case (nil, nil): break
        case (_?, nil): throw error(user.origin, "\(field) has a client certificate but no client-key or client-key-data")
        case (nil, _?): throw error(user.origin, "\(field) has a client key but no client-certificate or client-certificate-data")
        case let (certificate?, key?):
            credentials.clientCertificate = certificate
            credentials.clientKey = key
        }
        if let username = user.username, !username.isEmpty || user.password?.isEmpty == false {
            let pair = Data("\(username):\(user.password ?? "")".utf8).base64EncodedString()
            credentials.authorization = "Basic \(pair)"
        }
        if let token = user.token, !token.isEmpty { credentials.authorization = "Bearer \(token)" }
        if let name = user.impersonate, !name.isEmpty { credentials.extraHeaders.add("Impersonate-User", name) }
        for group in user.impersonateGroups { credentials.extraHeaders.add("Impersonate-Group", group) }
        if let uid = user.impersonateUID, !uid.isEmpty { credentials.extraHeaders.add("Impersonate-Uid", uid) }
        return credentials
    }

    private func credentialProvider(_ user: KubeconfigUser?, base: RequestCredentials, cluster: KubeconfigCluster,
                                    identity: ClientIdentity) throws(KubeconfigError) -> any CredentialProvider {
        guard let user else { return StaticCredentialProvider(base) }
        let owner = identity.credentialsDescription
        // Like kubectl, an inline token takes precedence over tokenFile.
        if user.token?.isEmpty != false, let tokenFile = user.tokenFile, !tokenFile.isEmpty {
            let path = try readableFile(tokenFile, field: "users[\(user.name)].tokenFile", origin: user.origin)
            return TokenFileCredentialProvider(path: path, owner: owner, base: base)
        }
        if var exec = user.exec {
            if exec.command.contains("/") { exec.command = resolvePath(exec.command, origin: user.origin) }
            return ExecCredentialProvider(config: exec, owner: owner, base: base, environment: environment,
                                          clusterInfo: clusterInfo(cluster), timeout: execTimeout)
        }
        return StaticCredentialProvider(base)
    }

    /// `spec.cluster` for `KUBERNETES_EXEC_INFO`, in the ExecCredential field names.
    private func clusterInfo(_ cluster: KubeconfigCluster) -> [String: String] {
        var info: [String: String] = ["server": cluster.server ?? ""]
        if let name = cluster.tlsServerName { info["tls-server-name"] = name }
        if cluster.insecureSkipTLSVerify { info["insecure-skip-tls-verify"] = "true" }
        if let data = cluster.certificateAuthorityData { info["certificate-authority-data"] = data }
        if let proxy = cluster.proxyURL { info["proxy-url"] = proxy }
        return info
    }

    // MARK: files and data

    private func pem(data: String?, file: String?, field: String, origin: KubeconfigOrigin) throws(KubeconfigError) -> PEMSource? {
        if let data, !data.isEmpty { return .pem(try decodeBase64(data, field: "\(field)-data", origin: origin)) }
        if let file, !file.isEmpty { return .file(try readableFile(file, field: field, origin: origin)) }
        return nil
    }

    /// Base64 as Go's decoder reads it: line breaks are ignored, anything else invalid is an error.
    private func decodeBase64(_ text: String, field: String, origin: KubeconfigOrigin) throws(KubeconfigError) -> Data {
        let compact = text.filter { !$0.isWhitespace }
        guard let data = Data(base64Encoded: compact), !data.isEmpty else {
            throw error(origin, "\(field) is not valid base64")
        }
        return data
    }

    /// The absolute path of a file named in the kubeconfig, checked to be readable now so the
    /// error names the field rather than surfacing later as a TLS failure.
    private func readableFile(_ path: String, field: String, origin: KubeconfigOrigin) throws(KubeconfigError) -> String {
        let resolved = resolvePath(path, origin: origin)
        guard FileManager.default.isReadableFile(atPath: resolved) else {
            let reason = FileManager.default.fileExists(atPath: resolved) ? "is not readable" : "does not exist"
            throw error(origin, "\(field): file \(resolved) \(reason)")
        }
        return resolved
    }

    /// Relative paths are relative to the folder of the file that defined the entry.
    private func resolvePath(_ path: String, origin: KubeconfigOrigin) -> String {
        if path.hasPrefix("/") { return path }
        let folder = (origin.file as NSString).deletingLastPathComponent
        return ((folder as NSString).appendingPathComponent(path) as NSString).standardizingPath
    }

    private func error(_ origin: KubeconfigOrigin, _ message: String) -> KubeconfigError {
        KubeconfigError(file: origin.file, line: origin.line, message: message)
    }
}
