import CurlTransport

/// Why Graphviz could not draw a picture; each message says what to do instead.
public enum GraphvizError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The program is not installed (or not on `PATH`).
    case notInstalled(String)
    /// The program ran and failed; `message` is what it printed on stderr.
    case failed(status: Int32, message: String)
    /// The program was killed by a signal (the kernel's OOM killer, an operator).
    case killed(signal: Int32, message: String)
    /// The program ran past its time limit and was stopped.
    case timedOut(Duration)
    /// The image was larger than the limit (bytes).
    case tooLarge(limit: Int)
    /// The drawing was cancelled (a stop of `graph --watch`); the program was stopped.
    case cancelled
    /// The temporary input could not be written or the program could not be started.
    case io(String)

    /// What to do when a picture is too big for Graphviz.
    private static let smaller = "draw less with --namespace or --focus, or use --format dot, json or mermaid"

    public var description: String {
        switch self {
        case .notInstalled(let program):
            "Graphviz's \(program) was not found on PATH; install the Debian package graphviz "
                + "(apt-get install graphviz), or use --format dot, json or mermaid"
        case .failed(let status, let message):
            "Graphviz dot exited with status \(status)" + (message.isEmpty ? "" : ": \(message)")
        case .killed(let signal, let message):
            "Graphviz dot was killed by signal \(signal)" + (message.isEmpty ? "" : ": \(message)")
        case .timedOut(let limit):
            "Graphviz dot did not finish within \(limit.secondsText) and was stopped; \(Self.smaller)"
        case .tooLarge(let limit):
            "Graphviz dot drew an image larger than \(limit >> 20) MiB, which was refused; \(Self.smaller)"
        case .cancelled:
            "Graphviz dot was stopped: the drawing was cancelled"
        case .io(let message):
            "Graphviz: \(message)"
        }
    }
}
