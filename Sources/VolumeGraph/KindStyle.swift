/// The look of each kind, shared by DOT and Mermaid so both pictures read the same way.
struct KindStyle {
    var fill: String
    var stroke: String
    /// Graphviz shape name.
    var dotShape: String

    static func of(_ kind: ObjectKind) -> KindStyle {
        switch kind {
        case .pod: KindStyle(fill: "#dbeafe", stroke: "#1d4ed8", dotShape: "box")
        case .persistentVolumeClaim: KindStyle(fill: "#fef3c7", stroke: "#b45309", dotShape: "folder")
        case .persistentVolume: KindStyle(fill: "#dcfce7", stroke: "#15803d", dotShape: "cylinder")
        case .storageClass: KindStyle(fill: "#ede9fe", stroke: "#6d28d9", dotShape: "hexagon")
        case .node: KindStyle(fill: "#e5e7eb", stroke: "#374151", dotShape: "box3d")
        case .service: KindStyle(fill: "#cffafe", stroke: "#0e7490", dotShape: "ellipse")
        case .configMap: KindStyle(fill: "#f0fdf4", stroke: "#4d7c0f", dotShape: "note")
        case .secret: KindStyle(fill: "#f5f5f4", stroke: "#57534e", dotShape: "note")
        case .deployment, .statefulSet, .daemonSet, .replicaSet, .job, .cronJob:
            KindStyle(fill: "#fce7f3", stroke: "#be185d", dotShape: "component")
        default: KindStyle(fill: "#ffffff", stroke: "#6b7280", dotShape: "box")
        }
    }

    /// Border colour of an object named by a finding of this severity.
    static func findingColor(_ severity: FindingSeverity) -> String {
        switch severity {
        case .error: "#dc2626"
        case .warning: "#ea580c"
        case .info: "#ca8a04"
        }
    }
}
