import Capacity
import HummingbirdCore
import KubeModel
import Testing
@testable import HTTPService
import Watcher

/// What the endpoints accept: scan's filters with the configuration's defaults, strictly (a typo is a 400, not a
/// wider answer), and the control token.
@Suite struct RequestParsingTests {
    private func query(_ text: String, defaults: CapacityOptions = CapacityOptions(scope: .node, namespaces: ["ops"]))
        throws(APIError) -> CapacityQuery {
        try CapacityQuery(QueryParameters(URI("/api/v1/capacity?" + text), accepted: CapacityQuery.accepted), defaults: defaults)
    }

    private func status(_ body: () throws -> Void) -> Int? {
        do {
            try body()
            return nil
        } catch let error as APIError {
            return Int(error.status.code)
        } catch {
            return -1
        }
    }

    @Test func absentParametersKeepTheConfigurationsValues() throws {
        let parsed = try query("")
        #expect(parsed.options == CapacityOptions(scope: .node, namespaces: ["ops"]))
        #expect(parsed.format == .json)
    }

    @Test func givenParametersReplaceThem() throws {
        let parsed = try query("scope=all&namespace=shop,%20ops&report_type=cpu&sort=cpu-requests-percent&format=csv"
                               + "&node_selector=pool%20in%20(a,b)")
        #expect(parsed.options.scope == .all)
        #expect(parsed.options.namespaces == ["shop", "ops"])
        #expect(parsed.options.reportType == .cpu)
        #expect(parsed.options.sort == .cpuRequestsPercent)
        #expect(parsed.options.nodeSelector == (try LabelSelector(parsing: "pool in (a,b)")))
        #expect(parsed.format == .csv)
        #expect(try query("namespace=").options.namespaces.isEmpty, "an empty namespace list means all, as for scan")
        #expect(try query("node_selector=", defaults: CapacityOptions(nodeSelector: try LabelSelector(parsing: "a=b")))
                .options.nodeSelector == .everything)
    }

    @Test(arguments: ["namspace=shop", "scope=nodes", "report_type=gpu", "sort=size", "format=table", "scope=all&scope=pod",
                      "node_selector=a%20in%20("])
    func mistakesAreBadRequests(text: String) {
        #expect(status { _ = try query(text) } == 400)
    }

    @Test func theControlTokenIsComparedWhole() throws {
        let token = try #require(ControlToken("s3cret"))
        #expect(token.matches("s3cret"))
        for wrong in ["", "s3cre", "s3crett", "S3cret", "s3cret "] { #expect(!token.matches(wrong), "\(wrong)") }
        #expect("\(token)" == "<redacted>")
        #expect(ControlToken("") == nil)
        #expect(ControlToken("two words") == nil)
        #expect(status { try BearerAuthorization.check("Bearer s3cret", against: token) } == nil)
        #expect(status { try BearerAuthorization.check("bearer  s3cret", against: token) } == nil)
        #expect(status { try BearerAuthorization.check("Bearer nope", against: token) } == 401)
        #expect(status { try BearerAuthorization.check("Basic s3cret", against: token) } == 401)
        #expect(status { try BearerAuthorization.check(nil, against: token) } == 401)
        #expect(status { try BearerAuthorization.check("Bearer s3cret", against: nil) } == 403)
    }
}
