import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// Request context that keeps the peer address (for the identity's loopback-only `pid`) and the channel
/// (to drop a peer that ignores our close frame).
public struct GatewayRequestContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<Self>
    public let remoteAddress: SocketAddress?
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.webSocket = .init()
        self.remoteAddress = source.channel.remoteAddress
        self.channel = source.channel
    }

    /// True when the peer connected from 127.0.0.0/8 or ::1 (or ::ffff:127.x).
    public var peerIsLoopback: Bool {
        guard let ip = remoteAddress?.ipAddress else { return false }
        return IPAddressText.isLoopback(ip)
    }
}
