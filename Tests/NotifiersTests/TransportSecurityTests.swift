import Foundation
import CurlTransport
@testable import Notifiers
import Testing

/// Which hosts may be reached without TLS: only this machine (localhost, 127.0.0.0/8, ::1).
@Suite struct TransportSecurityTests {
    @Test func loopbackHosts() {
        for host in ["localhost", "LOCALHOST", "localhost.", "127.0.0.1", "127.255.0.9", "::1", "[::1]", "0:0:0:0:0:0:0:1"] {
            #expect(LoopbackHost.contains(host), "\(host)")
        }
        for host in ["hooks.slack.com", "localhost.example.com", "128.0.0.1", "10.0.0.1", "::2", "::ffff:10.0.0.1", "", "127.0.0"] {
            #expect(!LoopbackHost.contains(host), "\(host)")
        }
    }

    @Test func slackWebhookNeedsHTTPSExceptToThisMachine() {
        #expect(SlackNotifier.Configuration.webhookProblem("https://hooks.slack.com/services/T/B/X") == nil)
        #expect(SlackNotifier.Configuration.webhookProblem("http://127.0.0.1:8080/services/T/B/X") == nil)
        #expect(SlackNotifier.Configuration.webhookProblem("http://localhost/hook") == nil)
        #expect(SlackNotifier.Configuration.webhookProblem("http://[::1]:9000/hook") == nil)
        let refused = SlackNotifier.Configuration.webhookProblem("http://hooks.slack.com/services/T/B/SECRET")
        #expect(refused == "http:// is allowed only to a loopback host (localhost, 127.0.0.0/8, ::1), not hooks.slack.com: use https://")
        #expect(SlackNotifier.Configuration.webhookProblem("ftp://hooks.slack.com/x")?.contains("not ftp://") == true)
        #expect(SlackNotifier.Configuration.webhookProblem("{slack_web_hook}") == "expected an https:// incoming-webhook URL")
    }

    @Test func startTLSAutoIsRequiredExceptToThisMachine() throws {
        func security(_ url: String, _ starttls: EmailNotifier.Configuration.StartTLS,
                      caFile: String? = nil) throws -> SMTPSettings.Security {
            try EmailNotifier.Configuration(smtpURL: url, starttls: starttls, from: "a@example.com", to: ["b@example.com"],
                                            caFile: caFile)
                .validated(notifier: "email").settings.security
        }
        #expect(try security("smtp://mail.example.com:587", .auto) == .required)
        #expect(try security("smtp://localhost:25", .auto) == .opportunistic(verify: false))
        #expect(try security("smtp://127.0.0.1:25", .auto, caFile: "/etc/ssl/certs/ca-certificates.crt") == .opportunistic(verify: true))
        #expect(try security("smtp://localhost:25", .required) == .required)
        #expect(try security("smtp://mail.example.com:25", .off) == .none)
        #expect(try security("smtps://localhost:465", .off) == .required)
    }
}
