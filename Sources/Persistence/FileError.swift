import Foundation

/// A file operation that failed: what was done, to which path, and the system's reason
/// (`rename to /var/lib/kubecapwatch/state.json: Permission denied`).
public struct FileError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    /// `action path: strerror(code)`.
    static func posix(_ action: String, _ path: String, _ code: Int32) -> FileError {
        FileError("\(action) \(path): \(String(cString: strerror(code)))")
    }

    public var description: String { message }
}
