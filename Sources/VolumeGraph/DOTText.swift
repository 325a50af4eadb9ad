/// Escaping for Graphviz DOT, so any object name is safe as an ID or inside a label.
///
/// Everything is written as a double-quoted string: there, `\"` is a quote and `\\` stays a
/// pair that the label pass turns into one backslash, so a name can neither end the string
/// nor smuggle in a label escape such as `\N` or `\l`.
enum DOTText {
    /// A quoted DOT string holding `text` literally.
    static func quoted(_ text: String) -> String {
        "\"" + escaped(text) + "\""
    }

    /// A quoted label of several lines, centred (`\n`) or left-aligned (`\l`).
    static func label(_ lines: [String], leftAligned: Bool = false) -> String {
        let end = leftAligned ? "\\l" : "\\n"
        let body = lines.map(escaped).joined(separator: end)
        return "\"" + body + (leftAligned ? end : "") + "\""
    }

    private static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n", "\r", "\t": out += " "
            default:
                // Other control characters mean nothing in a name and upset some Graphviz outputs.
                if scalar.value < 0x20 || scalar.value == 0x7f { out += " " } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// Text for a Graphviz HTML-like label cell.
    static func html(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A DOT identifier for a graph node: its kind, namespace and name, `/`-separated, each part
    /// percent-escaped so `a/b` in namespace `x` and `b` in namespace `x/a` stay apart.
    static func nodeID(_ id: GraphNodeID) -> String {
        let parts = [id.kind.rawValue, id.namespace ?? "", id.name].map {
            $0.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "/", with: "%2F")
        }
        return quoted(parts.joined(separator: "/"))
    }
}
