/// Escaping and identifiers for Mermaid flowcharts.
enum MermaidText {
    /// A double-quoted Mermaid label. Characters Mermaid or its HTML labels would interpret
    /// become entity codes (`#34;` for `"`), so no name can close the label, start markdown
    /// or inject markup; lines are joined with `<br/>`.
    static func label(_ lines: [String]) -> String {
        "\"" + lines.map(escaped).joined(separator: "<br/>") + "\""
    }

    static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "#34;"
            case "#": out += "#35;"
            case "&": out += "#38;"
            case "<": out += "#60;"
            case ">": out += "#62;"
            case "`": out += "#96;"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f { out += " " } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// Mermaid identifiers must be plain words: every other character becomes `_`, and a
    /// number is appended when two objects sanitise to the same word.
    struct IdentifierTable {
        private var used: Set<String> = []

        mutating func make(_ parts: [String]) -> String {
            let base = parts.joined(separator: "_").unicodeScalars.map { scalar in
                scalar.isASCII && (CharacterSetASCII.isAlphanumeric(scalar) || scalar == "_") ? String(scalar) : "_"
            }.joined()
            var candidate = base
            var counter = 2
            while !used.insert(candidate).inserted {
                candidate = "\(base)_\(counter)"
                counter += 1
            }
            return candidate
        }
    }
}

/// ASCII letter and digit test without Foundation's CharacterSet.
enum CharacterSetASCII {
    static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
