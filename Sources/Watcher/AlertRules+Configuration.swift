import Alerting
import KubeModel
import WatcherConfig

extension AlertRules {
    /// The alert rules a configuration asks for. Label selectors were checked by the config layer;
    /// one that still fails to parse here is a configuration error naming its policy.
    public init(configuration: Configuration) throws(ConfigurationError) {
        var policies: [AlertPolicy] = []
        for policy in configuration.policies {
            let selector: LabelSelector?
            do {
                selector = try policy.nodeSelector.map { try LabelSelector(parsing: $0) }
            } catch {
                throw ConfigurationError([ConfigIssue(file: configuration.file, line: policy.line, key: "node_selector",
                                                      message: "\(error)")])
            }
            policies.append(AlertPolicy(name: policy.name, namespaces: Set(policy.namespaces), nodeSelector: selector,
                                        thresholds: AlertThresholds(policy.thresholds)))
        }
        let general = configuration.general
        self.init(scope: Scope(rawValue: general.scope.rawValue) ?? .all,
                  reportType: ReportType(rawValue: general.reportType.rawValue) ?? .all,
                  namespaces: Set(general.namespaces),
                  defaultThresholds: configuration.defaultPolicyEnabled ? AlertThresholds(general.thresholds) : nil,
                  policies: policies)
    }
}

extension AlertThresholds {
    init(_ thresholds: Configuration.Thresholds) {
        func convert(_ threshold: Threshold?) -> AlertThreshold? { threshold.map { AlertThreshold(milliPercent: $0.milliPercent) } }
        self.init(cpuRequests: convert(thresholds.cpuRequest), cpuLimits: convert(thresholds.cpuLimit),
                  memoryRequests: convert(thresholds.memRequest), memoryLimits: convert(thresholds.memLimit))
    }
}
