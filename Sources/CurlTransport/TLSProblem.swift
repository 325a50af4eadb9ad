import CCurl

/// What a TLS failure means for the person who has to fix it, told apart by libcurl's code and the
/// OpenSSL text behind it.
///
/// libcurl reports a certificate the CA does not vouch for in several ways: `CURLE_PEER_FAILED_VERIFICATION`
/// ("SSL certificate problem: unable to get local issuer certificate", "self-signed certificate in
/// certificate chain", a name mismatch), or, depending on the OpenSSL version and on where the check
/// failed, `CURLE_SSL_CONNECT_ERROR` carrying "certificate verify failed" or an `asn1` error from
/// a signature that does not match a CA of the same name. A CA that cannot even be loaded is
/// `CURLE_SSL_CACERT_BADFILE` (or the blob import message). All of these need the same fix — the
/// right certificate authority — so they read the same way, never as "cannot reach".
public enum TLSProblem: String, Sendable, Equatable {
    /// The server's certificate does not verify against the configured certificate authority.
    case untrustedCertificate = "the server's certificate is not trusted"
    /// The configured certificate authority could not be read or parsed.
    case unusableCertificateAuthority = "the certificate authority cannot be loaded"
    /// The client certificate or key could not be loaded, or the server refused it.
    case clientCertificate = "the client certificate or key was refused or cannot be loaded"

    /// The problem behind `code` and libcurl's `reason`, or nil when it is not one of these.
    static func classify(code: Int, reason: String) -> TLSProblem? {
        let text = reason.lowercased()
        switch code {
        case Int(CURLE_PEER_FAILED_VERIFICATION.rawValue), Int(CURLE_SSL_ISSUER_ERROR.rawValue):
            return .untrustedCertificate
        case Int(CURLE_SSL_CACERT_BADFILE.rawValue):
            return .unusableCertificateAuthority
        case Int(CURLE_SSL_CERTPROBLEM.rawValue), Int(CURLE_SSL_CLIENTCERT.rawValue):
            return .clientCertificate
        default:
            break
        }
        if text.contains("ca certificate blob") || text.contains("error setting certificate verify locations") {
            return .unusableCertificateAuthority
        }
        if text.contains("certificate verify failed") || text.contains("ssl certificate problem")
            || (code == Int(CURLE_SSL_CONNECT_ERROR.rawValue) && text.contains("asn1")) {
            return .untrustedCertificate
        }
        return nil
    }
}
