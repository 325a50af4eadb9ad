import Alerting
import Foundation
import KubeModel
import Logging
import WatcherConfig

/// Everything `run` prepares from a configuration before it touches the network, and the checks that go with
/// it: alert rules and the node selector (already checked by the config layer, which parses into their types),
/// the cluster source's static settings (kubeconfig readable and parseable,
/// its context present, its TLS files readable, snapshot files readable) and the notifiers.
///
/// `check-config`, `run` at start and a reload all call ``prepare(_:logger:environment:)``, so a configuration
/// `check-config` accepts never stops `run` with a configuration error, and every such error, wherever it is
/// found, is a ``ConfigurationError`` (exit 78, which systemd's `RestartPreventExitStatus=78` does not restart).
public struct Preflight: Sendable {
    public var rules: AlertRules
    public var nodeSelector: LabelSelector
    public var connection: ClusterConnection
    /// The notifiers; ``NotifierSet/unavailable`` ones are not configuration errors (see there) unless no
    /// notifier at all can be set up.
    public var notifiers: NotifierSet
    /// The HTTP control endpoints' token, read from `[http] token_file`; nil when none is configured.
    public var controlToken: ControlToken?

    /// Notifiers that cannot be set up now, as warnings placed at their key's line: `run` starts without them
    /// and tries them again before each notification.
    public var warnings: [ConfigIssue] {
        notifiers.unavailable.map { error in
            var issue = NotifierSetup.issue(for: error, in: configuration)
            issue.message += " (\(error.notifier) is tried again before each notification; the other notifiers deliver meanwhile)"
            return issue
        }
    }

    private var configuration: Configuration

    /// Checks and prepares `configuration`; throws every configuration problem found, at once, in line order.
    public static func prepare(_ configuration: Configuration, logger: Logger,
                               environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ConfigurationError) -> Preflight {
        var issues: [ConfigIssue] = []
        let notifiers = NotifierSetup.prepare(configuration)
        issues += notifiers.issues
        // One broken notifier stands aside; with none able to deliver, the configuration as a whole cannot work.
        if !notifiers.unavailable.isEmpty, notifiers.unavailable.count == notifiers.notifiers.count {
            issues += notifiers.unavailable.map { NotifierSetup.issue(for: $0, in: configuration) }
        }
        let (connection, sourceIssues) = openSource(configuration, logger: logger, environment: environment)
        issues += sourceIssues
        var controlToken: ControlToken?
        do { controlToken = try readControlToken(configuration) } catch { issues.append(error) }
        guard issues.isEmpty, let connection else {
            throw ConfigurationError(ConfigurationLoader.inLineOrder(issues))
        }
        return Preflight(rules: AlertRules(configuration: configuration),
                         nodeSelector: configuration.kubernetes.nodeSelector ?? .everything, connection: connection,
                         notifiers: notifiers, controlToken: controlToken, configuration: configuration)
    }

    /// `[http] token_file`, read now: a file that cannot be read, or holds no usable token, is a configuration
    /// problem, since the endpoints it guards could never be used. Its content never appears in a message.
    private static func readControlToken(_ configuration: Configuration) throws(ConfigIssue) -> ControlToken? {
        guard let file = configuration.http.tokenFile else { return nil }
        switch file.read() {
        case .failure(let error):
            throw configuration.issue(section: "http", key: "token_file", message: error.message)
        case .success(let text):
            guard let token = ControlToken(text) else {
                throw configuration.issue(section: "http", key: "token_file", message:
                    "\(file.origin) does not hold a usable token: one line of printable characters without spaces")
            }
            return token
        }
    }

    /// The cluster source, opened without any request: a kubeconfig that cannot be used or a snapshot file that
    /// cannot be read is a configuration problem of `[kubernetes]`.
    private static func openSource(_ configuration: Configuration, logger: Logger, environment: [String: String])
        -> (ClusterConnection?, [ConfigIssue]) {
        let kubernetes = configuration.kubernetes
        let snapshotIssues = kubernetes.snapshots.compactMap { path in
            BoundedFile.readingProblem(path).map {
                configuration.issue(section: "kubernetes", key: "snapshot", message: "cannot read \(path): \($0)")
            }
        }
        guard snapshotIssues.isEmpty else { return (nil, snapshotIssues) }
        do {
            let connection = try ClusterConnection.open(SourceSettings(configuration: kubernetes),
                                                        logger: logger, environment: environment)
            return (connection, [])
        } catch {
            let key: String? = kubernetes.kubeconfig != nil ? "kubeconfig" : (kubernetes.context != nil ? "context" : nil)
            return (nil, [configuration.issue(section: "kubernetes", key: key, message: "\(error)")])
        }
    }
}
