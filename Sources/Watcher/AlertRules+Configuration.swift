import Alerting
import WatcherConfig

extension AlertRules {
    /// The alert rules a configuration asks for: its types are the core's, so this only gathers them.
    public init(configuration: Configuration) {
        let policies = configuration.policies.map { policy in
            AlertPolicy(name: policy.name, namespaces: Set(policy.namespaces), nodeSelector: policy.nodeSelector,
                        thresholds: policy.thresholds)
        }
        let general = configuration.general
        self.init(scope: general.scope, reportType: general.reportType, namespaces: Set(general.namespaces),
                  defaultThresholds: configuration.defaultPolicyEnabled ? general.thresholds : nil,
                  policies: policies)
    }
}
