import ArgumentParser
import Foundation
import WatcherConfig

/// `--config PATH`, shared by every command.
struct ConfigOptions: ParsableArguments {
    static let defaultPath = "/etc/kubecapwatch/config.ini"

    @Option(name: .long, help: ArgumentHelp("Configuration file.", valueName: "path"))
    var config: String?

    /// Loads the configuration, printing warnings and notes; exits 78 on a configuration error.
    ///
    /// Without `--config`, a missing default file means "all defaults" for the one-off commands that allow it.
    func load(requireFile: Bool) throws -> Configuration {
        let path = config ?? Self.defaultPath
        let useDefaults = config == nil && !requireFile && !FileManager.default.fileExists(atPath: path)
        do {
            let loader = ConfigurationLoader()
            let loaded = useDefaults ? try loader.load(text: "", file: "(defaults)") : try loader.load(path: path)
            for warning in loaded.warnings { Terminal.standardError("warning: \(warning)") }
            for note in loaded.notes { Terminal.standardError("note: \(note)") }
            return loaded.configuration
        } catch {
            for issue in error.issues { Terminal.standardError(issue.description) }
            throw ExitCode(78)
        }
    }
}
