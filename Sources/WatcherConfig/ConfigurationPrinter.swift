/// Prints the effective configuration as INI: every key with its value, defaults marked, secrets redacted.
public enum ConfigurationPrinter {
    public static func render(_ configuration: Configuration) -> String {
        var lines = ["; effective configuration of \(configuration.file)", "; \"; default\" marks values not set in the file"]
        for section in configuration.effective {
            lines.append("")
            lines.append("[\(section.header)]")
            for value in section.values {
                let shown = value.display.replacingOccurrences(of: "\n", with: ", ")
                lines.append("\(value.key) = \(shown)" + (value.isDefault ? " ; default" : ""))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
