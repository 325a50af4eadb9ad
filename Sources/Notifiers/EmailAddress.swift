/// A mailbox from the configuration: `alerts@example.com` or `Kube Alerts <alerts@example.com>`.
///
/// Parsed and checked once, at configuration time, so nothing that reaches an SMTP command or a
/// header can carry CR, LF or other control characters.
public struct EmailAddress: Sendable, Equatable, CustomStringConvertible {
    /// The bare address, `alerts@example.com`.
    public let address: String
    /// The display name, if one was given.
    public let displayName: String?

    /// Parses `text`; nil when it is not a plain, single mailbox.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return nil }
        var name: String?
        var address = trimmed
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            let rawName = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            let unquoted = rawName.count >= 2 && rawName.hasPrefix("\"") && rawName.hasSuffix("\"")
                ? String(rawName.dropFirst().dropLast()) : rawName
            name = unquoted.isEmpty ? nil : unquoted
        }
        guard EmailAddress.isPlainAddress(address) else { return nil }
        self.address = address
        self.displayName = name
    }

    /// The part after `@`, used for `Message-ID`.
    public var domain: String { String(address[address.index(after: address.lastIndex(of: "@")!)...]) }

    /// The mailbox as given (for messages about it; never a secret).
    public var description: String {
        displayName.map { "\($0) <\(address)>" } ?? address
    }

    /// local@domain with printable ASCII only, no spaces, quotes, brackets or commas: the subset every
    /// server accepts and that cannot break an SMTP command or a header.
    private static func isPlainAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, text.utf8.count <= 254 else { return false }
        let forbidden = Set<UInt8>(Array(" \"(),:;<>[]\\".utf8))
        return text.utf8.allSatisfy { $0 > 32 && $0 < 127 && !forbidden.contains($0) }
    }
}

import Foundation
