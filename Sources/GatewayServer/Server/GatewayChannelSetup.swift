import Gateway
import NIOCore
import NIOHTTP1
import NIOWebSocket

/// The pipeline of every accepted connection, built synchronously on its event loop:
///
/// `ConnectionGuardHandler` (raw bytes: head deadline and budget, heads judged before NIO parses them, client
/// masks, when a connection ends and the lingering close) -> `IdleStateHandler` (keep-alive idle limit) -> NIOHTTP1 (response encoder, request decoder, pipelining,
/// header validation, protocol errors) -> `HTTPServerUpgradeHandler` with `NIOWebSocketServerUpgrader` (only `/`
/// upgrades; frames up to 1 MiB) -> `GatewayHTTPHandler`. On upgrade every HTTP handler and the idle handler leave and
/// `WebSocketSessionHandler` serves the frames.
struct GatewayChannelSetup: Sendable {
    let runtime: GatewayRuntime
    let canvas: CanvasFiles
    let guardSettings: ConnectionGuardSettings
    let connections: OpenConnections
    /// The idle limit of a plain HTTP connection between requests.
    let idleTimeout: TimeAmount
    /// The largest WebSocket frame accepted.
    static let maxFrameSize = 1 << 20

    func setUp(_ channel: any Channel) throws {
        let open = connections.opened(channel)
        let admission = guardSettings.budget?.admission(open: open) ?? .serve
        let pipeline = channel.pipeline.syncOperations
        try pipeline.addHandler(ConnectionGuardHandler(settings: guardSettings, admission: admission))
        let runtime = self.runtime
        let upgrader = NIOWebSocketServerUpgrader(
            maxFrameSize: Self.maxFrameSize,
            automaticErrorHandling: true,
            shouldUpgrade: { channel, head in
                let path = head.uri.prefix { $0 != "?" && $0 != "#" }
                return channel.eventLoop.makeSucceededFuture(path == "/" ? HTTPHeaders() : nil)
            },
            upgradePipelineHandler: { channel, _ in
                channel.eventLoop.makeCompletedFuture {
                    let peer = channel.remoteAddress?.ipAddress ?? "unknown"
                    try channel.pipeline.syncOperations.addHandler(WebSocketSessionHandler(runtime: runtime, peer: peer))
                }
            })
        let idle = IdleStateHandler(readTimeout: idleTimeout)
        let encoder = HTTPResponseEncoder()
        let decoder = ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .forwardBytes))
        let pipelining = HTTPServerPipelineHandler()
        let validator = NIOHTTPResponseHeadersValidator()
        let errors = HTTPServerProtocolErrorHandler()
        let http = GatewayHTTPHandler(runtime: runtime, canvas: canvas)
        let upgrade = HTTPServerUpgradeHandler(
            upgraders: [upgrader], httpEncoder: encoder,
            extraHTTPHandlers: [idle, decoder, pipelining, validator, errors, http],
            upgradeCompletionHandler: { _ in })
        try pipeline.addHandlers([idle, encoder, decoder, pipelining, validator, errors, upgrade, http])
    }
}
