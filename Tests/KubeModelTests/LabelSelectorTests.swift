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

    static let invalid = ["pool=gpu,", "zone in (a,b", "zone within (a)", "=gpu", "zone in (a,,b)", "a=b=c", ",",
                          // Characters Kubernetes does not allow in label keys and values.
                          "pool=gpü", "pool=-gpu", "pool=gpu-", "-pool", "pool/=gpu", "zone in (a, b c)", "zone in (a,é)",
                          "pool:x=gpu", "zone in ()", "pool=a;b"]

    static let validSpellings = ["example.com/pool=gpu_2.x", "k8s.io/role", "!node-role.kubernetes.io/control-plane",
                                 "pool=", "pool!=", "a in (x-1, y.2)", "A9=Z0"]

    @Test(arguments: validSpellings)
    func acceptsWhatKubernetesAllowsInLabels(selector: String) throws {
        #expect(try LabelSelector(parsing: selector).description == selector)
    }

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
