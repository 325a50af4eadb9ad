import CCurl
import Foundation

/// Applies ``TLSOptions`` to an easy handle.
enum CurlTLSConfigurator {
    static func apply(_ tls: TLSOptions, to options: inout CurlOptionSetter) throws {
        try options.set(CURLOPT_SSL_VERIFYPEER, tls.insecureSkipVerify ? 0 : 1)
        try options.set(CURLOPT_SSL_VERIFYHOST, tls.insecureSkipVerify ? 0 : 2)
        switch tls.certificateAuthority {
        case .file(let path)?:
            // Only the given CAs, like client-go's RootCAs: the system directory would widen trust.
            try options.set(CURLOPT_CAINFO, path)
            try options.set(CURLOPT_CAPATH, pointer: nil)
        case .pem(let data)?:
            try options.set(CURLOPT_CAINFO_BLOB, blob: [UInt8](data))
            try options.set(CURLOPT_CAINFO, pointer: nil)
            try options.set(CURLOPT_CAPATH, pointer: nil)
        case nil:
            break
        }
        switch tls.clientCertificate {
        case .file(let path)?:
            try options.set(CURLOPT_SSLCERT, path)
            try options.set(CURLOPT_SSLCERTTYPE, "PEM")
        case .pem(let data)?:
            try options.set(CURLOPT_SSLCERT_BLOB, blob: [UInt8](data))
            try options.set(CURLOPT_SSLCERTTYPE, "PEM")
        case nil:
            break
        }
        switch tls.clientKey {
        case .file(let path)?:
            try options.set(CURLOPT_SSLKEY, path)
            try options.set(CURLOPT_SSLKEYTYPE, "PEM")
        case .pem(let data)?:
            try options.set(CURLOPT_SSLKEY_BLOB, blob: [UInt8](data))
            try options.set(CURLOPT_SSLKEYTYPE, "PEM")
        case nil:
            break
        }
    }
}
