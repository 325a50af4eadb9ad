import Foundation

/// The `ExecCredential` an exec plugin prints on stdout.
struct ExecCredential: Decodable {
    struct Status: Decodable {
        var token: String?
        var clientCertificateData: String?
        var clientKeyData: String?
        var expirationTimestamp: String?
    }

    var apiVersion: String?
    var kind: String?
    var status: Status?

    /// Parses the plugin's output for `config`; errors never quote the output (it holds the token).
    static func parse(_ data: Data, config: ExecPluginConfig, plugin: String) throws(CredentialError)
        -> (credentials: RequestCredentials, expiry: Date?) {
        let credential: ExecCredential
        do {
            credential = try JSONDecoder().decode(ExecCredential.self, from: data)
        } catch {
            throw CredentialError("exec plugin \(plugin) did not print an ExecCredential as JSON (\(error.localizedDescription.prefix(120)))")
        }
        guard credential.kind == "ExecCredential" else {
            throw CredentialError("exec plugin \(plugin) printed kind \"\(credential.kind ?? "")\", expected ExecCredential")
        }
        guard credential.apiVersion == config.apiVersion else {
            throw CredentialError("exec plugin \(plugin) printed apiVersion \"\(credential.apiVersion ?? "")\", but the kubeconfig asks for \(config.apiVersion)")
        }
        guard let status = credential.status else {
            throw CredentialError("exec plugin \(plugin) printed an ExecCredential without status")
        }
        var result = RequestCredentials()
        if let token = status.token, !token.isEmpty { result.authorization = "Bearer \(token)" }
        switch (status.clientCertificateData, status.clientKeyData) {
        case let (cert?, key?) where !cert.isEmpty && !key.isEmpty:
            result.clientCertificate = .pem(Data(cert.utf8))
            result.clientKey = .pem(Data(key.utf8))
        case (nil, nil):
            break
        default:
            throw CredentialError("exec plugin \(plugin) printed only one of clientCertificateData and clientKeyData; both are needed")
        }
        guard result.authorization != nil || result.clientCertificate != nil else {
            throw CredentialError("exec plugin \(plugin) printed an ExecCredential with neither a token nor a client certificate")
        }
        var expiry: Date?
        if let text = status.expirationTimestamp, !text.isEmpty {
            guard let date = parseTimestamp(text) else {
                throw CredentialError("exec plugin \(plugin) printed an invalid expirationTimestamp \"\(text)\" (expected RFC 3339)")
            }
            expiry = date
        }
        return (result, expiry)
    }

    static func parseTimestamp(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}
