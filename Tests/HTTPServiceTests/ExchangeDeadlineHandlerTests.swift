import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Testing
@testable import HTTPService

/// The connection bounds Hummingbird's idle timeout does not give: a request must be in within the request
/// timeout (a trickled body keeps no connection), a response taken within the response timeout, and a body is
/// bounded. On an embedded channel whose clock the test moves.
@Suite struct ExchangeDeadlineHandlerTests {
    static let bounds = ServerBounds(maxBodyBytes: 10, requestTimeout: .seconds(10), responseTimeout: .seconds(30))

    private func channel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel(handler: ExchangeDeadlineHandler(bounds: Self.bounds))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return channel
    }

    private static let head = HTTPRequestPart.head(HTTPRequest(method: .get, scheme: nil, authority: nil, path: "/healthz"))

    @Test func aRequestNotInWithinTheTimeoutClosesTheConnection() throws {
        let channel = try channel()
        try channel.writeInbound(Self.head)
        // A body trickled in keeps the connection busy but not alive past the deadline.
        for _ in 0..<9 {
            channel.embeddedEventLoop.advanceTime(by: .seconds(1))
            try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(string: "a")))
        }
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!channel.isActive)
    }

    @Test func aCompleteRequestDisarmsAndAResponseHasItsOwnDeadline() throws {
        let channel = try channel()
        try channel.writeInbound(Self.head)
        try channel.writeInbound(HTTPRequestPart.end(nil))
        // The handler may think as long as it needs: no deadline between the request and its response.
        channel.embeddedEventLoop.advanceTime(by: .seconds(120))
        #expect(channel.isActive)
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
        channel.embeddedEventLoop.advanceTime(by: .seconds(29))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!channel.isActive, "a client that does not take the response within 30 s is let go")
    }

    @Test func afterAResponseTheNextRequestMustComeInTime() throws {
        let channel = try channel()
        try channel.writeInbound(Self.head)
        try channel.writeInbound(HTTPRequestPart.end(nil))
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        channel.embeddedEventLoop.advanceTime(by: .seconds(9))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!channel.isActive, "an idle keep-alive connection is closed")
    }

    @Test func aBodyBeyondTheLimitClosesTheConnection() throws {
        let channel = try channel()
        try channel.writeInbound(Self.head)
        try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(string: "0123456789")))
        #expect(channel.isActive)
        try? channel.writeInbound(HTTPRequestPart.body(ByteBuffer(string: "!")))
        #expect(!channel.isActive)
    }
}
