import Capacity

/// The numbers behind a capacity alert, in base units (millicores or bytes) and as text for people.
public struct AlertFigures: Hashable, Codable, Sendable {
    /// Requested or limited amount, in millicores or bytes.
    public var value: Int64
    /// `value` for people, e.g. `3650m` or `14.2Gi`.
    public var valueText: String
    /// The node's allocatable amount the percentage is taken of.
    public var allocatable: Int64
    /// `allocatable` for people.
    public var allocatableText: String
    /// `value / allocatable × 100`, unrounded; renderers round for display.
    public var percent: Double
    /// The threshold in percent that `percent` was compared with (strict `>`).
    public var threshold: Double

    public init(value: Int64, valueText: String, allocatable: Int64, allocatableText: String,
                percent: Double, threshold: Double) {
        self.value = value
        self.valueText = valueText
        self.allocatable = allocatable
        self.allocatableText = allocatableText
        self.percent = percent
        self.threshold = threshold
    }

    /// Figures whose texts are derived from the measure's resource (`3650m`, `3.5Gi`).
    public init(value: Int64, allocatable: Int64, percent: Double, threshold: Double, resource: Measure.Resource) {
        self.init(value: value, valueText: resource.format(value),
                  allocatable: allocatable, allocatableText: resource.format(allocatable),
                  percent: percent, threshold: threshold)
    }

    /// Whether ``value`` is over ``threshold``'s share of ``allocatable``, decided as the evaluator decides a
    /// breach (``Threshold/isExceeded(by:of:)`` on exact integers), so a message never says `<=` of a figure that
    /// fired, nor `>` of one that resolved. A threshold no ``Threshold`` can hold (a damaged state file) falls
    /// back to comparing the recorded percentages.
    public var exceedsThreshold: Bool {
        guard let exact = Threshold(nearest: threshold) else { return percent > threshold }
        return exact.isExceeded(by: value, of: allocatable)
    }
}
