import ArgumentParser

/// A runtime failure: one readable line on standard error and exit code 1.
enum Failure {
    static func exit(_ message: String) -> ExitCode {
        Terminal.standardError("error: \(message)")
        return ExitCode(1)
    }
}
