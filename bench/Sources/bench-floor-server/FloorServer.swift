import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket
import enum NetProbe.RandomID

/// The floor's listener: 127.0.0.1:PORT, backlog 1024 (as the gateway's), HTTP/1 with the WebSocket upgrade on every
/// path; the upgraded connection is served by one `FloorConversation`.
enum FloorServer {
    static func bind(port: Int, statusPayload: String) throws -> any Channel {
        let instanceId = RandomID.hex(bytes: 8)
        return try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                let upgrader = NIOWebSocketServerUpgrader(
                    maxFrameSize: 1 << 20,
                    shouldUpgrade: { channel, _ in channel.eventLoop.makeSucceededFuture(HTTPHeaders()) },
                    upgradePipelineHandler: { channel, _ in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(
                                FloorConversation(statusPayload: statusPayload, instanceId: instanceId))
                        }
                    })
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                        withServerUpgrade: (upgraders: [upgrader], completionHandler: { _ in }))
                }
            }
            .bind(host: "127.0.0.1", port: port)
            .wait()
    }
}
