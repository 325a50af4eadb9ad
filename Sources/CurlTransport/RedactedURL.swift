import Foundation

/// URLs as they may appear in errors and logs: scheme, host, port and path only.
///
/// Query strings carry tokens (Slack webhooks, signed URLs) and userinfo carries passwords, so
/// both are dropped; a webhook path is still a secret, so callers may shorten further.
public enum RedactedURL {
    /// `scheme://host:port/path` of `url`, or a placeholder when it does not parse.
    public static func string(_ url: String) -> String {
        guard let components = URLComponents(string: url), let scheme = components.scheme,
              let host = components.host else {
            return "<unparseable URL>"
        }
        var result = "\(scheme)://"
        result += host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        if let port = components.port { result += ":\(port)" }
        result += components.percentEncodedPath
        return result
    }

    /// `text` with every occurrence of `url`'s query and userinfo replaced, for libcurl messages.
    static func scrub(_ text: String, of url: String) -> String {
        guard let components = URLComponents(string: url) else { return text }
        var scrubbed = text
        for secret in [components.percentEncodedQuery, components.percentEncodedPassword,
                       components.percentEncodedUser, components.password, components.user] {
            if let secret, secret.count >= 3 {
                scrubbed = scrubbed.replacingOccurrences(of: secret, with: "<redacted>")
            }
        }
        return scrubbed
    }
}
