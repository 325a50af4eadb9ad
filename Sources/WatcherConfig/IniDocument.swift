import CINIH
import Foundation

/// One `key = value` assignment read from an INI file, with where it came from.
public struct IniEntry: Sendable, Equatable {
    public var section: String
    public var key: String
    /// The value; continuation lines are joined with `\n`.
    public var value: String
    public var line: Int
    /// Lines of indented continuation that followed the first line.
    public var continuationLines: [Int] = []
}

/// The raw content of an INI file as libinih reads it, plus what libinih cannot tell us itself:
/// line numbers, lines it would have cut, duplicate keys, and the sections as they appear.
///
/// libinih calls the handler without a line number (the Debian build has `INI_HANDLER_LINENO 0`), so we feed
/// it through our own line reader and note which line it is working on.
struct IniDocument {
    var entries: [IniEntry] = []
    /// Section headers in file order with their line numbers.
    var sections: [(name: String, line: Int)] = []
    var issues: [ConfigIssue] = []

    /// Parses `text` (the file's contents) named `file` in messages.
    static func parse(text: String, file: String) -> IniDocument {
        let reader = LineFeeder(text: text, file: file)
        let box = Unmanaged.passRetained(reader)
        defer { box.release() }
        let result = ini_parse_stream(
            { buffer, size, stream in
                guard let buffer, let stream else { return nil }
                let feeder = Unmanaged<LineFeeder>.fromOpaque(stream).takeUnretainedValue()
                return feeder.next(into: buffer, capacity: Int(size))
            },
            box.toOpaque(),
            { user, section, name, value in
                guard let user, let section, let name, let value else { return 1 }
                let feeder = Unmanaged<LineFeeder>.fromOpaque(user).takeUnretainedValue()
                feeder.assign(section: String(cString: section), key: String(cString: name), value: String(cString: value))
                return 1
            },
            box.toOpaque())
        if result > 0 {
            let raw = reader.rawLine(Int(result)).trimmingCharacters(in: .whitespaces)
            reader.document.issues.append(ConfigIssue(
                file: file, line: Int(result), key: nil,
                message: "expected \"key = value\", \"[section]\" or a comment, got \"\(raw)\""))
        } else if result < 0 {
            reader.document.issues.append(ConfigIssue(file: file, line: nil, key: nil, message: "could not be parsed (libinih error \(result))"))
        }
        return reader.document
    }
}

/// Feeds libinih one line at a time and records line numbers, sections and assignments.
private final class LineFeeder {
    private let lines: [[UInt8]]
    private let file: String
    private var index = 0
    /// 1-based number of the line libinih is processing.
    private var current = 0
    private var lastAssignmentLine = 0
    var document = IniDocument()

    init(text: String, file: String) {
        // Split bytes on LF (in Swift "\r\n" is one Character); libinih strips a trailing CR itself.
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        if lines.last?.isEmpty == true { lines.removeLast() }
        self.lines = lines
        self.file = file
    }

    func rawLine(_ number: Int) -> String {
        guard number >= 1 && number <= lines.count else { return "" }
        var line = lines[number - 1]
        if line.last == 0x0D { line.removeLast() }
        return String(decoding: line, as: UTF8.self)
    }

    /// `ini_reader`: copies the next line (with its newline) into `buffer`.
    func next(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> UnsafeMutablePointer<CChar>? {
        guard index < lines.count else { return nil }
        var bytes = lines[index]
        index += 1
        current = index
        // libinih reads at most capacity-1 bytes and would parse the rest as a new line: refuse such a line
        // instead and hand libinih an empty one so that the remaining lines are still checked.
        if bytes.count + 1 > capacity - 1 {
            document.issues.append(ConfigIssue(
                file: file, line: current, key: keyGuess(rawLine(current)),
                message: "line is \(bytes.count) bytes long; the limit is \(capacity - 2). "
                    + "Split long lists over indented continuation lines"))
            bytes = []
        }
        // libinih works on C strings: a NUL byte would silently end the value there.
        if bytes.contains(0) {
            document.issues.append(ConfigIssue(
                file: file, line: current, key: keyGuess(rawLine(current)),
                message: "contains a NUL byte; a configuration is text"))
            bytes = []
        }
        if bytes.first(where: { $0 != 0x20 && $0 != 0x09 }) == 0x5B /* [ */ { noteSection(rawLine(current)) }
        bytes.append(0x0A)
        bytes.withUnsafeBufferPointer { source in
            source.withMemoryRebound(to: CChar.self) { chars in
                buffer.update(from: chars.baseAddress!, count: chars.count)
            }
        }
        buffer[bytes.count] = 0
        return buffer
    }

    func assign(section: String, key: String, value: String) {
        let raw = lines[current - 1]
        let isContinuation = raw.first == 0x20 || raw.first == 0x09
        if isContinuation, var last = document.entries.last, last.section == section, last.key == key,
           lastAssignmentLine < current {
            last.value += "\n" + value
            last.continuationLines.append(current)
            document.entries[document.entries.count - 1] = last
        } else {
            document.entries.append(IniEntry(section: section, key: key, value: value, line: current))
        }
        lastAssignmentLine = current
    }

    private func noteSection(_ raw: String) {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("["), let close = trimmed.firstIndex(of: "]") else { return }
        let name = trimmed[trimmed.index(after: trimmed.startIndex)..<close].trimmingCharacters(in: .whitespaces)
        document.sections.append((name, current))
    }

    private func keyGuess(_ line: String) -> String? {
        guard let equals = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else { return nil }
        let key = line[..<equals].trimmingCharacters(in: .whitespaces)
        return key.isEmpty || key.contains("\0") ? nil : key
    }
}
