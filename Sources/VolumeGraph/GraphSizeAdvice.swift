/// When a graph is too big for any picture of it to be read, and what to draw instead.
///
/// Above a few hundred objects a Graphviz layout becomes a strip tens of thousands of pixels
/// long: still written, because the user asked for it, but with this advice beside it.
public enum GraphSizeAdvice {
    /// Above this many objects no picture of the graph can be read.
    public static let readableObjectLimit = 300

    /// The advice for a graph above ``readableObjectLimit``; nil for one that can be read.
    public static func note(for graph: RelationshipGraph) -> String? {
        guard graph.nodes.count > readableObjectLimit else { return nil }
        return "\(graph.nodes.count) objects are too many to read in one picture (over \(readableObjectLimit)): "
            + "draw one namespace with --namespace NS or one object's surroundings with --focus KIND/NS/NAME"
    }
}
