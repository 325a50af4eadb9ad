import Foundation

/// Where a PEM document comes from: a file libcurl reads itself, or bytes already in memory.
///
/// In-memory PEM is what kubeconfig `*-data` fields and in-cluster secrets give; it needs the
/// OpenSSL flavour of libcurl (GnuTLS ignores the `*_BLOB` options).
public enum PEMSource: Sendable, Equatable {
    /// A path to a PEM file.
    case file(String)
    /// PEM bytes in memory.
    case pem(Data)
}

/// TLS settings of a session.
public struct TLSOptions: Sendable, Equatable {
    /// Certificate authorities to trust instead of the system store; nil uses the system store.
    public var certificateAuthority: PEMSource?
    /// Client certificate (PEM) for mutual TLS.
    public var clientCertificate: PEMSource?
    /// Private key (PEM, unencrypted) matching ``clientCertificate``.
    public var clientKey: PEMSource?
    /// Skips verification of the server certificate and its name: for test clusters only.
    public var insecureSkipVerify: Bool
    /// The name the server certificate is checked against and sent as SNI, when it differs from
    /// the URL's host (kubeconfig `tls-server-name`). See ``CurlSession`` for how this is done.
    public var serverName: String?

    /// Verification on, system CAs, no client certificate.
    public init(certificateAuthority: PEMSource? = nil, clientCertificate: PEMSource? = nil,
                clientKey: PEMSource? = nil, insecureSkipVerify: Bool = false, serverName: String? = nil) {
        self.certificateAuthority = certificateAuthority
        self.clientCertificate = clientCertificate
        self.clientKey = clientKey
        self.insecureSkipVerify = insecureSkipVerify
        self.serverName = serverName
    }
}
