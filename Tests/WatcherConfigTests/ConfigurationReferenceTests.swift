import Foundation
import Testing
@testable import WatcherConfig

/// The committed documentation is generated from the schema; these tests fail when it is stale
/// (regenerate with `make docs`).
@Suite struct ConfigurationReferenceTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func exampleConfigIsCurrentAndValid() throws {
        let path = Self.root.appendingPathComponent("config.ini.example").path
        let committed = try String(contentsOfFile: path, encoding: .utf8)
        #expect(committed == ConfigurationReference.exampleINI(), "config.ini.example is stale: run make docs")
        let loaded = try ConfigurationLoader(environment: [:]).load(text: committed, file: path)
        #expect(loaded.configuration.general.interval == 60)
    }

    @Test func readmeReferenceIsCurrent() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let begin = try #require(readme.range(of: ConfigurationReference.beginMarker))
        let end = try #require(readme.range(of: ConfigurationReference.endMarker))
        let block = readme[begin.upperBound..<end.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(block == ConfigurationReference.markdown().trimmingCharacters(in: .whitespacesAndNewlines),
                "README.md configuration reference is stale: run make docs")
    }

    @Test func everyKeyIsDocumentedInTheExample() {
        let example = ConfigurationReference.exampleINI()
        for section in ConfigSchema.sections where !section.isNamed {
            for key in section.keys { #expect(example.contains("\n;\(key.name) = \(key.defaultValue)\n")) }
        }
    }
}
