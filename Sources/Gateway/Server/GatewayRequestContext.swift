import Hummingbird
import HummingbirdWebSocket
import NIOCore
import Synchronization

/// Request context that keeps the peer address (for the identity's loopback-only `pid`) and the channel
/// (to drop a peer that ignores our close frame).
///
/// The channel is held weakly: HummingbirdWebSocket stores each upgraded request's context inside the context's
/// own `webSocket` handler box (a reference cycle that is never broken), so a strong channel reference here kept
/// every closed WebSocket connection's channel, pipeline and buffers alive (about 5 KB per connection).
public struct GatewayRequestContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<Self>
    public let remoteAddress: SocketAddress?
    /// The address the connection arrived on (one of the gateway's own).
    public let localAddress: SocketAddress?
    private let channelReference: WeakChannel

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.webSocket = .init()
        self.remoteAddress = source.channel.remoteAddress
        self.localAddress = source.channel.localAddress
        self.channelReference = WeakChannel(source.channel)
    }

    /// The connection's channel while it exists.
    public var channel: (any Channel)? { channelReference.channel }

    /// True when the peer connected from 127.0.0.0/8 or ::1 (or ::ffff:127.x).
    public var peerIsLoopback: Bool {
        guard let ip = remoteAddress?.ipAddress else { return false }
        return IPAddressText.isLoopback(ip)
    }
}

/// A weak, thread-safe reference to a channel.
final class WeakChannel: Sendable {
    private struct Box {
        weak var channel: (any Channel)?
    }

    private let box: Mutex<Box>

    init(_ channel: any Channel) { box = Mutex(Box(channel: channel)) }

    var channel: (any Channel)? { box.withLock { $0.channel } }
}
