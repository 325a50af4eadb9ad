import Foundation
import Watcher

/// The line `scan` keeps rewritten on a terminal's standard error while it reads the cluster
/// (`reading the cluster: 12 pages, 500 nodes, 5500 pods`), cleared before anything else is printed.
///
/// Only for a terminal: on a pipe or a file (a cron job, a log) carriage returns would be clutter. It is redrawn
/// once a page: a page holds hundreds of objects, so even 150,000 pods make a few hundred short writes.
final class ProgressLine {
    private var drawn = false

    /// A progress line when standard error is a terminal, else nil.
    static func onTerminal() -> ProgressLine? {
        Terminal.errorIsTerminal ? ProgressLine() : nil
    }

    /// Rewrites the line in place with what has been read.
    func show(_ progress: ScanProgress) {
        drawn = true
        Terminal.standardErrorText("\r\u{1B}[Kreading the cluster: \(progress.pages) pages, \(progress.nodes) nodes, "
            + "\(progress.pods) pods")
    }

    /// Erases the line, if one was drawn.
    func clear() {
        guard drawn else { return }
        drawn = false
        Terminal.standardErrorText("\r\u{1B}[K")
    }
}
