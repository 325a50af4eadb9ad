import Foundation
import Testing
@testable import WatcherConfig

@Suite struct ConfigurationPrinterTests {
    @Test func printsEveryKeyWithDefaultsMarked() throws {
        let config = try ConfigFixture().load("[general]\ninterval = 90\n[policy gpu]\nnode_selector = gpu=true\n").configuration
        let printed = ConfigurationPrinter.render(config)
        #expect(printed.contains("interval = 90s\n"))
        #expect(printed.contains("scope = all ; default\n"))
        #expect(printed.contains("[policy gpu]\n"))
        #expect(printed.contains("cpu_limit_threshold = 90 ; default\n"))
        for section in ConfigSchema.sections where !section.isNamed && !ConfigSchema.notifierSections.contains(section.name) {
            for key in section.keys { #expect(printed.contains("\n\(key.name) = "), "missing \(key.name)") }
        }
    }

    @Test func printedConfigurationLoadsBackToTheSameValues() throws {
        let fixture = try ConfigFixture()
        let original = try fixture.load("[general]\nscope = pod\nnamespace = a,\n  b\ncpu_limit_threshold = 80.25\n").configuration
        let printed = ConfigurationPrinter.render(original)
        let reloaded = try fixture.load(printed).configuration
        #expect(reloaded.general.namespaces == ["a", "b"])
        #expect(reloaded.general.scope == .pod)
        #expect(reloaded.general.thresholds == original.general.thresholds)
    }
}
