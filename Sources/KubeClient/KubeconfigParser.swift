import Foundation

/// Turns one kubeconfig file's text into a ``Kubeconfig``, naming file and line in every error.
///
/// Field names follow kubectl's (`certificate-authority-data`, `tokenFile`…); unknown fields are
/// ignored as kubectl ignores them, so configs written by newer tools still load.
struct KubeconfigParser {
    let file: String

    /// Parses `bytes`; an empty file is an empty configuration, as for kubectl.
    func parse(_ bytes: [UInt8]) throws(KubeconfigError) -> Kubeconfig {
        let root: YAMLNode?
        do {
            root = try YAMLParser.parse(bytes)
        } catch where error.isLimit {
            throw KubeconfigError(file: file, line: error.line > 0 ? error.line : nil,
                                  message: "refused: \(error.line > 0 ? "YAML at column \(error.column) is " : "the file is ")\(error.problem)")
        } catch {
            throw KubeconfigError(file: file, line: error.line,
                                  message: "YAML syntax error at column \(error.column): \(error.problem)")
        }
        guard let root, !root.isNull else { return Kubeconfig(files: [file]) }
        guard case .mapping = root.value else {
            throw KubeconfigError(file: file, line: root.line, message: "expected a kubeconfig mapping, found \(root.typeName)")
        }
        var config = Kubeconfig(files: [file])
        config.currentContext = try string(root, "current-context", in: "")
        config.clusters = try entries(root, "clusters", itemKey: "cluster", parse: cluster)
        config.users = try entries(root, "users", itemKey: "user", parse: user)
        config.contexts = try entries(root, "contexts", itemKey: "context", parse: context)
        return config
    }

    /// Reads a `- name: X / <itemKey>: {...}` list into a dictionary; a repeated name is an error,
    /// as it is for kubectl.
    private func entries<T>(_ root: YAMLNode, _ key: String, itemKey: String,
                            parse: (String, YAMLNode, KubeconfigOrigin) throws(KubeconfigError) -> T)
        throws(KubeconfigError) -> [String: T] {
        guard let list = root[key] else { return [:] }
        guard case let .sequence(items) = list.value else {
            throw KubeconfigError(file: file, line: list.line, message: "\(key): expected a list, found \(list.typeName)")
        }
        var result: [String: T] = [:]
        var lines: [String: Int] = [:]
        for item in items {
            guard case .mapping = item.value else {
                throw KubeconfigError(file: file, line: item.line, message: "\(key): each entry must be a mapping with name and \(itemKey)")
            }
            guard let name = try string(item, "name", in: key), !name.isEmpty else {
                throw KubeconfigError(file: file, line: item.line, message: "\(key): an entry has no name")
            }
            if let first = lines[name] {
                throw KubeconfigError(file: file, line: item.line, message: "\(key): duplicate name \"\(name)\" (first defined on line \(first))")
            }
            let body = item[itemKey] ?? YAMLNode(value: .mapping([]), line: item.line)
            guard case .mapping = body.value else {
                throw KubeconfigError(file: file, line: body.line, message: "\(key)[\(name)].\(itemKey): expected a mapping, found \(body.typeName)")
            }
            lines[name] = item.line
            result[name] = try parse(name, body, KubeconfigOrigin(file: file, line: item.line))
        }
        return result
    }

    private func cluster(_ name: String, _ node: YAMLNode, _ origin: KubeconfigOrigin) throws(KubeconfigError) -> KubeconfigCluster {
        let path = "clusters[\(name)]"
        return KubeconfigCluster(
            name: name, server: try string(node, "server", in: path),
            certificateAuthority: try string(node, "certificate-authority", in: path),
            certificateAuthorityData: try string(node, "certificate-authority-data", in: path),
            insecureSkipTLSVerify: try bool(node, "insecure-skip-tls-verify", in: path) ?? false,
            tlsServerName: try string(node, "tls-server-name", in: path),
            proxyURL: try string(node, "proxy-url", in: path), origin: origin)
    }

    private func user(_ name: String, _ node: YAMLNode, _ origin: KubeconfigOrigin) throws(KubeconfigError) -> KubeconfigUser {
        let path = "users[\(name)]"
        var user = KubeconfigUser(name: name, origin: origin)
        user.token = try string(node, "token", in: path)
        user.tokenFile = try string(node, "tokenFile", in: path)
        user.clientCertificate = try string(node, "client-certificate", in: path)
        user.clientCertificateData = try string(node, "client-certificate-data", in: path)
        user.clientKey = try string(node, "client-key", in: path)
        user.clientKeyData = try string(node, "client-key-data", in: path)
        user.username = try string(node, "username", in: path)
        user.password = try string(node, "password", in: path)
        user.impersonate = try string(node, "as", in: path)
        user.impersonateGroups = try strings(node, "as-groups", in: path)
        user.impersonateUID = try string(node, "as-uid", in: path)
        if let provider = node["auth-provider"] {
            user.authProvider = try string(provider, "name", in: "\(path).auth-provider") ?? "unnamed"
        }
        if let exec = node["exec"] { user.exec = try execConfig(exec, in: "\(path).exec") }
        return user
    }

    private func execConfig(_ node: YAMLNode, in path: String) throws(KubeconfigError) -> ExecPluginConfig {
        guard let apiVersion = try string(node, "apiVersion", in: path), !apiVersion.isEmpty else {
            throw KubeconfigError(file: file, line: node.line, message: "\(path).apiVersion is missing (use client.authentication.k8s.io/v1)")
        }
        guard ExecPluginConfig.supportedAPIVersions.contains(apiVersion) else {
            throw KubeconfigError(file: file, line: node["apiVersion"]?.line ?? node.line,
                                  message: "\(path).apiVersion \"\(apiVersion)\" is not supported; use client.authentication.k8s.io/v1 or v1beta1")
        }
        guard let command = try string(node, "command", in: path), !command.isEmpty else {
            throw KubeconfigError(file: file, line: node.line, message: "\(path).command is missing")
        }
        var env: [(name: String, value: String)] = []
        if let list = node["env"] {
            guard case let .sequence(items) = list.value else {
                throw KubeconfigError(file: file, line: list.line, message: "\(path).env: expected a list of name/value pairs")
            }
            for item in items {
                guard let name = try string(item, "name", in: "\(path).env"), !name.isEmpty else {
                    throw KubeconfigError(file: file, line: item.line, message: "\(path).env: an entry has no name")
                }
                env.append((name: name, value: try string(item, "value", in: "\(path).env[\(name)]") ?? ""))
            }
        }
        let modeText = try string(node, "interactiveMode", in: path)
        let mode: ExecPluginConfig.InteractiveMode
        if let modeText, !modeText.isEmpty {
            guard let parsed = ExecPluginConfig.InteractiveMode(rawValue: modeText) else {
                throw KubeconfigError(file: file, line: node["interactiveMode"]?.line ?? node.line,
                                      message: "\(path).interactiveMode \"\(modeText)\" must be Never, IfAvailable or Always")
            }
            mode = parsed
        } else if apiVersion.hasSuffix("/v1") {
            throw KubeconfigError(file: file, line: node.line, message: "\(path).interactiveMode is required for client.authentication.k8s.io/v1")
        } else {
            mode = .ifAvailable
        }
        return ExecPluginConfig(apiVersion: apiVersion, command: command, args: try strings(node, "args", in: path),
                                env: env, installHint: try string(node, "installHint", in: path),
                                provideClusterInfo: try bool(node, "provideClusterInfo", in: path) ?? false,
                                interactiveMode: mode)
    }

    private func context(_ name: String, _ node: YAMLNode, _ origin: KubeconfigOrigin) throws(KubeconfigError) -> KubeconfigContext {
        let path = "contexts[\(name)]"
        return KubeconfigContext(name: name, cluster: try string(node, "cluster", in: path),
                                 user: try string(node, "user", in: path),
                                 namespace: try string(node, "namespace", in: path), origin: origin)
    }

    // MARK: typed field access

    private func string(_ node: YAMLNode, _ key: String, in path: String) throws(KubeconfigError) -> String? {
        guard let value = node[key] else { return nil }
        guard case let .scalar(text, _) = value.value else {
            throw KubeconfigError(file: file, line: value.line, message: "\(qualified(path, key)): expected a string, found \(value.typeName)")
        }
        return text
    }

    private func bool(_ node: YAMLNode, _ key: String, in path: String) throws(KubeconfigError) -> Bool? {
        guard let value = node[key] else { return nil }
        // YAML 1.1 spellings, as the Go YAML library behind kubectl accepts them.
        if case let .scalar(text, plain) = value.value, plain {
            switch text.lowercased() {
            case "true", "yes", "on", "y": return true
            case "false", "no", "off", "n": return false
            default: break
            }
        }
        throw KubeconfigError(file: file, line: value.line, message: "\(qualified(path, key)): expected true or false")
    }

    private func strings(_ node: YAMLNode, _ key: String, in path: String) throws(KubeconfigError) -> [String] {
        guard let value = node[key] else { return [] }
        guard case let .sequence(items) = value.value else {
            throw KubeconfigError(file: file, line: value.line, message: "\(qualified(path, key)): expected a list of strings")
        }
        var result: [String] = []
        for item in items {
            guard case let .scalar(text, _) = item.value else {
                throw KubeconfigError(file: file, line: item.line, message: "\(qualified(path, key)): expected a list of strings")
            }
            result.append(text)
        }
        return result
    }

    private func qualified(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}
