import WatcherConfig

/// Where and how to read the cluster: the `[kubernetes]` section with command-line overrides applied.
public struct SourceSettings: Sendable {
    public var kubeconfig: String?
    public var context: String?
    public var snapshots: [String]
    public var clusterName: String?
    /// Seconds.
    public var requestTimeout: Int
    /// Seconds.
    public var connectTimeout: Int
    /// Seconds an exec credential plugin may run.
    public var execTimeout: Int
    public var pageSize: Int

    /// The config's settings, overridden by whichever flags were given.
    public init(configuration: Configuration.Kubernetes, kubeconfig: String? = nil, context: String? = nil,
                snapshots: [String] = []) {
        let flagsChooseSource = kubeconfig != nil || context != nil || !snapshots.isEmpty
        self.kubeconfig = kubeconfig ?? (flagsChooseSource ? nil : configuration.kubeconfig)
        self.context = context ?? (flagsChooseSource && kubeconfig != nil ? nil : configuration.context)
        self.snapshots = snapshots.isEmpty ? (flagsChooseSource ? [] : configuration.snapshots) : snapshots
        self.clusterName = configuration.clusterName
        self.requestTimeout = configuration.requestTimeout
        self.connectTimeout = configuration.connectTimeout
        self.execTimeout = configuration.execTimeout
        self.pageSize = configuration.pageSize
    }
}
