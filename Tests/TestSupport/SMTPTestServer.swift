import Foundation

/// A real SMTP server (aiosmtpd, `Tests/Servers/smtp`) on 127.0.0.1 for the email notifier tests.
///
/// STARTTLS with a generated certificate (trust ``caFile``), AUTH only after TLS, and every accepted
/// message kept as a file for the test to read back. Stopped when released.
public final class SMTPTestServer: Sendable {
    /// How the server behaves.
    public struct Options: Sendable {
        /// Require AUTH with these credentials before MAIL FROM.
        public var username: String?
        public var password: String?
        /// Recipients refused at RCPT TO with 550.
        public var rejectedRecipients: [String]
        /// TLS from the first byte (`smtps://`) instead of STARTTLS.
        public var implicitTLS: Bool
        /// No TLS at all (STARTTLS not offered).
        public var noTLS: Bool
        /// Never answer credentials it refuses (a tarpit) instead of answering 535.
        public var stallFailedAuth: Bool

        public init(username: String? = nil, password: String? = nil, rejectedRecipients: [String] = [],
                    implicitTLS: Bool = false, noTLS: Bool = false, stallFailedAuth: Bool = false) {
            self.username = username
            self.password = password
            self.rejectedRecipients = rejectedRecipients
            self.implicitTLS = implicitTLS
            self.noTLS = noTLS
            self.stallFailedAuth = stallFailedAuth
        }
    }

    /// One message as the server received it.
    public struct ReceivedMail: Sendable, Decodable {
        public var mailFrom: String
        public var recipients: [String]
        /// The session was on TLS when the message arrived.
        public var tls: Bool
        /// The login the client authenticated with, nil without AUTH.
        public var authLogin: String?
        /// The DATA bytes exactly as received (CRLF line endings kept).
        public var raw: Data = Data()

        enum CodingKeys: String, CodingKey {
            case mailFrom = "mail_from", recipients = "rcpt_tos", tls, authLogin = "auth_login"
        }

        /// The message as text.
        public var text: String { String(decoding: raw, as: UTF8.self) }

        /// The header block (up to the first empty line), unfolded, as name/value pairs.
        public var headers: [(name: String, value: String)] {
            let head = text.components(separatedBy: "\r\n\r\n").first ?? ""
            var result: [(name: String, value: String)] = []
            for line in head.components(separatedBy: "\r\n") {
                if line.hasPrefix(" ") || line.hasPrefix("\t"), !result.isEmpty {
                    result[result.count - 1].value += line
                } else if let colon = line.firstIndex(of: ":") {
                    result.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
                }
            }
            return result
        }

        /// The first header named `name` (case-insensitive), unfolded.
        public func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    private let server: ServerProcess
    private let ready: NotifierServerReady
    private let options: Options

    /// Starts the server and returns once it accepts connections.
    public init(_ options: Options = Options()) async throws {
        var arguments: [String] = []
        if let username = options.username { arguments += ["--user", username, "--password", options.password ?? ""] }
        for address in options.rejectedRecipients { arguments += ["--reject", address] }
        if options.implicitTLS { arguments.append("--implicit-tls") }
        if options.noTLS { arguments.append("--no-tls") }
        if options.stallFailedAuth { arguments.append("--stall-failed-auth") }
        server = try await ServerProcess.start(script: "smtp/smtp_server.py") { ["--dir", $0.path] + arguments }
        ready = try JSONDecoder().decode(NotifierServerReady.self, from: server.readyData)
        self.options = options
    }

    public var port: Int { ready.port }
    /// PEM file of the CA that signed the server certificate (for `ca_file`).
    public var caFile: String { ready.ca }
    /// `smtp://127.0.0.1:PORT`, or `smtps://` with implicit TLS.
    public var url: String { "\(options.implicitTLS ? "smtps" : "smtp")://127.0.0.1:\(port)" }

    /// Every message received so far, in arrival order.
    public func messages() throws -> [ReceivedMail] {
        let names = try FileManager.default.contentsOfDirectory(atPath: server.stateDirectory.path)
            .filter { $0.hasPrefix("msg-") && $0.hasSuffix(".json") }.sorted()
        return try names.map { name in
            let meta = server.stateDirectory.appendingPathComponent(name)
            var mail = try JSONDecoder().decode(ReceivedMail.self, from: Data(contentsOf: meta))
            mail.raw = try Data(contentsOf: meta.deletingPathExtension().appendingPathExtension("eml"))
            return mail
        }
    }
}

/// The ready file of the notifier test servers: where they listen and which CA signed their certificate.
struct NotifierServerReady: Decodable, Sendable {
    var port: Int
    var ca: String
}
