/// A kubeconfig problem an operator can fix, pointing at the file (and line, where known).
///
/// Messages never quote credential values, only the names of the fields that hold them.
public struct KubeconfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kubeconfig file, when the problem is inside one.
    public var file: String?
    /// 1-based line in ``file``, when known.
    public var line: Int?
    /// What is wrong and, where possible, what to do.
    public var message: String

    public init(file: String? = nil, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `FILE:LINE: message`, `FILE: message` or just the message.
    public var description: String {
        switch (file, line) {
        case let (file?, line?): return "\(file):\(line): \(message)"
        case let (file?, nil): return "\(file): \(message)"
        default: return message
        }
    }
}
