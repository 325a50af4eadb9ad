import Foundation

/// Writing to the standard streams without buffering surprises when stdout is a pipe.
enum Terminal {
    static func standardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Writes `text` to stderr as it is, without a line end (the progress line).
    static func standardErrorText(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func standardOutput(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Hands a renderer's pieces straight to stdout, for output too large to hold whole.
    static func standardOutput(_ bytes: UnsafeRawBufferPointer) {
        FileHandle.standardOutput.write(Data(bytes))
    }

    /// True when stdout is a terminal, so colour is welcome.
    static var outputIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// True when stderr is a terminal, so a progress line rewritten in place is welcome.
    static var errorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}
