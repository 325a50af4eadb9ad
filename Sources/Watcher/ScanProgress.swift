/// How far a capacity scan has read, reported after every page so an interactive `scan` can show it.
public struct ScanProgress: Sendable, Equatable {
    /// List pages read so far (node and pod pages; a list restarted after an expired continue token counts again).
    public var pages = 0
    /// Nodes read so far (from the start again when the list restarts).
    public var nodes = 0
    /// Pods read so far, the counted ones (bound and unfinished, as the server filters them); from the start
    /// again when the list restarts.
    public var pods = 0

    /// Nothing read yet.
    public init() {}
}
