import Foundation

/// The MIME encodings a message we build needs: quoted-printable bodies, RFC 2047 header words,
/// folded header lines. Output lines end in CRLF and stay within RFC 5322's 78 characters.
enum MIMEEncoding {
    /// Quoted-printable (RFC 2045 6.7) of UTF-8 `text`; its line breaks become CRLF and no encoded
    /// line exceeds 76 characters.
    static func quotedPrintable(_ text: String) -> String {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
        return lines.map { quotedPrintableLine(Array($0.utf8)) }.joined(separator: "\r\n")
    }

    private static func quotedPrintableLine(_ bytes: [UInt8]) -> String {
        var output = ""
        var lineLength = 0
        for (index, byte) in bytes.enumerated() {
            let isLast = index == bytes.count - 1
            // Trailing whitespace is encoded because transports may strip it; a leading dot because
            // some relays mangle it.
            let literal = (byte >= 33 && byte <= 126 && byte != 61 && !(byte == 46 && lineLength == 0))
                || ((byte == 32 || byte == 9) && !isLast)
            let piece = literal ? String(UnicodeScalar(byte)) : String(format: "=%02X", byte)
            if lineLength + piece.count > (isLast ? 76 : 75) {
                output += "=\r\n"
                lineLength = 0
            }
            output += piece
            lineLength += piece.count
        }
        return output
    }

    /// A header value safe for one header: control characters (CR, LF…) become spaces, ASCII text is
    /// folded at spaces, non-ASCII text becomes RFC 2047 `=?UTF-8?B?…?=` words. `nameLength` is the
    /// length of `Name: ` before the value on the first line.
    static func headerValue(_ raw: String, nameLength: Int) -> String {
        let clean = raw.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : String($0) }.joined()
        if clean.unicodeScalars.allSatisfy({ $0.isASCII }) && !clean.contains("=?") {
            return fold(clean, nameLength: nameLength)
        }
        return encodedWords(clean, nameLength: nameLength)
    }

    /// Folds ASCII text at spaces so each line stays within 78 characters where the words allow.
    static func fold(_ text: String, nameLength: Int) -> String {
        var lines: [String] = []
        var current = ""
        var limit = 78 - nameLength
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if candidate.count > limit && !current.isEmpty {
                lines.append(current)
                current = String(word)
                limit = 77
            } else {
                current = candidate
            }
        }
        lines.append(current)
        return lines.joined(separator: "\r\n ")
    }

    /// RFC 2047 base64 words of at most 75 characters, never splitting a UTF-8 sequence, one per line.
    static func encodedWords(_ text: String, nameLength: Int) -> String {
        let maxPayload = 45 // 45 bytes → 60 base64 characters; with `=?UTF-8?B?` and `?=`, 72 ≤ 75.
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > maxPayload && !chunk.isEmpty {
                words.append(word(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(word(chunk)) }
        return words.joined(separator: "\r\n ")
    }

    private static func word(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?\(Data(bytes).base64EncodedString())?="
    }

    /// `Name <addr>` with the display name quoted or encoded as needed, or the bare address.
    static func mailbox(_ address: EmailAddress) -> String {
        guard let name = address.displayName else { return address.address }
        let clean = name.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : String($0) }.joined()
        if clean.unicodeScalars.allSatisfy({ $0.isASCII }) {
            let escaped = clean.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(escaped)\" <\(address.address)>"
        }
        return "\(encodedWords(clean, nameLength: 0).replacingOccurrences(of: "\r\n ", with: " ")) <\(address.address)>"
    }

    /// `&`, `<`, `>`, `"` and `'` escaped for HTML text and attribute values.
    static func htmlEscape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default: output.append(character)
            }
        }
        return output
    }
}
