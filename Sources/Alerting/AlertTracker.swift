import Capacity
import Foundation

/// The alert state machine of DESIGN.md 4.5: turns each scan's verdict into one grouped notification.
///
/// - The first breaching scan of a key is a FIRING.
/// - While it stays breached, breaching scans N+1, 2N+1, … (N = `reminderCount`, scan 1 being the FIRING)
///   are REMINDERs; N = 0 never reminds, N = 1 reminds every scan.
/// - It is RESOLVED by the first successful scan in which it does not breach: back at or under the
///   threshold (with the current figures), its object gone, or no longer checked after a reload (threshold
///   switched off, report type, scope, namespaces or policies changed). Without current figures the alert
///   carries none and its `detail` quotes the last ones. A later breach is a new FIRING, so flapping needs no
///   special case.
/// - A failed scan changes no capacity alert. After `unreachableAfter` consecutive failures a
///   `cluster_unreachable` alert fires (firing since the first failed scan), is reminded of on the same
///   cadence counted in failed scans, and resolves on the next successful scan.
///
/// A value type without I/O or clock: `now` comes in, the new state is ``state``, which the caller persists.
///
/// The service loop, per scan (save before submitting, so a crash in between is repaired by the resubmission
/// at start-up, which the dispatcher deduplicates by notification id):
/// ```swift
/// // start-up
/// let loaded = store.load(now: clock.now)            // log loaded.warning if set
/// var tracker = AlertTracker(cluster: name, reminderCount: n, unreachableAfter: k, state: loaded.state)
/// if let pending = tracker.state.lastNotification { await dispatcher.submit(pending) }
/// // each scan
/// let notification: AlertNotification
/// do {
///     let report = try await scan()
///     notification = tracker.recordScan(evaluator.evaluate(report, watching: tracker.openKeys), now: now)
/// } catch {
///     notification = tracker.recordFailure(reason: "\(error)", now: now)
/// }
/// try store.save(tracker.state, now: now)             // log and carry on when it fails
/// if !notification.isEmpty { await dispatcher.submit(notification) }
/// ```
/// On a reload, replace `evaluator.rules` and set `reminderCount`/`unreachableAfter`; keep the tracker.
public struct AlertTracker: Sendable {
    /// The cluster named in notifications and in the `cluster_unreachable` key.
    public var cluster: String
    /// `reminder_count`; may change on a reload, the cadence then follows the new value.
    public var reminderCount: Int
    /// `unreachable_after`; values below 1 behave as 1.
    public var unreachableAfter: Int
    public private(set) var state: AlertTrackerState

    public init(cluster: String, reminderCount: Int, unreachableAfter: Int, state: AlertTrackerState = AlertTrackerState()) {
        self.cluster = cluster
        self.reminderCount = reminderCount
        self.unreachableAfter = unreachableAfter
        self.state = state
    }

    /// The capacity alerts currently open: pass them to ``PolicyEvaluator/evaluate(_:watching:)`` so the
    /// evaluation can say why each one that cleared did.
    public var openKeys: Set<AlertKey> {
        Set(state.open.keys.filter { $0.measure.isCapacity })
    }

    /// The alerts currently open, as a notification would show them (for status output).
    public var openAlerts: [Alert] {
        state.open.values.sorted { $0.key < $1.key }.map { alert($0, .firing) }
    }

    /// Records a successful scan and returns what it changed (possibly nothing: ``AlertNotification/isEmpty``).
    public mutating func recordScan(_ evaluation: PolicyEvaluation, now: Date) -> AlertNotification {
        var firing: [Alert] = [], reminders: [Alert] = [], resolved: [Alert] = []
        resolved += resolveUnreachable()
        var breached = Set<AlertKey>()
        for breach in evaluation.breaches where breached.insert(breach.key).inserted {
            switch advance(breach, now: now) {
            case .firing(let alert): firing.append(alert)
            case .reminder(let alert): reminders.append(alert)
            case nil: break
            }
        }
        for key in state.open.keys.sorted() where !breached.contains(key) && key.measure.isCapacity {
            if let alert = resolve(key, evaluation.clearance(for: key)) { resolved.append(alert) }
        }
        state.lastSuccessfulScan = now
        return finish(firing: firing, reminders: reminders, resolved: resolved, now: now)
    }

    /// Records a failed scan: capacity alerts stay exactly as they are; the failure streak grows and,
    /// from the `unreachableAfter`-th failure on, drives the `cluster_unreachable` alert.
    public mutating func recordFailure(reason: String, now: Date) -> AlertNotification {
        state.consecutiveFailures += 1
        if state.failingSince == nil { state.failingSince = now }
        var firing: [Alert] = [], reminders: [Alert] = []
        if state.consecutiveFailures >= max(1, unreachableAfter) {
            let key = AlertKey.clusterUnreachable(cluster)
            let detail = "\(reason) (\(state.consecutiveFailures) consecutive failed scans)"
            if var open = state.open[key] {
                open.breachedScans += 1
                open.detail = detail
                let reminder = reminderNumber(open.breachedScans)
                if reminder != nil { open.lastNotified = now }
                state.open[key] = open
                if let reminder { reminders.append(alert(open, .reminder, reminder: reminder)) }
            } else {
                let open = TrackedAlert(key: key, firingSince: state.failingSince ?? now, detail: detail, lastNotified: now)
                state.open[key] = open
                firing.append(alert(open, .firing))
            }
        }
        return finish(firing: firing, reminders: reminders, resolved: [], now: now)
    }

    /// The notifiers whose `notifier_failing` alert is open, sorted.
    public var failingNotifiers: [String] {
        state.open.keys.compactMap { key -> String? in
            if case .notifier(let name) = key.object { return name }
            return nil
        }.sorted()
    }

    /// Records that `notifier` cannot deliver: a FIRING the first time (the dispatcher sends it through the
    /// other notifiers), nothing more while it stays open; the log says more at every failed attempt.
    public mutating func recordNotifierFailing(_ notifier: String, reason: String, now: Date) -> AlertNotification {
        guard !failingNotifiers.contains(notifier) else { return AlertNotification(cluster: cluster, createdAt: now) }
        let open = TrackedAlert(key: AlertKey(cluster: cluster, object: .notifier(notifier), measure: .notifierFailing),
                                firingSince: now, detail: "notifier \(notifier) is failing: \(reason)", lastNotified: now)
        state.open[open.key] = open
        return finish(firing: [alert(open, .firing)], reminders: [], resolved: [], now: now)
    }

    /// Records that `notifier` delivers again, or is no longer configured (`detail` says which): RESOLVED when
    /// its `notifier_failing` alert was open.
    public mutating func recordNotifierRecovered(_ notifier: String, detail: String, now: Date) -> AlertNotification {
        var resolved: [Alert] = []
        for key in state.open.keys.sorted() where key.object == .notifier(notifier) {
            guard let open = state.open.removeValue(forKey: key) else { continue }
            var alert = alert(open, .resolved)
            alert.detail = "notifier \(notifier) \(detail)"
            resolved.append(alert)
        }
        guard !resolved.isEmpty else { return AlertNotification(cluster: cluster, createdAt: now) }
        return finish(firing: [], reminders: [], resolved: resolved, now: now)
    }

    /// How many more breaching (or, for `cluster_unreachable`, failing) scans until the next REMINDER of an alert
    /// that has been breached for `breachedScans` scans; nil when reminders are off (`reminderCount` 0). The
    /// watcher's `notifier_failing` alert is never reminded of.
    public func scansUntilReminder(after breachedScans: Int) -> Int? {
        guard reminderCount > 0 else { return nil }
        let sinceLast = (max(1, breachedScans) - 1) % reminderCount
        return reminderCount - sinceLast
    }

    /// Which reminder a breaching scan is (1, 2, …), or nil when that scan stays quiet.
    public func reminderNumber(_ breachedScans: Int) -> Int? {
        guard reminderCount > 0, breachedScans > 1, (breachedScans - 1) % reminderCount == 0 else { return nil }
        return (breachedScans - 1) / reminderCount
    }

    private enum Step {
        case firing(Alert)
        case reminder(Alert)
    }

    private mutating func advance(_ breach: Breach, now: Date) -> Step? {
        guard var open = state.open[breach.key] else {
            let open = TrackedAlert(key: breach.key, firingSince: now, figures: breach.figures, policy: breach.policy,
                                    lastNotified: now)
            state.open[breach.key] = open
            return .firing(alert(open, .firing))
        }
        open.breachedScans += 1
        open.figures = breach.figures
        open.policy = breach.policy
        let reminder = reminderNumber(open.breachedScans)
        if reminder != nil { open.lastNotified = now }
        state.open[breach.key] = open
        return reminder.map { .reminder(alert(open, .reminder, reminder: $0)) }
    }

    private mutating func resolve(_ key: AlertKey, _ clearance: PolicyEvaluation.Clearance) -> Alert? {
        guard let open = state.open.removeValue(forKey: key) else { return nil }
        var alert = alert(open, .resolved)
        switch clearance {
        case .withinThreshold(let figures):
            alert.figures = figures
        case .notChecked(let reason):
            alert.figures = nil
            alert.detail = "no longer checked: \(reason)" + Self.lastSeen(open.figures)
        case .objectGone:
            alert.figures = nil
            alert.detail = "\(Self.kindName(key.object)) no longer in the cluster (deleted or finished)" + Self.lastSeen(open.figures)
        }
        return alert
    }

    private mutating func resolveUnreachable() -> [Alert] {
        defer {
            state.consecutiveFailures = 0
            state.failingSince = nil
        }
        let keys = state.open.keys.filter { $0.measure == .clusterUnreachable }.sorted()
        return keys.compactMap { key in
            guard let open = state.open.removeValue(forKey: key) else { return nil }
            var alert = alert(open, .resolved)
            alert.detail = "scans succeed again after \(state.consecutiveFailures) consecutive failures"
            return alert
        }
    }

    private mutating func finish(firing: [Alert], reminders: [Alert], resolved: [Alert], now: Date) -> AlertNotification {
        let notification = AlertNotification(cluster: cluster, createdAt: now,
                                             firing: firing.sorted { $0.key < $1.key },
                                             reminders: reminders.sorted { $0.key < $1.key },
                                             resolved: resolved.sorted { $0.key < $1.key })
        state.lastNotification = notification.isEmpty ? nil : notification
        return notification
    }

    private func alert(_ open: TrackedAlert, _ state: AlertState, reminder: Int = 0) -> Alert {
        Alert(key: open.key, state: state, figures: open.figures, firingSince: open.firingSince,
              breachedScans: open.breachedScans, reminder: reminder,
              detail: open.detail ?? open.policy.map { "policy \($0)" })
    }

    /// `; last seen at 91.25% > 80% (3650m of 4000m allocatable)`, or nothing without figures.
    private static func lastSeen(_ figures: AlertFigures?) -> String {
        guard let figures else { return "" }
        return "; last seen at \(String(format: "%.2f", figures.percent))% > \(Self.thresholdText(figures.threshold))%"
            + " (\(figures.valueText) of \(figures.allocatableText) allocatable)"
    }

    /// A recorded threshold as the configuration writes it: `80`, `80.5`.
    private static func thresholdText(_ percent: Double) -> String {
        Threshold(nearest: percent)?.description ?? "\(percent)"
    }

    private static func kindName(_ object: AlertObject) -> String {
        switch object {
        case .node: "node"
        case .pod: "pod"
        case .cluster: "cluster"
        case .notifier: "notifier"
        }
    }
}
