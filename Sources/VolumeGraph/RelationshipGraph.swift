import Foundation

/// The built graph: sorted nodes, relationships and findings, ready for a renderer.
///
/// Encodes to the document described in `docs/graph-json.md` and decodes back to an equal value.
public struct RelationshipGraph: Codable, Equatable, Sendable {
    /// Always ``RelationshipGraph/currentAPIVersion``; kept so readers can check it.
    public var apiVersion: String
    /// Always ``RelationshipGraph/documentKind``.
    public var kind: String
    /// When the inventory was read, passed in by the caller (the builder reads no clock);
    /// whole seconds so the JSON round-trips exactly.
    public var generatedAt: Date?
    /// Sorted by ``GraphNodeID``.
    public var nodes: [GraphNode]
    /// Sorted; every end is a node of ``nodes``.
    public var relationships: [Relationship]
    /// Sorted by severity (errors first), code and objects.
    public var findings: [Finding]

    public static let currentAPIVersion = "kubecapwatch/v1"
    public static let documentKind = "RelationshipGraph"

    public init(generatedAt: Date? = nil, nodes: [GraphNode] = [], relationships: [Relationship] = [],
                findings: [Finding] = []) {
        apiVersion = Self.currentAPIVersion
        kind = Self.documentKind
        self.generatedAt = generatedAt.map { Date(timeIntervalSince1970: $0.timeIntervalSince1970.rounded(.down)) }
        self.nodes = nodes.sorted { $0.id < $1.id }
        self.relationships = relationships.sorted()
        self.findings = findings.sorted()
    }

    /// The node with this identity, if present.
    public func node(_ id: GraphNodeID) -> GraphNode? {
        nodes.first { $0.id == id }
    }

    /// Relationships of one type, in order.
    public func relationships(_ type: RelationshipType) -> [Relationship] {
        relationships.filter { $0.type == type }
    }

    /// The most severe finding about each object it names, for highlighting.
    public var worstSeverityByObject: [GraphNodeID: FindingSeverity] {
        var worst: [GraphNodeID: FindingSeverity] = [:]
        for finding in findings {
            for object in finding.objects {
                worst[object] = min(worst[object] ?? finding.severity, finding.severity)
            }
        }
        return worst
    }
}
