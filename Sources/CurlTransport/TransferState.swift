import Foundation

/// Everything the libcurl callbacks of one transfer touch, reached through an `Unmanaged` pointer.
///
/// It lives only on the thread running `curl_easy_perform`, so it needs no locking.
final class TransferState {
    /// Receives body bytes; `nil` collects them into ``body``.
    typealias ChunkHandler = (HTTPResponseHead, UnsafeRawBufferPointer) throws -> Void

    private(set) var status = 0
    private(set) var headers = HTTPHeaders()
    private(set) var body = Data()
    /// The first error a chunk handler threw; the transfer is aborted and this is rethrown.
    private(set) var handlerError: (any Error)?
    private let onChunk: ChunkHandler?
    let cancellation: CancellationFlag?

    init(onChunk: ChunkHandler?, cancellation: CancellationFlag?) {
        self.onChunk = onChunk
        self.cancellation = cancellation
    }

    var head: HTTPResponseHead { HTTPResponseHead(status: status, headers: headers) }

    /// Takes one header line; a status line starts a new response (after `100 Continue` or a proxy's
    /// `200 Connection established`), so only the final response's headers remain.
    func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        let line = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !line.isEmpty else { return }
        if line.hasPrefix("HTTP/") {
            let parts = line.split(separator: " ", maxSplits: 2)
            status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
            headers = HTTPHeaders()
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = String(line[..<colon]).trimmingCharacters(in: .whitespaces)
        let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        headers.add(name, value)
    }

    /// Takes body bytes; returns false to make libcurl abort when the handler failed.
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let onChunk else {
            body.append(contentsOf: bytes)
            return true
        }
        do {
            try onChunk(head, bytes)
            return true
        } catch {
            handlerError = error
            return false
        }
    }

    var isCancelled: Bool { cancellation?.isCancelled ?? false }
}
