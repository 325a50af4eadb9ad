import Foundation
import Testing
@testable import Capacity

/// The JSON schema read back with plain Decodable types, so the test checks what a client sees.
struct DecodedReport: Decodable {
    struct Measure: Decodable, Equatable {
        var capacity: Int64?
        var allocatable: Int64?
        var requests: Int64
        var limits: Int64
        var requestsPercent: Double?
        var limitsPercent: Double?
    }
    struct PodCount: Decodable, Equatable {
        var count: Int
        var allocatable: Int64
    }
    struct ExtendedResource: Decodable, Equatable {
        var name: String
        var capacity: Int64
        var allocatable: Int64
        var requests: Int64
        var limits: Int64
        var requestsPercent: Double?
        var limitsPercent: Double?
    }
    struct NodeRow: Decodable {
        var name: String
        var cpu: Measure?
        var memory: Measure?
        var pods: PodCount
        var extended: [ExtendedResource]
    }
    struct PodRow: Decodable {
        var namespace: String
        var name: String
        var node: String
        var cpu: Measure?
        var memory: Measure?
    }
    struct Totals: Decodable {
        var cpu: Measure?
        var memory: Measure?
        var pods: PodCount
    }
    struct IssueRow: Decodable, Equatable {
        var kind: String
        var namespace: String?
        var name: String
        var field: String?
        var value: String?
        var message: String
    }
    var apiVersion: String
    var kind: String
    var cluster: String
    var generatedAt: String
    var scope: String
    var reportType: String
    var nodes: [NodeRow]
    var pods: [PodRow]?
    var totals: Totals
    var issues: [IssueRow]
}

@Suite struct CapacityJSONRendererTests {
    typealias S = SampleCluster

    private func decoded(_ options: CapacityOptions = CapacityOptions(), pretty: Bool = true) throws -> DecodedReport {
        let text = CapacityJSONRenderer(pretty: pretty).render(S.report(options))
        return try JSONDecoder().decode(DecodedReport.self, from: Data(text.utf8))
    }

    @Test func headerFollowsTheSchema() throws {
        let text = CapacityJSONRenderer().render(S.report())
        #expect(text.hasPrefix("{\n  \"apiVersion\": \"kubecapwatch/v1\",\n  \"kind\": \"CapacityReport\",\n  \"cluster\": \"test\",\n  \"generatedAt\": \"2026-11-23T10:00:00Z\","))
        let json = try decoded()
        #expect(json.apiVersion == "kubecapwatch/v1")
        #expect(json.kind == "CapacityReport")
        #expect(json.generatedAt == "2026-11-23T10:00:00Z")
        #expect(json.scope == "all")
    }

    @Test func nodeFiguresRoundTripWithTwoDecimalPercentages() throws {
        let a = try #require(try decoded().nodes.first { $0.name == "node-a" })
        #expect(a.cpu == DecodedReport.Measure(capacity: 4_000, allocatable: 3_920, requests: 1_350, limits: 3_000,
                                               requestsPercent: 34.44, limitsPercent: 76.53))
        #expect(a.memory == DecodedReport.Measure(capacity: 16_777_216_000, allocatable: 16_106_127_360,
                                                  requests: 2_220_883_968, limits: 4_473_225_216,
                                                  requestsPercent: 13.79, limitsPercent: 27.77))
        #expect(a.pods == DecodedReport.PodCount(count: 3, allocatable: 110))
        #expect(a.extended == [DecodedReport.ExtendedResource(name: "ephemeral-storage", capacity: 107_374_182_400,
                                                      allocatable: 96_636_764_160, requests: 1_073_741_824, limits: 0,
                                                      requestsPercent: 1.11, limitsPercent: 0)])
    }

    @Test func zeroAllocatableIsNullNotADivisionByZero() throws {
        let z = try #require(try decoded().nodes.first { $0.name == "node-z" })
        #expect(z.cpu?.allocatable == 0)
        #expect(z.cpu?.requestsPercent == nil)
        #expect(z.memory?.limitsPercent == nil)
        #expect(CapacityJSONRenderer().render(S.report()).contains("\"requestsPercent\": null"))
    }

    @Test func podsTotalsAndIssuesRoundTrip() throws {
        let json = try decoded(pretty: false)
        let api = try #require(json.pods?.first { $0.name == "api" })
        #expect(api.namespace == "shop")
        #expect(api.node == "node-a")
        #expect(api.cpu == DecodedReport.Measure(capacity: nil, allocatable: nil, requests: 250, limits: 1_000, requestsPercent: 6.38, limitsPercent: 25.51))
        #expect(json.totals.cpu?.requests == 4_350)
        #expect(json.totals.cpu?.requestsPercent == 73.48)
        #expect(json.totals.pods == DecodedReport.PodCount(count: 4, allocatable: 130))
        #expect(json.issues.first == DecodedReport.IssueRow(kind: "Pod", namespace: "shop", name: "bad",
                                                         field: "spec.containers[app].resources.requests.memory",
                                                         value: "12O", message: "quantities must match <sign><digits>[.<digits>]<suffix>; pod skipped"))
        #expect(json.issues.last?.name == "node-q")
    }

    @Test func scopeAndReportTypeNarrowTheDocument() throws {
        let nodeScope = try decoded(CapacityOptions(scope: .node, reportType: .cpu))
        #expect(nodeScope.pods == nil)
        #expect(nodeScope.nodes.allSatisfy { $0.cpu != nil && $0.memory == nil })
        #expect(nodeScope.totals.memory == nil)
        let memoryOnly = try decoded(CapacityOptions(reportType: .memory))
        #expect(memoryOnly.pods?.allSatisfy { $0.cpu == nil && $0.memory != nil } == true)
    }

    @Test func namesAreEscaped() throws {
        var aggregator = CapacityAggregator()
        aggregator.add(Fixture.node("we\"ird\\node\n", capacity: ["cpu": "1"]))
        let text = CapacityJSONRenderer(pretty: false).render(aggregator.report(cluster: "c\u{1}", generatedAt: S.now))
        #expect(text.contains(#""name":"we\"ird\\node\n""#))
        #expect(text.contains(#""cluster":"c\u0001""#))
        let json = try JSONDecoder().decode(DecodedReport.self, from: Data(text.utf8))
        #expect(json.nodes.first?.name == "we\"ird\\node\n")
    }
}

@Suite struct PyklesRendererTests {
    struct Pykles: Decodable {
        struct Values: Decodable { var InstrumentedValue: Double; var Percent: Double? }
        struct Stats: Decodable { var Capacity: Int64; var Allocatable: Int64; var Requests: Values; var Limits: Values }
        struct Node: Decodable { var NodeName: String; var CPU: Stats; var RAM: Stats }
        var Nodes: [Node]
    }

    @Test func shapeAndNumbersAreOurs() throws {
        let text = PyklesRenderer(pretty: false).render(SampleCluster.report())
        #expect(text.hasPrefix(#"{"Nodes":[{"NodeName":"node-a","CPU":{"Capacity":4000,"Allocatable":3920,"Requests":{"InstrumentedValue":1350.0,"Percent":34.44}"#))
        let pykles = try JSONDecoder().decode(Pykles.self, from: Data(text.utf8))
        #expect(pykles.Nodes.map(\.NodeName) == ["node-a", "node-b", "node-z"])
        let a = pykles.Nodes[0]
        #expect(a.RAM.Allocatable == 16_106_127_360)
        #expect(a.RAM.Requests.InstrumentedValue == 2_220_883_968)
        #expect(a.RAM.Requests.Percent == 13.79)
        #expect(a.CPU.Limits.Percent == 76.53)
        #expect(pykles.Nodes[2].CPU.Requests.Percent == nil)
    }
}
