import CPodScan
import Foundation

/// A growable byte buffer that always keeps simdjson's padding readable after its contents, so a page
/// received into it can be scanned in place, without the copy an arbitrary `Data` needs.
///
/// Meant for one producer at a time: append a page, hand the buffer to ``FastPodListDecoder``, then call
/// ``removeAll()`` and reuse it for the next page, so the allocation is made once per scan.
public final class PaddedBuffer {
    /// Bytes of readable memory kept after the contents (`SIMDJSON_PADDING`).
    public static let padding = Int(cps_required_padding())

    private var storage: UnsafeMutableRawPointer
    /// Bytes of contents.
    public private(set) var count = 0
    /// Bytes that can be held before the storage grows (padding not included).
    public private(set) var capacity: Int

    public init(capacity: Int = 0) {
        self.capacity = max(capacity, 0)
        storage = Self.allocate(self.capacity)
    }

    /// A buffer holding a copy of `bytes`.
    public convenience init(copying bytes: UnsafeRawBufferPointer) {
        self.init(capacity: bytes.count)
        append(bytes)
    }

    /// A buffer holding a copy of `data`.
    public convenience init(copying data: Data) {
        self.init(capacity: data.count)
        append(data)
    }

    deinit { storage.deallocate() }

    /// Grows the storage (keeping the contents) so that `minimumCapacity` bytes fit.
    public func reserveCapacity(_ minimumCapacity: Int) {
        guard minimumCapacity > capacity else { return }
        // Doubling keeps a body that arrives in many small chunks linear in its size.
        let newCapacity = max(minimumCapacity, capacity * 2)
        let newStorage = Self.allocate(newCapacity)
        newStorage.copyMemory(from: storage, byteCount: count)
        storage.deallocate()
        storage = newStorage
        capacity = newCapacity
    }

    /// Appends a copy of `bytes`.
    public func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        reserveCapacity(count + bytes.count)
        (storage + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }

    /// Appends a copy of `data`.
    public func append(_ data: Data) {
        data.withUnsafeBytes { append($0) }
    }

    /// Empties the buffer, keeping its storage for the next page.
    public func removeAll() { count = 0 }

    /// The contents (the padding after them is readable too, but not part of the view).
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: storage, count: count))
    }

    /// A copy of the contents.
    public var data: Data { Data(bytes: storage, count: count) }

    private static func allocate(_ capacity: Int) -> UnsafeMutableRawPointer {
        let total = capacity + padding
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: total, alignment: 64)
        // simdjson only needs the padding to be readable; zeroing it keeps runs reproducible under sanitizers.
        pointer.initializeMemory(as: UInt8.self, repeating: 0, count: total)
        return pointer
    }
}
