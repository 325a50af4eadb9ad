import Alerting
import Foundation
import Notifiers
import Testing
import TestSupport

/// Against a real SMTP server (aiosmtpd) with STARTTLS and AUTH.
@Suite struct EmailNotifierTests {
    private let recipients = ["ops@example.com", "Night Shift <oncall@example.org>"]

    private func configuration(_ server: SMTPTestServer, to: [String]? = nil,
                               username: String? = "alice", password: String? = "s3cret-pass",
                               starttls: EmailNotifier.Configuration.StartTLS = .required) -> EmailNotifier.Configuration {
        EmailNotifier.Configuration(smtpURL: server.url, starttls: starttls, username: username, password: password,
                                    from: "kubecapwatch <alerts@example.com>", to: to ?? recipients,
                                    subjectPrefix: "[kcw]", caFile: server.caFile, timeout: .seconds(10))
    }

    private func authServer(reject: [String] = []) async throws -> SMTPTestServer {
        try await SMTPTestServer(.init(username: "alice", password: "s3cret-pass", rejectedRecipients: reject))
    }

    @Test func deliversOneWellFormedMessageToAllRecipients() async throws {
        let server = try await authServer()
        let email = try EmailNotifier(configuration: configuration(server))
        try await email.deliver(Fixtures.mixed)

        let messages = try server.messages()
        #expect(messages.count == 1)
        let mail = try #require(messages.first)
        #expect(mail.mailFrom == "alerts@example.com")
        #expect(Set(mail.recipients) == ["ops@example.com", "oncall@example.org"])
        #expect(mail.tls)
        #expect(mail.authLogin == "alice")

        #expect(mail.header("From") == "\"kubecapwatch\" <alerts@example.com>")
        #expect(mail.header("To") == "ops@example.com, \"Night Shift\" <oncall@example.org>")
        #expect(mail.header("Subject") == "[kcw] prod: 2 firing, 1 reminder, 1 resolved")
        #expect(mail.header("MIME-Version") == "1.0")
        #expect(mail.header("Auto-Submitted") == "auto-generated")
        let messageID = try #require(mail.header("Message-ID"))
        #expect(messageID.hasPrefix("<") && messageID.hasSuffix("@example.com>"))
        let date = try #require(mail.header("Date"))
        #expect(date.range(of: #"^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$"#,
                           options: .regularExpression) != nil)
        #expect(mail.header("Content-Type")?.hasPrefix("multipart/alternative;") == true)

        let text = mail.text
        let plain = try #require(MIMEParts.part("text/plain", of: mail))
        let html = try #require(MIMEParts.part("text/html", of: mail))
        #expect(plain.contains("FIRING node/node-a cpu_requests 91.25% > 80% (3650m of 4000m allocatable) cluster=prod for 15m"))
        #expect(plain.contains("RESOLVED node/node-d cpu_requests 75.00% <= 80%"))
        #expect(html.contains("<td>node/node-d</td>"))
        #expect(html.contains("75.00% &lt;= 80%"))
        // CRLF only, and every line within RFC 5322's 78 characters.
        let bytes = Array(mail.raw)
        for (index, byte) in bytes.enumerated() where byte == 10 { #expect(index > 0 && bytes[index - 1] == 13) }
        for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 78, "\(line)") }
    }

    @Test func clusterDataCannotInjectHeaders() async throws {
        let server = try await authServer()
        let email = try EmailNotifier(configuration: configuration(server, to: ["ops@example.com"]))
        let evil = "node-a\r\nBcc: attacker@evil.example\r\n\r\n<script>x</script>"
        try await email.deliver(Fixtures.single(evil))

        let mail = try #require(try server.messages().first)
        #expect(mail.recipients == ["ops@example.com"])
        #expect(mail.header("Bcc") == nil)
        let subject = try #require(mail.header("Subject"))
        #expect(subject.hasPrefix("[kcw] prod: FIRING node/node-a  Bcc: attacker@evil.example"))
        #expect(!mail.headers.contains { $0.name.lowercased() == "bcc" })
        let html = try #require(MIMEParts.part("text/html", of: mail))
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;x&lt;/script&gt;"))
    }

    @Test func nonASCIISubjectIsEncoded() async throws {
        let server = try await authServer()
        let email = try EmailNotifier(configuration: configuration(server, to: ["ops@example.com"]))
        try await email.deliver(Fixtures.single("nœud-été-ünïcödé-with-a-rather-long-name-to-force-several-words"))
        let mail = try #require(try server.messages().first)
        let subject = try #require(mail.header("Subject"))
        let words = subject.split(separator: " ")
        #expect(words.allSatisfy { $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") && $0.count <= 75 })
        let decoded = words.map { word -> String in
            let payload = word.dropFirst("=?UTF-8?B?".count).dropLast(2)
            return String(decoding: Data(base64Encoded: String(payload)) ?? Data(), as: UTF8.self)
        }.joined()
        #expect(decoded == "[kcw] prod: FIRING node/nœud-été-ünïcödé-with-a-rather-long-name-to-force-several-words cpu_requests 91.25%")
    }

    @Test func implicitTLSOnSMTPS() async throws {
        let server = try await SMTPTestServer(.init(implicitTLS: true))
        let email = try EmailNotifier(configuration: configuration(server, username: nil, password: nil))
        try await email.deliver(Fixtures.mixed)
        #expect(try server.messages().first?.tls == true)
    }

    @Test func credentialsAreNeverSentWithoutTLSAcrossANetwork() throws {
        for starttls: EmailNotifier.Configuration.StartTLS in [.off] {
            let remote = EmailNotifier.Configuration(smtpURL: "smtp://mail.example.com:25", starttls: starttls, username: "alice",
                                                     password: "s3cret-pass", from: "a@example.com", to: ["b@example.com"])
            #expect {
                _ = try EmailNotifier(configuration: remote)
            } throws: { error in
                let error = try #require(error as? NotifierError)
                return error.reason == .configuration && error.key == "starttls" && error.isPermanent
                    && !"\(error)".contains("s3cret-pass")
            }
        }
        // To this machine nothing crosses a network: plain SMTP with AUTH is the operator's choice.
        for host in ["127.0.0.1", "localhost", "[::1]", "127.8.9.10"] {
            let local = EmailNotifier.Configuration(smtpURL: "smtp://\(host):25", starttls: .off, username: "alice",
                                                    password: "s3cret-pass", from: "a@example.com", to: ["b@example.com"])
            #expect(throws: Never.self, "\(host)") { _ = try EmailNotifier(configuration: local) }
        }
    }

    @Test func autoToALoopbackHostUsesTLSWhenOfferedAndPlainSMTPOtherwise() async throws {
        // A local relay without TLS, as KubeCapWatch's `smtp_server = localhost` assumed: plain SMTP.
        let plain = try await SMTPTestServer(.init(noTLS: true))
        try await EmailNotifier(configuration: configuration(plain, username: nil, password: nil, starttls: .auto))
            .deliver(Fixtures.mixed)
        #expect(try plain.messages().map(\.tls) == [false])

        // A local relay offering STARTTLS with a certificate nothing trusts (Debian's snakeoil): encrypted,
        // unverified, and AUTH (which this server allows over TLS only) goes through.
        let offering = try await authServer()
        var untrusted = configuration(offering, starttls: .auto)
        untrusted.caFile = nil
        try await EmailNotifier(configuration: untrusted).deliver(Fixtures.mixed)
        let mail = try #require(try offering.messages().first)
        #expect(mail.tls)
        #expect(mail.authLogin == "alice")
    }

    @Test func serverRefusesMailWithoutAuthOverPlainSMTP() async throws {
        // starttls = off and no credentials: the server, which allows AUTH only over TLS, refuses MAIL.
        let server = try await authServer()
        let email = try EmailNotifier(configuration: configuration(server, username: nil, password: nil, starttls: .off))
        let error = try await #require(throws: NotifierError.self) { try await email.deliver(Fixtures.mixed) }
        #expect(error.reason == .rejected("530"))
        #expect(error.isPermanent)
        #expect(try server.messages().isEmpty)
    }

    @Test func tlsRequiredButNotOffered() async throws {
        let server = try await SMTPTestServer(.init(noTLS: true))
        let email = try EmailNotifier(configuration: configuration(server, username: nil, password: nil))
        let error = try await #require(throws: NotifierError.self) { try await email.deliver(Fixtures.mixed) }
        #expect(error.reason == .tlsUnavailable)
        #expect(error.isPermanent)
        #expect(try server.messages().isEmpty)
    }

    @Test func wrongPasswordIsAnAuthenticationFailureWithoutThePassword() async throws {
        let server = try await authServer()
        let email = try EmailNotifier(configuration: configuration(server, password: "wrong-password-123"))
        let error = try await #require(throws: NotifierError.self) { try await email.deliver(Fixtures.mixed) }
        #expect(error.reason == .authenticationFailed)
        #expect(error.isPermanent)
        #expect(error.description == "email: authentication failed: 127.0.0.1 refused the credentials of user \"alice\" (reply 535): check username and password")
        #expect(!error.description.contains("wrong-password-123"))
        #expect(try server.messages().isEmpty)
    }

    @Test func serverStallingOnRefusedCredentialsIsAnAuthenticationFailureNotATimeout() async throws {
        // Some servers never answer credentials they refuse: libcurl times out waiting after the 334 prompt.
        let server = try await SMTPTestServer(.init(username: "alice", password: "s3cret-pass", stallFailedAuth: true))
        var settings = configuration(server, password: "wrong-password-123")
        settings.timeout = .seconds(2)
        let email = try EmailNotifier(configuration: settings)
        let error = try await #require(throws: NotifierError.self) { try await email.deliver(Fixtures.mixed) }
        #expect(error.reason == .authenticationFailed, "\(error)")
        #expect(error.description.hasPrefix("email: authentication failed: 127.0.0.1 did not accept the credentials of user \"alice\": no answer after they were sent"),
                "\(error)")
        #expect(!error.description.contains("wrong-password-123"))
        // The right password still goes through the same server.
        let good = try EmailNotifier(configuration: configuration(server))
        try await good.deliver(Fixtures.mixed)
        #expect(try server.messages().count == 1)
    }

    @Test func rejectedRecipientIsNamedAndOthersStillReceive() async throws {
        let server = try await authServer(reject: ["nobody@example.com"])
        let email = try EmailNotifier(configuration: configuration(
            server, to: ["ops@example.com", "nobody@example.com", "oncall@example.org"]))
        let error = try await #require(throws: NotifierError.self) { try await email.deliver(Fixtures.mixed) }
        #expect(error.reason == .recipientsRejected(["nobody@example.com"]))
        #expect(error.isPermanent)
        let received = try server.messages()
        #expect(received.flatMap(\.recipients).sorted() == ["oncall@example.org", "ops@example.com"])
        #expect(Set(received.compactMap { $0.header("Message-ID") }).count == 1)

        // A retry of the same notification goes only to the refused address, not again to the others.
        await #expect(throws: NotifierError.self) { try await email.deliver(Fixtures.mixed) }
        #expect(try server.messages().count == received.count)
    }

    @Test func connectionRefusedIsTransient() async throws {
        let port: Int
        do {
            let server = try await SMTPTestServer()
            port = server.port
        }
        let configuration = EmailNotifier.Configuration(smtpURL: "smtp://127.0.0.1:\(port)", from: "a@example.com",
                                                        to: ["b@example.com"], timeout: .seconds(5))
        let email = try EmailNotifier(configuration: configuration)
        let error = try await #require(throws: NotifierError.self) { try await email.deliver(Fixtures.mixed) }
        #expect(error.reason == .connection)
        #expect(!error.isPermanent)
    }

    @Test func configurationIsValidatedAndRedacted() throws {
        func check(_ configuration: EmailNotifier.Configuration, mentions key: String,
                   reason: NotifierError.Reason = .configuration) {
            #expect {
                _ = try EmailNotifier(configuration: configuration)
            } throws: { error in
                let error = error as? NotifierError
                return error?.key == key && error?.reason == reason && error?.description.contains("\(key): ") == true
            }
        }
        let good = EmailNotifier.Configuration(smtpURL: "smtp://mail.example.com:587", username: "u", password: "pw-secret-42",
                                               from: "a@example.com", to: ["b@example.com"])
        #expect(throws: Never.self) { _ = try EmailNotifier(configuration: good) }
        var bad = good
        bad.smtpURL = "http://mail.example.com"
        check(bad, mentions: "smtp_url")
        bad = good
        bad.smtpURL = "smtp://u:pw@mail.example.com"
        check(bad, mentions: "smtp_url")
        bad = good
        bad.from = "a@example.com\r\nBcc: x@y.z"
        check(bad, mentions: "from")
        bad = good
        bad.to = ["b@example.com", "not an address"]
        check(bad, mentions: "to")
        bad = good
        bad.to = []
        check(bad, mentions: "to")
        bad = good
        bad.caFile = "/nonexistent/ca.pem"
        check(bad, mentions: "ca_file", reason: .unavailable)

        for text in [good.description, good.debugDescription, String(describing: good), String(reflecting: good)] {
            #expect(!text.contains("pw-secret-42"))
            #expect(text.contains("password=<redacted>"))
        }
        var dumped = ""
        dump(good, to: &dumped)
        let notifier = try EmailNotifier(configuration: good)
        dump(notifier, to: &dumped)
        dumped += "\(notifier) \(String(reflecting: notifier))"
        #expect(!dumped.contains("pw-secret-42"))
    }
}

/// Finds a MIME part of a received message and undoes its quoted-printable encoding.
enum MIMEParts {
    static func part(_ type: String, of mail: SMTPTestServer.ReceivedMail) -> String? {
        let sections = mail.text.components(separatedBy: "\r\n--=_kcw_")
        guard let section = sections.first(where: { $0.contains("Content-Type: \(type);") }),
              let start = section.range(of: "\r\n\r\n") else { return nil }
        let body = String(section[start.upperBound...])
        return decodeQuotedPrintable(body)
    }

    static func decodeQuotedPrintable(_ text: String) -> String {
        let joined = Array(text.replacingOccurrences(of: "=\r\n", with: "").utf8)
        var bytes: [UInt8] = []
        var index = 0
        while index < joined.count {
            if joined[index] == UInt8(ascii: "="), index + 2 < joined.count,
               let value = UInt8(String(decoding: joined[(index + 1)...(index + 2)], as: UTF8.self), radix: 16) {
                bytes.append(value)
                index += 3
            } else {
                bytes.append(joined[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
    }
}
