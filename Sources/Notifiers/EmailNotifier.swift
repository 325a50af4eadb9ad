import Alerting
import CurlTransport
import Foundation
import Synchronization

/// Sends each notification as one email over SMTP (libcurl), to every configured recipient.
///
/// TLS is required unless `starttls = off` is set explicitly, and credentials never travel without it.
/// A refused recipient is reported by address (the message is sent again one recipient at a time to learn
/// which, see ``SMTPSession``); the others still get the message, and a retry of the same notification does
/// not send it to them again.
public final class EmailNotifier: Notifier {
    public let name: String
    private let checked: Configuration.Validated
    private let subjectPrefix: String
    private let now: @Sendable () -> Date
    /// Recipients that already have a notification, by notification id, so a retry after a partial
    /// failure reaches only the rest. In memory: after a restart a partial send may repeat.
    private let progress = Mutex<[String: Set<String>]>([:])

    /// Checks the configuration now, so mistakes surface at start-up, not at the first alert.
    public init(name: String = "email", configuration: Configuration,
                now: @escaping @Sendable () -> Date = { Date() }) throws(NotifierError) {
        self.name = name
        self.checked = try configuration.validated(notifier: name)
        self.subjectPrefix = configuration.subjectPrefix
        self.now = now
    }

    public func deliver(_ notification: AlertNotification) async throws(NotifierError) {
        let alreadySent = progress.withLock { $0[notification.id] ?? [] }
        let pending = checked.to.filter { !alreadySent.contains($0.address) }
        guard !pending.isEmpty else { return }
        let message = EmailMessage(from: checked.from, to: checked.to, subjectPrefix: subjectPrefix,
                                   notification: notification, date: now())
        // A blocking libcurl transfer must not hold one of the few cooperative threads (two on this size of machine).
        let outcome = await CancellationFlag.offloading { [checked] _ in
            EmailNotifier.send(Array(message.rendered.utf8), settings: checked.settings,
                               from: checked.from.address, to: pending.map(\.address))
        }
        record(outcome.delivered, for: notification.id)
        if let error = outcome.error(notifier: name, host: checked.host, username: checked.settings.username) { throw error }
        progress.withLock { _ = $0.removeValue(forKey: notification.id) }
    }

    private func record(_ delivered: [String], for id: String) {
        guard !delivered.isEmpty else { return }
        progress.withLock { table in
            table[id, default: []].formUnion(delivered)
            // Bounded: only the latest few partial sends matter.
            if table.count > 64, let oldest = table.keys.first { table.removeValue(forKey: oldest) }
        }
    }

    /// What one delivery achieved: who got it, who was refused, and the first other failure.
    struct Outcome: Sendable {
        var delivered: [String] = []
        var refused: [String] = []
        var failure: SMTPFailure?

        func error(notifier: String, host: String, username: String?) -> NotifierError? {
            if let failure { return EmailNotifier.classify(failure, notifier: notifier, host: host, username: username) }
            guard !refused.isEmpty else { return nil }
            let note = delivered.isEmpty ? "no recipient accepted the message"
                : "delivered to the \(delivered.count) other recipient(s)"
            return NotifierError(notifier: notifier, reason: .recipientsRejected(refused),
                                 message: "\(host) refused \(refused.joined(separator: ", ")); \(note)")
        }
    }

    /// One transaction for everyone; if it fails at RCPT TO, one per recipient to find who is refused.
    static func send(_ message: [UInt8], settings: SMTPSettings, from: String, to: [String]) -> Outcome {
        let transfer: SMTPSession
        do {
            transfer = try SMTPSession(settings: settings)
        } catch {
            return Outcome(failure: error)
        }
        switch transfer.send(message: message, from: from, recipients: to) {
        case .success: return Outcome(delivered: to)
        case .failure(let failure) where failure.atRecipient && to.count > 1:
            var outcome = Outcome()
            for recipient in to {
                switch transfer.send(message: message, from: from, recipients: [recipient]) {
                case .success: outcome.delivered.append(recipient)
                case .failure(let single) where single.atRecipient && single.replyCode >= 500:
                    outcome.refused.append(recipient)
                case .failure(let single):
                    if outcome.failure == nil { outcome.failure = single }
                }
            }
            return outcome
        case .failure(let failure) where failure.atRecipient && failure.replyCode >= 500:
            return Outcome(refused: to)
        case .failure(let failure):
            return Outcome(failure: failure)
        }
    }

    /// Maps the transfer's failure to a reason that says whether a retry can help.
    ///
    /// A refused login is ``SMTPFailure/Kind/loginDenied`` (the server answered 535). Some servers never answer
    /// the credentials they refuse, or hang up instead (a tarpit against password guessing; aiosmtpd's default
    /// authenticator does it): the transfer then times out or reads nothing while the last reply is 334, the
    /// server's prompt for credentials. That is a refused login too, not a network problem, and retrying cannot help.
    static func classify(_ failure: SMTPFailure, notifier: String, host: String, username: String?) -> NotifierError {
        let reply = failure.replyCode
        let user = username.map { " of user \"\($0)\"" } ?? ""
        let stalledAtLogin = reply == 334 && failure.kind == .interrupted
        if failure.kind == .loginDenied || stalledAtLogin {
            let message = failure.kind == .loginDenied
                ? "\(host) refused the credentials\(user)" + (reply > 0 ? " (reply \(reply))" : "")
                    + ": check username and password"
                : "\(host) did not accept the credentials\(user): no answer after they were sent (\(failure.detail)); "
                    + "check username and password"
            return NotifierError(notifier: notifier, reason: .authenticationFailed, message: message)
        }
        let reason: NotifierError.Reason
        switch failure.kind {
        case .tls: reason = .tlsUnavailable
        case .unusableSettings: reason = .configuration
        case .unreachable, .interrupted: reason = .connection
        case .loginDenied, .other:
            // The server's refusal of MAIL, RCPT or DATA: 5xx is final, 4xx and anything without a reply code is
            // worth another try.
            if reply >= 500 { reason = .rejected("\(reply)") } else if reply >= 400 { reason = .serverError(reply) } else { reason = .connection }
        }
        return NotifierError(notifier: notifier, reason: reason, message: "\(host): \(failure)")
    }
}

extension EmailNotifier: CustomStringConvertible, CustomReflectable {
    /// Name and host only: the notifier holds the password.
    public var description: String { "EmailNotifier(\(name) via \(checked.host))" }

    public var customMirror: Mirror { Mirror(self, children: ["description": description], displayStyle: .class) }
}
