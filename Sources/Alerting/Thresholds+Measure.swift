import Capacity

extension Thresholds {
    /// The threshold for `measure`; nil when it is switched off, and always nil for the watcher's own health
    /// measures, which have no figures to compare.
    public subscript(measure: Measure) -> Threshold? {
        get {
            switch measure {
            case .cpuRequests: cpuRequests
            case .cpuLimits: cpuLimits
            case .memoryRequests: memoryRequests
            case .memoryLimits: memoryLimits
            case .clusterUnreachable, .notifierFailing: nil
            }
        }
        set {
            switch measure {
            case .cpuRequests: cpuRequests = newValue
            case .cpuLimits: cpuLimits = newValue
            case .memoryRequests: memoryRequests = newValue
            case .memoryLimits: memoryLimits = newValue
            case .clusterUnreachable, .notifierFailing: break
            }
        }
    }
}
