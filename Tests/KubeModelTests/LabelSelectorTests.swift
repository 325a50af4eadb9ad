import Testing
@testable import KubeModel

@Suite struct LabelSelectorTests {
    static let gpuNode = ["pool": "gpu", "zone": "a", "tier": "batch"]

    static let cases: [(String, Bool)] = [
        ("", true),
        ("pool=gpu", true), ("pool==gpu", true), ("pool = gpu", true), ("pool=cpu", false),
        ("pool!=cpu", true), ("pool!=gpu", false), ("missing!=x", true),
        ("zone in (a,b)", true), ("zone in (b, c)", false), ("zone notin (b,c)", true), ("missing notin (x)", true),
        ("missing in (x)", false),
        ("tier", true), ("missing", false), ("!missing", true), ("!tier", false),
        ("pool=gpu,zone in (a,b),!spot", true), ("pool=gpu,zone=b", false),
    ]

    @Test(arguments: cases)
    func matchesLikeKubectl(selector: String, expected: Bool) throws {
        #expect(try LabelSelector(parsing: selector).matches(Self.gpuNode) == expected)
    }

    static let invalid = ["pool=gpu,", "zone in (a,b", "zone within (a)", "=gpu", "zone in (a,,b)", "a=b=c", ","]

    @Test(arguments: invalid)
    func rejectsMalformedSelectors(selector: String) {
        #expect(throws: LabelSelectorError.self) { try LabelSelector(parsing: selector) }
    }

    @Test func errorNamesTheRequirement() {
        #expect(throws: LabelSelectorError(selector: "pool=gpu,zone in (a", requirement: "zone in (a", reason: "missing \")\"")) {
            try LabelSelector(parsing: "pool=gpu,zone in (a")
        }
    }
}
