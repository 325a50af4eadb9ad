import Foundation
@testable import Persistence
import Testing

@Suite struct AtomicFileTests {
    @Test func replaceWritesTheWholeContentWithTheGivenPermissionsAndNoLeftovers() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.file("data.json")
        try AtomicFile.replace(url, with: Data("first".utf8))
        try AtomicFile.replace(url, with: Data("second, longer".utf8))
        #expect(try String(contentsOf: url, encoding: .utf8) == "second, longer")
        #expect(try folder.permissions("data.json") == 0o600)
        #expect(try folder.names() == ["data.json"])

        // 0666 less the umask, as any program's new file: what `graph --output` writes.
        let mask = umask(0o022)
        defer { umask(mask) }
        try AtomicFile.replace(folder.file("graph.svg"), with: Data("<svg/>".utf8), permissions: 0o666)
        #expect(try folder.permissions("graph.svg") == 0o644)
    }

    @Test func aFailedReplaceKeepsTheOldContentAndNamesThePath() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.file("data.json")
        try AtomicFile.replace(url, with: Data("old".utf8))
        // A folder where the temporary file's target is: the rename over it fails after the write.
        let blocked = folder.file("blocked")
        try FileManager.default.createDirectory(at: blocked.appendingPathComponent("inside"), withIntermediateDirectories: true)
        let error = #expect(throws: FileError.self) { try AtomicFile.replace(blocked, with: Data("new".utf8)) }
        #expect(error?.message.hasPrefix("rename to \(blocked.path): ") == true, "\(String(describing: error))")
        #expect(try String(contentsOf: url, encoding: .utf8) == "old")
        #expect(try folder.names() == ["blocked", "data.json"])

        let missing = folder.file("no-such-folder/data.json")
        let createError = #expect(throws: FileError.self) { try AtomicFile.replace(missing, with: Data("x".utf8)) }
        #expect(createError?.message.contains("no-such-folder") == true)
        #expect(createError?.message.hasSuffix("No such file or directory") == true)
    }

    @Test func removeAndMove() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try AtomicFile.replace(folder.file("a"), with: Data("a".utf8))
        try AtomicFile.move(folder.file("a"), to: folder.file("b"))
        #expect(try folder.names() == ["b"])
        try AtomicFile.remove(folder.file("b"))
        try AtomicFile.remove(folder.file("b"))
        #expect(try folder.names().isEmpty)
        #expect(throws: FileError.self) { try AtomicFile.move(folder.file("b"), to: folder.file("c")) }
    }

    @Test func temporaryNames() {
        #expect(AtomicFile.isTemporary(".state.json.tmp-12-3", of: "state.json"))
        #expect(AtomicFile.isTemporary(".state.json.tmp-12", of: "state.json"))
        #expect(!AtomicFile.isTemporary(".other.json.tmp-12-3", of: "state.json"))
        #expect(!AtomicFile.isTemporary("state.json", of: "state.json"))
        #expect(AtomicFile.isTemporary(".000001-abc.json.tmp-12-3"))
        // The outbox's temporary files before this version.
        #expect(AtomicFile.isTemporary(".tmp-6F1C2D3E-000001-abc.json"))
        #expect(!AtomicFile.isTemporary("000001-abc.json"))
        #expect(!AtomicFile.isTemporary("delivered.json"))
    }
}
