/// The UTF-8 bytes of many short names stored back to back in large blocks, so that 150,000 pod names
/// cost their bytes rather than one heap object each (about 65 bytes apiece for a 30-character name).
struct NameArena: Sendable {
    /// Where one name's bytes are.
    struct Reference: Sendable {
        var block: UInt32
        var start: UInt32
        var length: UInt32
    }

    private static let blockCapacity = 64 * 1024
    private var blocks: [[UInt8]] = []

    init() {}

    /// Stores a name's bytes; a name longer than a block gets a block of its own.
    mutating func store(_ name: String) -> Reference {
        var name = name
        return name.withUTF8 { bytes in
            if blocks.isEmpty || blocks[blocks.count - 1].capacity - blocks[blocks.count - 1].count < bytes.count {
                var block: [UInt8] = []
                block.reserveCapacity(max(Self.blockCapacity, bytes.count))
                blocks.append(block)
            }
            let index = blocks.count - 1
            let start = blocks[index].count
            blocks[index].append(contentsOf: bytes)
            return Reference(block: UInt32(index), start: UInt32(start), length: UInt32(bytes.count))
        }
    }

    /// The name stored at `reference`.
    func string(_ reference: Reference) -> String {
        withBytes(reference) { String(decoding: $0, as: UTF8.self) }
    }

    /// Byte order of two stored names, which for Kubernetes names (ASCII) is the order of `String`'s `<`.
    func precedes(_ a: Reference, _ b: Reference) -> Bool? {
        withBytes(a) { x in
            withBytes(b) { y in
                x.elementsEqual(y) ? nil : x.lexicographicallyPrecedes(y)
            }
        }
    }

    private func withBytes<Result>(_ reference: Reference, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        blocks[Int(reference.block)].withUnsafeBufferPointer { block in
            let start = Int(reference.start)
            return body(UnsafeBufferPointer(rebasing: block[start..<start + Int(reference.length)]))
        }
    }
}
