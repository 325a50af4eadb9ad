/// One node of `kubectl describe nodes` output, reduced to what the capacity figures are compared with.
///
/// The layout is kubectl 1.32's `describeNode`/`describeNodeResource` (k8s.io/kubectl pkg/describe/describe.go):
/// `Capacity:` and `Allocatable:` blocks of `  name:  quantity` lines (`Allocatable:` is absent when the node
/// has none), `Non-terminated Pods:  (N in total)` followed by a table with one row per counted pod, and
/// `Allocated resources:` with `cpu` and `memory` rows of `requests (P%)  limits (P%)`, where every percentage
/// is `int64(float64(sum) / float64(allocatable) * 100)` (0 when the allocatable is 0).
struct KubectlNodeDescription {
    /// A `quantity (P%)` pair.
    struct Share {
        var quantity: KubectlQuantity
        /// The integer kubectl printed: truncated, `-9223372036854775808` for a division by zero in a pod row.
        var percent: Int64
    }

    /// One row of the "Non-terminated Pods" table.
    struct PodRow {
        var namespace: String
        var name: String
        var cpuRequests: Share
        var cpuLimits: Share
        var memoryRequests: Share
        var memoryLimits: Share
    }

    var name: String
    var capacity: [String: KubectlQuantity]
    /// Nil when kubectl printed no `Allocatable:` block (the node lists no allocatable).
    var allocatable: [String: KubectlQuantity]?
    var podCount: Int
    var pods: [PodRow]
    var cpuRequests: Share
    var cpuLimits: Share
    var memoryRequests: Share
    var memoryLimits: Share

    /// The list kubectl takes the percentages' denominator from: allocatable when the node has any, else
    /// capacity (`allocatable := node.Status.Capacity; if len(node.Status.Allocatable) > 0 {…}`).
    var denominators: [String: KubectlQuantity] { allocatable ?? capacity }

    struct ParseError: Error, CustomStringConvertible {
        let description: String
    }

    /// Splits the whole output of `kubectl describe nodes` into nodes, by their `Name:` lines.
    static func parseAll(_ output: String) throws -> [KubectlNodeDescription] {
        var sections: [[Substring]] = []
        for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("Name:") {
                sections.append([line])
            } else if !sections.isEmpty {
                sections[sections.count - 1].append(line)
            }
        }
        return try sections.map(parse)
    }

    private static func fields(_ line: Substring) -> [Substring] {
        line.split(separator: " ", omittingEmptySubsequences: true)
    }

    private static func parse(_ lines: [Substring]) throws -> KubectlNodeDescription {
        guard let name = fields(lines[0]).dropFirst().first.map(String.init) else {
            throw ParseError(description: "no node name in \"\(lines[0])\"")
        }
        func fail(_ what: String) -> ParseError { ParseError(description: "node \(name): \(what)") }

        /// `  name:  quantity` lines following a block title, up to the first unindented line.
        func block(_ title: String) throws -> [String: KubectlQuantity]? {
            guard let start = lines.firstIndex(of: Substring(title)) else { return nil }
            var result: [String: KubectlQuantity] = [:]
            for line in lines[(start + 1)...] {
                guard line.hasPrefix("  ") else { break }
                let parts = fields(line)
                guard parts.count == 2, parts[0].hasSuffix(":") else { throw fail("unreadable \(title) line \"\(line)\"") }
                do {
                    result[String(parts[0].dropLast())] = try KubectlQuantity(String(parts[1]))
                } catch {
                    throw fail("\(title) \(error)")
                }
            }
            return result
        }

        func share(_ quantity: Substring, _ percent: Substring) throws -> Share {
            guard percent.hasPrefix("("), percent.hasSuffix("%)"), let value = Int64(percent.dropFirst().dropLast(2)) else {
                throw fail("unreadable percentage \"\(percent)\"")
            }
            do {
                return Share(quantity: try KubectlQuantity(String(quantity)), percent: value)
            } catch {
                throw fail("\(error)")
            }
        }

        let capacity = try block("Capacity:") ?? [:]
        let allocatable = try block("Allocatable:")

        guard let podsLine = lines.firstIndex(where: { $0.hasPrefix("Non-terminated Pods:") }) else {
            throw fail("no \"Non-terminated Pods:\" line")
        }
        let countText = lines[podsLine].split(separator: "(").last?.split(separator: " ").first
        guard let podCount = countText.flatMap({ Int($0) }) else { throw fail("unreadable \"\(lines[podsLine])\"") }
        guard let allocatedLine = lines.firstIndex(where: { $0.hasPrefix("Allocated resources:") }),
              allocatedLine > podsLine else {
            throw fail("no \"Allocated resources:\" after the pod table")
        }
        var pods: [PodRow] = []
        // Header and dashes first; then `namespace name cpuReq (P%) cpuLim (P%) memReq (P%) memLim (P%) age`.
        for line in lines[(podsLine + 1)..<allocatedLine] {
            let parts = fields(line)
            if parts.isEmpty || parts[0] == "Namespace" || parts[0].allSatisfy({ $0 == "-" }) { continue }
            guard parts.count == 11 else { throw fail("unreadable pod row \"\(line)\"") }
            pods.append(PodRow(namespace: String(parts[0]), name: String(parts[1]),
                               cpuRequests: try share(parts[2], parts[3]), cpuLimits: try share(parts[4], parts[5]),
                               memoryRequests: try share(parts[6], parts[7]),
                               memoryLimits: try share(parts[8], parts[9])))
        }
        guard pods.count == podCount else { throw fail("\(pods.count) pod rows for \(podCount) pods in total") }

        var allocated: [String: (Share, Share)] = [:]
        for line in lines[(allocatedLine + 1)...] {
            guard line.hasPrefix("  ") else { break }
            let parts = fields(line)
            guard parts.count == 5, parts[0] == "cpu" || parts[0] == "memory" else { continue }
            allocated[String(parts[0])] = (try share(parts[1], parts[2]), try share(parts[3], parts[4]))
        }
        guard let cpu = allocated["cpu"], let memory = allocated["memory"] else {
            throw fail("no cpu or memory row under \"Allocated resources:\"")
        }
        return KubectlNodeDescription(name: name, capacity: capacity, allocatable: allocatable, podCount: podCount,
                                      pods: pods, cpuRequests: cpu.0, cpuLimits: cpu.1, memoryRequests: memory.0,
                                      memoryLimits: memory.1)
    }
}
