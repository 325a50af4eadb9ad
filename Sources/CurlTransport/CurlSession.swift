import Foundation
import Synchronization

/// An HTTP client over libcurl that reuses easy handles, and with them open connections.
///
/// Thread safety: a session is `Sendable` and may be used from any number of threads or tasks at
/// once. Each transfer checks an easy handle out of a small pool for its whole duration (creating
/// one when the pool is empty) and returns it afterwards, so no handle is ever used by two threads
/// at once; up to ``CurlSessionConfiguration/maxIdleHandles`` idle handles are kept, each with the
/// connections libcurl keeps alive in it.
///
/// The synchronous `perform` methods block the calling thread. The `async` methods run the
/// blocking transfer on a Dispatch thread, not on Swift's cooperative pool, and stop the transfer
/// when the task is cancelled.
public final class CurlSession: Sendable {
    /// The settings every request uses.
    public let configuration: CurlSessionConfiguration
    private let idleHandles = Mutex<[CurlEasyHandle]>([])

    /// Creates a session; no connection is opened until the first request.
    public init(configuration: CurlSessionConfiguration = CurlSessionConfiguration()) {
        self.configuration = configuration
    }

    /// Sends `request` and collects the whole response body.
    ///
    /// HTTP error statuses are returned as responses; only failures to get a response throw.
    /// - Throws: ``CurlTransportError``.
    public func perform(_ request: HTTPRequest, cancellation: CancellationFlag? = nil) throws -> HTTPResponse {
        let state = TransferState(onChunk: nil, cancellation: cancellation)
        let head = try run(request, state: state)
        return HTTPResponse(head: head, body: state.body)
    }

    /// Sends `request` and hands each body chunk to `onChunk` as it arrives, with the response
    /// head, so a large body is never held in memory twice. The bytes are valid only during the call.
    ///
    /// - Throws: ``CurlTransportError``, or the first error `onChunk` throws (which aborts the transfer).
    /// - Returns: the status and headers of the final response.
    @discardableResult
    public func perform(_ request: HTTPRequest, cancellation: CancellationFlag? = nil,
                        onChunk: (HTTPResponseHead, UnsafeRawBufferPointer) throws -> Void) throws -> HTTPResponseHead {
        try withoutActuallyEscaping(onChunk) { handler in
            let state = TransferState(onChunk: handler, cancellation: cancellation)
            return try run(request, state: state)
        }
    }

    /// Sends `request` off the cooperative thread pool and collects the whole response.
    ///
    /// Cancelling the task aborts the transfer with ``CurlTransportError/Kind/cancelled``.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await CancellationFlag.offloading { flag in try self.perform(request, cancellation: flag) }
    }

    /// Streams the response body to `onChunk`, which runs on the transfer's thread.
    @discardableResult
    public func send(_ request: HTTPRequest,
                     onChunk: @escaping @Sendable (HTTPResponseHead, UnsafeRawBufferPointer) throws -> Void)
        async throws -> HTTPResponseHead {
        try await CancellationFlag.offloading { flag in try self.perform(request, cancellation: flag, onChunk: onChunk) }
    }

    private func run(_ request: HTTPRequest, state: TransferState) throws -> HTTPResponseHead {
        let handle = try checkOut()
        defer { checkIn(handle) }
        return try handle.perform(request, configuration: configuration, state: state)
    }

    private func checkOut() throws(CurlTransportError) -> CurlEasyHandle {
        if let handle = idleHandles.withLock({ $0.popLast() }) { return handle }
        return try CurlEasyHandle()
    }

    private func checkIn(_ handle: CurlEasyHandle) {
        // A handle beyond the limit is released outside the lock; its deinit closes its connections.
        let surplus: CurlEasyHandle? = idleHandles.withLock { idle in
            guard idle.count < configuration.maxIdleHandles else { return handle }
            idle.append(handle)
            return nil
        }
        _ = surplus
    }
}
