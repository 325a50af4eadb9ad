import ArgumentParser
import Foundation
import WatcherConfig

/// `--config PATH`, shared by every command.
struct ConfigOptions: ParsableArguments {
    static let defaultPath = "/etc/kubecapwatch/config.ini"

    @Option(name: .long, help: ArgumentHelp("Configuration file.", valueName: "path"))
    var config: String?

    /// Whether there is a file to read: `--config` was given or the default file exists. Without one, the one-off
    /// commands run with defaults (and `scan` shows node rows only, as kube-capacity does).
    var readsFile: Bool {
        config != nil || FileManager.default.fileExists(atPath: Self.defaultPath)
    }

    /// Loads the configuration, printing warnings and notes; exits 78 on a configuration error.
    ///
    /// Without `--config`, a missing default file means "all defaults" for the one-off commands that allow it.
    func load(requireFile: Bool) throws -> Configuration {
        let path = config ?? Self.defaultPath
        let useDefaults = !requireFile && !readsFile
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
