import Foundation
@testable import WatcherConfig

/// A temporary folder holding config files for one test.
struct ConfigFixture {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kcw-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// Writes `contents` to `name` (mode 600 unless told otherwise) and returns its path.
    @discardableResult
    func write(_ name: String, _ contents: String, mode: Int = 0o600) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(contents.utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
        return url.path
    }

    func load(_ contents: String, environment: [String: String] = [:], mode: Int = 0o600) throws -> ConfigurationLoader.Loaded {
        let path = try write("config.ini", contents, mode: mode)
        return try ConfigurationLoader(environment: environment).load(path: path)
    }

    /// Loads `contents`, failing with the configuration error itself.
    func loadTyped(_ contents: String) throws(ConfigurationError) -> ConfigurationLoader.Loaded {
        let path = (try? write("config.ini", contents)) ?? ""
        return try ConfigurationLoader(environment: [:]).load(path: path)
    }

    /// The issues a load reports, or an empty list when it succeeds.
    func issues(_ contents: String, environment: [String: String] = [:]) throws -> [ConfigIssue] {
        do {
            _ = try load(contents, environment: environment)
            return []
        } catch let error as ConfigurationError {
            return error.issues
        }
    }
}
