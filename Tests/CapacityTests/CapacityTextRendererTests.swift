import Testing
@testable import Capacity

@Suite struct CapacityCSVRendererTests {
    @Test func rowsCarryTheRealFigures() {
        let lines = CapacityCSVRenderer().render(SampleCluster.report()).components(separatedBy: "\r\n")
        #expect(lines[0] == "kind,node,namespace,pod,cpu_capacity,cpu_allocatable,cpu_requests,cpu_requests_percent,cpu_limits,cpu_limits_percent,memory_capacity,memory_allocatable,memory_requests,memory_requests_percent,memory_limits,memory_limits_percent,pods_count,pods_allocatable")
        #expect(lines[1] == "node,node-a,,,4000,3920,1350,34.44,3000,76.53,16777216000,16106127360,2220883968,13.79,4473225216,27.77,3,110")
        #expect(lines[2] == "node,node-b,,,2000,2000,3000,150.00,0,0.00,4294967296,4294967296,1073741824,25.00,0,0.00,1,20")
        #expect(lines[3] == "node,node-z,,,1000,0,0,,0,,1073741824,0,0,,0,,0,0")
        #expect(lines[6] == "pod,node-a,shop,api,,,250,6.38,1000,25.51,,,536870912,3.33,1073741824,6.67,,")
        #expect(lines[8] == "total,,,,7000,5920,4350,73.48,3000,50.68,22145925120,20401094656,3294625792,16.15,4473225216,21.93,4,130")
        #expect(lines.count == 10 && lines[9].isEmpty)
    }

    @Test func reportTypeNarrowsColumnsAndScopeNarrowsRows() {
        let options = CapacityOptions(scope: .node, reportType: .memory)
        let lines = CapacityCSVRenderer().render(SampleCluster.report(options)).components(separatedBy: "\r\n")
        #expect(lines[0] == "kind,node,namespace,pod,memory_capacity,memory_allocatable,memory_requests,memory_requests_percent,memory_limits,memory_limits_percent,pods_count,pods_allocatable")
        #expect(lines.filter { $0.hasPrefix("pod,") }.isEmpty)
        #expect(lines.filter { $0.hasPrefix("node,") }.count == 3)
    }

    @Test func cellsWithCommasOrQuotesAreQuoted() {
        #expect(CapacityCSVRenderer.quoted("plain") == "plain")
        #expect(CapacityCSVRenderer.quoted("a,b") == "\"a,b\"")
        #expect(CapacityCSVRenderer.quoted("say \"hi\"") == "\"say \"\"hi\"\"\"")
    }

    static let fixed: [(Double, String)] = [(34.438, "34.44"), (150, "150.00"), (0.005, "0.01"), (0, "0.00"), (-2.5, "-2.50"), (9.999, "10.00"),
                                            // A share of absurd quantities: no Int64 overflow, no exponent.
                                            (9.223372036854775807e20, "922337203685477580800.00"), (-1e19, "-10000000000000000000.00")]

    @Test(arguments: fixed)
    func percentagesHaveTwoDecimals(value: Double, text: String) {
        #expect(Figures.fixed2(value) == text)
    }
}

@Suite struct CapacityTableRendererTests {
    @Test func kubeCapacityLayoutWithTotalsFirst() {
        let text = CapacityTableRenderer().render(SampleCluster.report())
        let expected = """
        NODE     NAMESPACE     POD   CPU REQUESTS   CPU LIMITS    MEMORY REQUESTS   MEMORY LIMITS
        *        *             *     4350m (73%)    3000m (50%)   3142Mi (16%)      4266Mi (21%)

        node-a   *             *     1350m (34%)    3000m (76%)   2118Mi (13%)      4266Mi (27%)
        node-a   kube-system   dns   100m (2%)      0m (0%)       70Mi (0%)         170Mi (1%)
        node-a   shop          api   250m (6%)      1000m (25%)   512Mi (3%)        1024Mi (6%)
        node-a   shop          web   1000m (25%)    2000m (51%)   1536Mi (10%)      3072Mi (20%)

        node-b   *             *     3000m (150%)   0m (0%)       1024Mi (25%)      0Mi (0%)
        node-b   batch         hog   3000m (150%)   0m (0%)       1024Mi (25%)      0Mi (0%)

        node-z   *             *     0m (n/a)       0m (n/a)      0Mi (n/a)         0Mi (n/a)

        """
        #expect(text == expected)
    }

    @Test func nodeScopeHasNoPodColumns() {
        let text = CapacityTableRenderer().render(SampleCluster.report(CapacityOptions(scope: .node, reportType: .cpu)))
        #expect(text == """
        NODE     CPU REQUESTS   CPU LIMITS
        *        4350m (73%)    3000m (50%)
        node-a   1350m (34%)    3000m (76%)
        node-b   3000m (150%)   0m (0%)
        node-z   0m (n/a)       0m (n/a)

        """)
    }

    @Test func podScopeListsPodsInSortOrder() {
        let text = CapacityTableRenderer().render(SampleCluster.report(CapacityOptions(scope: .pod, reportType: .cpu, sort: .cpuRequests)))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.map { $0.split(separator: " ").prefix(3).joined(separator: " ") } == [
            "NODE NAMESPACE POD", "* * *", "node-b batch hog", "node-a shop web", "node-a shop api", "node-a kube-system dns",
        ])
    }

    @Test func cellsOverThresholdsAreMarkedAndColouredOnlyOnRequest() {
        // 76.54 sits just above node-a's exact 76.53%; node-b's memory is exactly 25%, which is not "> 25".
        let thresholds = Thresholds(cpuRequests: Threshold(percent: 100), cpuLimits: Threshold(milliPercent: 76_540),
                                    memoryRequests: Threshold(percent: 25), memoryLimits: Threshold(percent: 27))
        let plain = CapacityTableRenderer(thresholds: thresholds).render(SampleCluster.report(CapacityOptions(scope: .node)))
        #expect(plain == """
        NODE     CPU REQUESTS    CPU LIMITS    MEMORY REQUESTS   MEMORY LIMITS
        *        4350m (73%)     3000m (50%)   3142Mi (16%)      4266Mi (21%)
        node-a   1350m (34%)     3000m (76%)   2118Mi (13%)      4266Mi (27%)!
        node-b   3000m (150%)!   0m (0%)       1024Mi (25%)      0Mi (0%)
        node-z   0m (n/a)        0m (n/a)      0Mi (n/a)         0Mi (n/a)

        """)
        #expect(!plain.contains("\u{1B}["))
        let coloured = CapacityTableRenderer(thresholds: thresholds, colour: true).render(SampleCluster.report(CapacityOptions(scope: .node)))
        #expect(coloured.contains("\u{1B}[31m3000m (150%)!\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[31m4266Mi (27%)!\u{1B}[0m"))
        #expect(!coloured.contains("\u{1B}[31m3000m (76%)"))
    }

    /// (part, whole, what kubectl prints): Go's `int64(float64(part) / float64(whole) * 100)`, computed by hand
    /// with Python's IEEE doubles, including shares where float rounding and exact truncation differ both ways.
    static let percents: [(Int64, Int64, String)] = [
        (290, 1_000, "28%"),            // 0.29 * 100 = 28.999999999999996; exactly 29
        (29, 100, "28%"),
        (57, 100, "56%"),
        (1_372, 3_920, "35%"),          // exactly 35
        (3_000, 2_000, "150%"), (1, 300, "0%"), (0, 5, "0%"), (5, 0, "n/a"), (-1, 3, "-33%"),
        // 92.999999999999994…% exactly, but the double rounds up to 93.0.
        (91_002_127_448_357_073, 97_851_749_944_469_971, "93%"),
        (.max, 1, "9223372036854775807%"), (.min, 1, "-9223372036854775808%"),
    ]

    @Test(arguments: percents)
    func percentagesAreWhatKubectlPrints(part: Int64, whole: Int64, text: String) {
        #expect(CapacityTableRenderer.percent(part, of: whole) == text)
    }

    /// The 290m-of-one-core case: the table says what kubectl says, JSON and CSV keep the exact share, and the
    /// threshold mark follows the exact share (28.5 is exceeded by 29 %, though the cell reads 28%).
    @Test func tablePrintsKubectlsPercentWhileJSONAndCSVKeepTheExactShare() throws {
        var aggregator = CapacityAggregator()
        aggregator.add(Fixture.pod("api", namespace: "shop", node: "one-core",
                                   containers: [Fixture.container(requests: ["cpu": "290m", "memory": "290Mi"])]))
        aggregator.add(Fixture.node("one-core", capacity: ["cpu": "1", "memory": "1000Mi"]))
        let report = aggregator.report(cluster: "c", generatedAt: SampleCluster.now)
        let table = CapacityTableRenderer(thresholds: Thresholds(cpuRequests: Threshold(milliPercent: 28_500))).render(report)
        #expect(table.contains("one-core   *           *     290m (28%)!    0m (0%)      290Mi (28%)       0Mi (0%)"),
                "\(table)")
        #expect(table.contains("one-core   shop        api   290m (28%)!    0m (0%)      290Mi (28%)       0Mi (0%)"),
                "\(table)")
        let json = CapacityJSONRenderer(pretty: false).render(report)
        #expect(json.contains(#""requests":290,"limits":0,"requestsPercent":29.0,"limitsPercent":0.0"#), "\(json)")
        let csv = CapacityCSVRenderer().render(report)
        #expect(csv.contains("node,one-core,,,1000,1000,290,29.00,0,0.00,"), "\(csv)")
    }

    /// The mark is the alerts' decision (``Threshold/isExceeded(by:of:)``), not a floating-point comparison:
    /// one byte over 80 % of 10Pi is 80.0 in Double (2^53 + 1 bytes round to 2^53), yet it is over 80.
    @Test func markIsTheAlertsExactDecisionNotAFloatingPointOne() {
        var aggregator = CapacityAggregator()
        aggregator.add(Fixture.pod("api", namespace: "shop", node: "huge",
                                   containers: [Fixture.container(requests: ["memory": "9007199254740993"],
                                                                  limits: ["memory": "8Pi"])]))
        aggregator.add(Fixture.node("huge", capacity: ["cpu": "1", "memory": "10Pi"]))
        let report = aggregator.report(cluster: "c", generatedAt: SampleCluster.now)
        #expect(report.nodes[0].memory.requestsPercent == 80, "the Double share cannot tell")
        let eighty = Threshold(percent: 80)
        let table = CapacityTableRenderer(thresholds: Thresholds(memoryRequests: eighty, memoryLimits: eighty)).render(report)
        #expect(table.components(separatedBy: "8589934592Mi (80%)!").count == 3, "node and pod rows marked: \(table)")
        #expect(!table.contains("8589934592Mi (80%)!   8589934592Mi (80%)!"), "exactly 80 % is not over 80: \(table)")
    }

    @Test func everyFormatRendersByName() {
        let report = SampleCluster.report()
        #expect(CapacityOutputFormat.json.render(report).hasPrefix("{\n  \"apiVersion\""))
        #expect(CapacityOutputFormat.pykles.render(report).hasPrefix("{\n  \"Nodes\""))
        #expect(CapacityOutputFormat.csv.render(report).hasPrefix("kind,node,"))
        #expect(CapacityOutputFormat.table.render(report).hasPrefix("NODE "))
    }
}

/// The streamed renderings `scan` writes to stdout are the same text as the whole ones, handed over in
/// pieces of about 64 KB once the output is large.
@Suite struct StreamedRenderingTests {
    /// 3,000 pods on node-a, enough for several pieces.
    static func largeReport(_ options: CapacityOptions = CapacityOptions()) -> CapacityReport {
        var aggregator = CapacityAggregator(options: options)
        aggregator.add(nodes: SampleCluster.nodes)
        for index in 0..<3_000 {
            aggregator.add(Fixture.pod("pod-\(index)", namespace: "ns-\(index % 5)", node: index % 2 == 0 ? "node-a" : "node-b",
                                       containers: [Fixture.container(requests: ["cpu": "\(index)m", "memory": "\(index)Mi"])]))
        }
        return aggregator.report(cluster: "c", generatedAt: SampleCluster.now)
    }

    static func pieces(_ render: (@escaping (UnsafeRawBufferPointer) -> Void) -> Void) -> [String] {
        nonisolated(unsafe) var pieces: [String] = []
        render { pieces.append(String(decoding: $0, as: UTF8.self)) }
        return pieces
    }

    @Test(arguments: [CapacityScope.all, .node, .pod])
    func tableStreamsTheSameText(scope: CapacityScope) {
        let report = Self.largeReport(CapacityOptions(scope: scope, sort: .memoryRequests))
        let renderer = CapacityTableRenderer(thresholds: Thresholds(cpuRequests: Threshold(percent: 50)), colour: true)
        let pieces = Self.pieces { renderer.render(report, to: $0) }
        #expect(pieces.joined() == renderer.render(report))
        #expect(pieces.count > (scope == .node ? 0 : 2))
        #expect(pieces.dropLast().allSatisfy { $0.utf8.count > 1 << 16 && $0.utf8.count < 1 << 17 })
    }

    @Test func csvStreamsTheSameText() {
        let report = Self.largeReport()
        let pieces = Self.pieces { CapacityCSVRenderer().render(report, to: $0) }
        #expect(pieces.joined() == CapacityCSVRenderer().render(report))
        #expect(pieces.count > 2)
        #expect(pieces.joined().components(separatedBy: "\r\n").count == 1 + 3 + 3_000 + 1 + 1)
    }
}
