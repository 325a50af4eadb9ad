import ArgumentParser
import KubeClient

/// A runtime failure: one readable line on standard error and exit code 1.
enum Failure {
    static func exit(_ message: String) -> ExitCode {
        Terminal.standardError("error: \(message)")
        return ExitCode(1)
    }

    /// `error` on standard error; exit 78 (a configuration error, which systemd does not restart) when
    /// the kubeconfig is at fault, else 1.
    static func exit(for error: any Error) -> ExitCode {
        guard error is KubeconfigError else { return exit("\(error)") }
        Terminal.standardError("error: \(error)")
        return ExitCode(78)
    }
}
