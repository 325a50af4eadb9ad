import Foundation

/// Why the alert state could not be written; the message names the file and the system error.
public struct AlertStateStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    static func posix(_ action: String, _ path: String, _ code: Int32) -> AlertStateStoreError {
        AlertStateStoreError("\(action) \(path): \(String(cString: strerror(code)))")
    }

    public var description: String { message }
}
