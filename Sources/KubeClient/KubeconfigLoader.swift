import Foundation

/// Finds and reads kubeconfig files with kubectl's loading rules.
///
/// 1. An explicit path (`--kubeconfig`) is the only file read, and it must exist.
/// 2. Otherwise every file named in `KUBECONFIG` (joined by `:`) that exists is read and merged
///    (see ``Kubeconfig/merging(_:)``); missing ones are skipped, unreadable ones are errors.
/// 3. Otherwise `~/.kube/config`, when it exists.
public struct KubeconfigLoader: Sendable {
    /// The environment to read `KUBECONFIG` and `HOME` from.
    public var environment: [String: String]
    /// Overrides the home folder (tests); by default `HOME`, else the user's home.
    public var homeDirectory: String?
    /// Folder relative `KUBECONFIG` entries are taken from; by default the process's.
    public var currentDirectory: String

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, homeDirectory: String? = nil,
                currentDirectory: String = FileManager.default.currentDirectoryPath) {
        self.environment = environment
        self.homeDirectory = homeDirectory
        self.currentDirectory = currentDirectory
    }

    /// The files considered, in precedence order, before checking which exist.
    public func candidateFiles(explicitPath: String?) -> [String] {
        if let explicitPath, !explicitPath.isEmpty { return [absolute(explicitPath)] }
        if let list = environment["KUBECONFIG"], !list.isEmpty {
            var seen = Set<String>()
            return list.split(separator: ":").map { absolute(String($0)) }.filter { seen.insert($0).inserted }
        }
        let home = homeDirectory ?? environment["HOME"] ?? NSHomeDirectory()
        return [(home as NSString).appendingPathComponent(".kube/config")]
    }

    /// Reads and merges the kubeconfig files; nil when none exists (and none was named explicitly),
    /// so the caller may fall back to in-cluster credentials.
    public func load(explicitPath: String? = nil) throws(KubeconfigError) -> Kubeconfig? {
        let files = candidateFiles(explicitPath: explicitPath)
        let explicit = explicitPath.map { !$0.isEmpty } ?? false
        var merged: Kubeconfig?
        for file in files {
            guard FileManager.default.fileExists(atPath: file) else {
                if explicit { throw KubeconfigError(file: file, message: "kubeconfig file does not exist") }
                continue
            }
            let config = try Self.read(file)
            merged = merged.map { $0.merging(config) } ?? config
        }
        return merged
    }

    /// Reads and parses one file. At most ``YAMLParser/maxBytes`` (and one more, to notice a file
    /// past the limit) are read, so a huge file or an endless device is refused, not slurped.
    public static func read(_ file: String) throws(KubeconfigError) -> Kubeconfig {
        guard let handle = FileHandle(forReadingAtPath: file) else {
            throw KubeconfigError(file: file, message: "cannot read kubeconfig file (check its permissions)")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: YAMLParser.maxBytes + 1) ?? Data()
        } catch {
            throw KubeconfigError(file: file, message: "cannot read kubeconfig file: \(error.localizedDescription)")
        }
        guard data.count <= YAMLParser.maxBytes else {
            throw KubeconfigError(file: file, message: "refused: the file is \(YAMLParser.tooLarge.problem)")
        }
        return try KubeconfigParser(file: file).parse([UInt8](data))
    }

    /// Parses kubeconfig text that did not come from a file; `name` stands in for the path.
    public static func parse(_ text: String, name: String) throws(KubeconfigError) -> Kubeconfig {
        try KubeconfigParser(file: name).parse(Array(text.utf8))
    }

    private func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : ((currentDirectory as NSString).appendingPathComponent(path) as NSString).standardizingPath
    }
}
