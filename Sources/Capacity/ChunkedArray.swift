/// An append-only array kept in fixed-size chunks.
///
/// A plain array that grows to 150,000 pod rows doubles its buffer on the way and holds the old and the
/// new copy at once while it moves (tens of MB at the peak); chunks are never moved, so memory grows by
/// one chunk at a time and peaks at what is stored.
struct ChunkedArray<Element: Sendable>: Sendable {
    private static var chunkCapacity: Int { 4096 }
    private var chunks: [[Element]] = []
    /// How many elements were appended.
    private(set) var count = 0

    init() {}

    mutating func append(_ element: Element) {
        if count % Self.chunkCapacity == 0 {
            var chunk: [Element] = []
            chunk.reserveCapacity(Self.chunkCapacity)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(element)
        count += 1
    }

    subscript(index: Int) -> Element {
        chunks[index / Self.chunkCapacity][index % Self.chunkCapacity]
    }
}
