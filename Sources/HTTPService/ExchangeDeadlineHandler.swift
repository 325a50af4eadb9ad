import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Closes a connection whose client takes too long to send a request, sends too large a body, or takes too long
/// to read a response: Hummingbird's idle timeout alone lets a client that trickles a body (or never reads) keep
/// its connection, and with it one of the ``ServerBounds/maxConnections`` slots, forever.
///
/// Sits after the HTTP decoder, so it sees whole request heads (their size is the decoder's limit).
final class ExchangeDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let requestTimeout: TimeAmount
    private let responseTimeout: TimeAmount
    private let maxBodyBytes: Int
    private var bodyBytes = 0
    private var responding = false
    private var deadline: Scheduled<Void>?

    init(bounds: ServerBounds) {
        requestTimeout = TimeAmount(bounds.requestTimeout)
        responseTimeout = TimeAmount(bounds.responseTimeout)
        maxBodyBytes = bounds.maxBodyBytes
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(requestTimeout, context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(requestTimeout, context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            bodyBytes = 0
        case .body(let buffer):
            bodyBytes += buffer.readableBytes
            guard bodyBytes <= maxBodyBytes else {
                context.close(promise: nil)
                return
            }
        case .end:
            // The request is in; a response under way keeps its own deadline.
            if !responding { disarm() }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head:
            responding = true
            arm(responseTimeout, context)
        case .body:
            break
        case .end:
            // The next request (or the rest of this one's body) within the request timeout, or the connection goes.
            responding = false
            arm(requestTimeout, context)
        }
        context.write(data, promise: promise)
    }

    private func arm(_ limit: TimeAmount, _ context: ChannelHandlerContext) {
        disarm()
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: limit) { [weak self] in
            self?.deadline = nil
            context.close(promise: nil)
        }
    }

    private func disarm() {
        deadline?.cancel()
        deadline = nil
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
