import Foundation
import Testing
@testable import WatcherConfig

@Suite struct ConfigurationLoaderTests {
    @Test func emptyFileGivesDocumentedDefaults() throws {
        let config = try ConfigFixture().load("").configuration
        #expect(config.general.notifiers == ["console"])
        #expect(config.general.scope == .all)
        #expect(config.general.interval == 60)
        #expect(config.general.reportType == .all)
        #expect(config.general.thresholds == .init(cpuRequest: Threshold(milliPercent: 90_000), cpuLimit: Threshold(milliPercent: 90_000),
                                                   memRequest: Threshold(milliPercent: 90_000), memLimit: Threshold(milliPercent: 90_000)))
        #expect(config.general.reminderCount == 5)
        #expect(config.general.namespaces.isEmpty)
        #expect(config.general.unreachableAfter == 3)
        #expect(config.kubernetes.kubeconfig == nil)
        #expect(config.kubernetes.requestTimeout == 60)
        #expect(config.kubernetes.connectTimeout == 10)
        #expect(config.kubernetes.pageSize == 500)
        #expect(config.console.format == "text")
        #expect(config.console.sendResolved)
        #expect(config.slack == nil)
        #expect(config.email == nil)
        #expect(config.state.path == "/var/lib/kubecapwatch/state.json")
        #expect(config.state.outboxDirectory == "/var/lib/kubecapwatch/outbox")
        #expect(config.state.outboxMaxAge == 86_400)
        #expect(config.policies.isEmpty)
        #expect(config.defaultPolicyEnabled)
    }

    @Test func everyDefaultInTheSchemaParses() {
        for section in ConfigSchema.sections {
            for key in section.keys where !key.defaultValue.isEmpty {
                let value = key.defaultValue.replacingOccurrences(of: "$STATE_DIRECTORY", with: "/x")
                #expect((try? key.kind.parse(value).get()) != nil, "\(section.name).\(key.name) default \(key.defaultValue)")
            }
        }
    }

    @Test func originalKubeCapWatchFileIsAccepted() throws {
        // The general section of the original project, under its [DEFAULT] header.
        let config = try ConfigFixture().load("""
            [DEFAULT]
            notifiers = console
            policies = default
            scope = node
            interval = 6
            report_type = cpu
            cpu_limit_threshold = 20
            cpu_request_threshold = 30
            mem_limit_threshold = 40
            mem_request_threshold = 50.5
            reminder_count = 2
            namespace = dcd,weave
            """).configuration
        #expect(config.general.scope == .node)
        #expect(config.general.interval == 6)
        #expect(config.general.reportType == .cpu)
        #expect(config.general.thresholds.cpuLimit == Threshold(milliPercent: 20_000))
        #expect(config.general.thresholds.cpuRequest == Threshold(milliPercent: 30_000))
        #expect(config.general.thresholds.memLimit == Threshold(milliPercent: 40_000))
        #expect(config.general.thresholds.memRequest == Threshold(milliPercent: 50_500))
        #expect(config.general.reminderCount == 2)
        #expect(config.general.namespaces == ["dcd", "weave"])
        #expect(config.general.policyNames == ["default"])
    }

    @Test func thresholdCanBeSwitchedOff() throws {
        let config = try ConfigFixture().load("[general]\ncpu_limit_threshold = off\n").configuration
        #expect(config.general.thresholds.cpuLimit == nil)
        #expect(config.general.thresholds.cpuRequest == Threshold(milliPercent: 90_000))
    }

    @Test func crlfLineEndingsAndByteOrderMark() throws {
        let text = "\u{FEFF}[general]\r\ninterval = 30s\r\nnamespace = a, b\r\n"
        let config = try ConfigFixture().load(text).configuration
        #expect(config.general.interval == 30)
        #expect(config.general.namespaces == ["a", "b"])
    }

    @Test func continuationLinesExtendLists() throws {
        let config = try ConfigFixture().load("""
            [general]
            namespace = shop,
              payments
              batch, etl
            interval = 2m
            """).configuration
        #expect(config.general.namespaces == ["shop", "payments", "batch", "etl"])
        #expect(config.general.interval == 120)
    }

    @Test func inlineCommentsAndQuotes() throws {
        let config = try ConfigFixture().load("""
            ; a comment
            # another comment
            [general]
            interval = 45 ; seconds
            [email]
            smtp_url = smtp://127.0.0.1:2525
            from = "kubecapwatch <alerts@example.com>"
            to = ops@example.com, oncall@example.com
            """).configuration
        #expect(config.general.interval == 45)
        #expect(config.email?.from == "kubecapwatch <alerts@example.com>")
        #expect(config.email?.to == ["ops@example.com", "oncall@example.com"])
        #expect(config.email?.starttlsRequired == true)
    }

    @Test func policiesInheritUnsetThresholds() throws {
        let config = try ConfigFixture().load("""
            [general]
            cpu_limit_threshold = 80
            mem_limit_threshold = off
            [policy batch]
            namespaces = batch, etl
            cpu_limit_threshold = 150
            [policy gpu]
            node_selector = accelerator in (a100, h100), !spot
            mem_request_threshold = 95
            """).configuration
        #expect(config.policies.map(\.name) == ["batch", "gpu"])
        let batch = config.policies[0]
        #expect(batch.namespaces == ["batch", "etl"])
        #expect(batch.thresholds.cpuLimit == Threshold(milliPercent: 150_000))
        #expect(batch.thresholds.cpuRequest == Threshold(milliPercent: 90_000))
        #expect(batch.thresholds.memLimit == nil)
        let gpu = config.policies[1]
        #expect(gpu.nodeSelector == "accelerator in (a100, h100), !spot")
        #expect(gpu.thresholds.memRequest == Threshold(milliPercent: 95_000))
        #expect(gpu.thresholds.cpuLimit == Threshold(milliPercent: 80_000))
    }

    @Test func policiesKeyNarrowsTheActivePolicies() throws {
        let config = try ConfigFixture().load("""
            [general]
            policies = gpu
            [policy batch]
            namespaces = batch
            [policy gpu]
            node_selector = gpu=true
            """).configuration
        #expect(config.policies.map(\.name) == ["gpu"])
        #expect(!config.defaultPolicyEnabled)
    }

    @Test func legacySlackAndEmailKeysAreAliases() throws {
        let fixture = try ConfigFixture()
        let config = try fixture.load("""
            [general]
            notifiers = slack, email
            [slack]
            webhook = https://hooks.slack.test/services/T/B/secret
            [email]
            smtp_server = smtp://127.0.0.1:25
            email_address = ops@example.com
            subject = Capacity
            from = w@example.com
            """).configuration
        #expect(config.slack?.webhookURL.value == "https://hooks.slack.test/services/T/B/secret")
        #expect(config.email?.smtpURL == "smtp://127.0.0.1:25")
        #expect(config.email?.to == ["ops@example.com"])
        #expect(config.email?.subjectPrefix == "Capacity")
    }

    @Test func statePathsFollowSystemdStateDirectory() throws {
        let config = try ConfigFixture().load("", environment: ["STATE_DIRECTORY": "/var/lib/kcw-test"]).configuration
        #expect(config.state.path == "/var/lib/kcw-test/state.json")
        #expect(config.state.outboxDirectory == "/var/lib/kcw-test/outbox")
    }

    @Test func relativePathsResolveAgainstTheConfigFolder() throws {
        let fixture = try ConfigFixture()
        let config = try fixture.load("[kubernetes]\nkubeconfig = kube/config\nsnapshot = a.json, /abs/b.json\n").configuration
        #expect(config.kubernetes.kubeconfig == fixture.folder.appendingPathComponent("kube/config").path)
        #expect(config.kubernetes.snapshots == [fixture.folder.appendingPathComponent("a.json").path, "/abs/b.json"])
    }
}
