import Foundation
import Testing
import Capacity
@testable import WatcherConfig

@Suite struct ConfigurationLoaderTests {
    @Test func emptyFileGivesDocumentedDefaults() throws {
        let config = try ConfigFixture().load("").configuration
        #expect(config.general.notifiers == ["console"])
        #expect(config.general.scope == .all)
        #expect(config.general.interval == 60)
        #expect(config.general.reportType == .all)
        #expect(config.general.thresholds == .init(cpuRequests: Threshold(milliPercent: 90_000), cpuLimits: Threshold(milliPercent: 90_000),
                                                   memoryRequests: Threshold(milliPercent: 90_000), memoryLimits: Threshold(milliPercent: 90_000)))
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
        #expect(config.general.thresholds.cpuLimits == Threshold(milliPercent: 20_000))
        #expect(config.general.thresholds.cpuRequests == Threshold(milliPercent: 30_000))
        #expect(config.general.thresholds.memoryLimits == Threshold(milliPercent: 40_000))
        #expect(config.general.thresholds.memoryRequests == Threshold(milliPercent: 50_500))
        #expect(config.general.reminderCount == 2)
        #expect(config.general.namespaces == ["dcd", "weave"])
        #expect(config.general.policyNames == ["default"])
    }

    @Test func kubeCapWatchShippedConfigLoadsUnchanged() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/kubecapwatch/config.ini").path
        let loaded = try ConfigurationLoader(environment: [:]).load(path: path)
        let config = loaded.configuration
        #expect(config.general.notifiers == ["console"])
        #expect(config.general.scope == .all)
        #expect(config.general.interval == 6)
        #expect(config.general.thresholds.cpuLimits == Threshold(milliPercent: 40_000))
        #expect(config.general.thresholds.memoryRequests == Threshold(milliPercent: 15_000))
        #expect(config.general.namespaces == ["dcd", "weave"])
        // Unused sections with placeholders: warnings, not errors.
        let warnings = loaded.warnings.map(\.description)
        #expect(warnings.contains("\(path):14: [slack] is configured but \"slack\" is not in notifiers, so it is not used"), "\(warnings)")
        #expect(warnings.contains { $0.hasPrefix("\(path):15: webhook: expected a URL starting with https:// or http://") }, "\(warnings)")
        #expect(warnings.contains("\(path):23: [logger] is configured but \"logger\" is not in notifiers, so it is not used"), "\(warnings)")
        // The email section as KubeCapWatch meant it: plain SMTP on localhost:25, from the recipient.
        #expect(config.email?.smtpURL == "smtp://localhost:25")
        #expect(config.email?.to == ["ADDRESS"])
        #expect(config.email?.from == "ADDRESS")
        #expect(config.email?.subjectPrefix == "Resource Shortage Warning - k8s")
        #expect(config.logFile?.path == URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("log.txt").path)
    }

    @Test func thresholdCanBeSwitchedOff() throws {
        let config = try ConfigFixture().load("[general]\ncpu_limit_threshold = off\n").configuration
        #expect(config.general.thresholds.cpuLimits == nil)
        #expect(config.general.thresholds.cpuRequests == Threshold(milliPercent: 90_000))
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
        #expect(config.email?.starttls == "auto")
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
        #expect(batch.thresholds.cpuLimits == Threshold(milliPercent: 150_000))
        #expect(batch.thresholds.cpuRequests == Threshold(milliPercent: 90_000))
        #expect(batch.thresholds.memoryLimits == nil)
        let gpu = config.policies[1]
        #expect(gpu.nodeSelector?.description == "accelerator in (a100, h100), !spot")
        #expect(gpu.nodeSelector?.matches(["accelerator": "h100"]) == true)
        #expect(gpu.nodeSelector?.matches(["accelerator": "h100", "spot": "true"]) == false)
        #expect(gpu.thresholds.memoryRequests == Threshold(milliPercent: 95_000))
        #expect(gpu.thresholds.cpuLimits == Threshold(milliPercent: 80_000))
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
        #expect(try config.slack?.webhookURL.read().get() == "https://hooks.slack.test/services/T/B/secret")
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

    @Test func kubeCapWatchSMTPServerFormsBecomeURLs() throws {
        let forms = [
            ("localhost", "smtp://localhost:25"), ("localhost:2525", "smtp://localhost:2525"),
            ("mail.example.com", "smtp://mail.example.com:25"), ("127.0.0.1:587", "smtp://127.0.0.1:587"),
            ("[::1]:2525", "smtp://[::1]:2525"), ("::1", "smtp://[::1]:25"),
            ("smtp://mail.example.com:587", "smtp://mail.example.com:587"), ("smtps://mail.example.com", "smtps://mail.example.com"),
        ]
        for (written, url) in forms {
            let config = try ConfigFixture().load("[email]\nsmtp_server = \(written)\nto = ops@example.com\n").configuration
            #expect(config.email?.smtpURL == url, "\(written)")
        }
        for bad in ["local host", "host:0", "host:x", "http://host", "[::1", "smtp://", "smtp://host/path"] {
            let issues = try ConfigFixture().issues("[general]\nnotifiers = email\n[email]\nsmtp_server = \(bad)\nto = a@b\n")
            #expect(issues.contains { $0.line == 4 && $0.key == "smtp_server" }, "\(bad): \(issues)")
        }
    }

    @Test func senderDefaultsToTheFirstRecipientWithANote() throws {
        let loaded = try ConfigFixture().load("[email]\nsmtp_server = localhost\nto = ops@example.com, oncall@example.com\n")
        #expect(loaded.configuration.email?.from == "ops@example.com")
        #expect(loaded.notes.map(\.message) == ["[email] from is not set: mail is sent from the first recipient, ops@example.com"])
        let printed = ConfigurationPrinter.render(loaded.configuration)
        #expect(printed.contains("from = ops@example.com ; default"), "\(printed)")
        let explicit = try ConfigFixture().load("[email]\nsmtp_server = localhost\nfrom = w@example.com\nto = ops@example.com\n")
        #expect(explicit.configuration.email?.from == "w@example.com")
        #expect(explicit.notes.isEmpty)
    }

    @Test func loggerSectionIsTheFileNotifier() throws {
        let fixture = try ConfigFixture()
        let config = try fixture.load("[general]\nnotifiers = console, logger\n[logger]\nlogfile = log.txt\nformat = json\n").configuration
        #expect(config.general.notifiers == ["console", "logger"])
        #expect(config.logFile?.path == fixture.folder.appendingPathComponent("log.txt").path)
        #expect(config.logFile?.format == "json")
        #expect(config.logFile?.sendResolved == true)
    }

    @Test func keyLocationsPlaceLaterProblems() throws {
        let config = try ConfigFixture().load("[general]\nnotifiers = slack\n\n[slack]\nwebhook = http://hooks.example.com/x\n").configuration
        let issue = config.issue(section: "slack", key: "webhook_url", message: "refused")
        #expect(issue.line == 5)
        #expect(issue.key == "webhook")
        let sectionOnly = config.issue(section: "slack", key: "mention", message: "refused")
        #expect(sectionOnly.line == 4)
        #expect(sectionOnly.key == "mention")
    }
}
