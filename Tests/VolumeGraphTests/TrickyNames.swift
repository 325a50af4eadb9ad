import KubeModel
@testable import VolumeGraph

/// Names no real cluster allows but a renderer must survive: quotes, backslashes, label escapes,
/// markup, separators, unicode, Mermaid keywords.
enum TrickyNames {
    static let podNames = [
        "quote\"d", "back\\slash", "trailing\\", "\\N\\G\\l label escapes", "café-ünïcode-日本", "dots.in.name",
        "<b>html</b> & amp", "{braces}; [brackets] |pipes|", "line\nbreak", "#hash;", "back`tick", "end", "subgraph",
        "a.b", "a-b", "-->", "%% comment",
    ]

    static func inventory() -> GraphInventory {
        var pods = podNames.map { Fx.pod("we\"ird ns", $0, node: "nöde \"1\"", claims: ["cläim \"x\""]) }
        pods.append(Fx.pod("x", "a/b"))
        pods.append(Fx.pod("x/a", "b"))
        return GraphInventory(
            pods: pods,
            persistentVolumeClaims: [Fx.pvc("we\"ird ns", "cläim \"x\"", phase: "Pending", storageClass: "gö\\ld")],
            persistentVolumes: [Fx.pv("pv \"released\"", phase: "Released", claim: ("we\"ird ns", "gone"))],
            storageClasses: [Fx.storageClass("gö\\ld")],
            nodes: [Fx.node("nöde \"1\"")])
    }
}
