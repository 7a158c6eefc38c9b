import NetProbeLive
// The floor of `make bench`: the least a Swift server on swift-nio does for the gateway's conversation, so "the
// gateway / the floor" is a ratio of one run (docs/performance.md, "The floor server"). NIOHTTP1 and
// `NIOWebSocketServerUpgrader`, one synchronous `ChannelInboundHandler` per connection on the event loop that
// accepted it (`MultiThreadedEventLoopGroup.singleton`: one loop per core, as the gateway), no async sequence, no
// Task. It speaks the conversation of `openclaw-loadclient`: upgrade on any path, `connect.challenge`, a `connect`
// request (protocol range containing 4) answered `hello-ok`, `status` answered with the payload of `--status FILE`
// (the gateway's own, fetched by the bench), `health`, an error for other methods, close 1000 echoed. It is also the
// floor of `gateway.readyMillis`. No environment reading, no lock, no limits beyond the frame size.
//
// Usage: bench-floor-server --port PORT [--status FILE]      (exits 0 on SIGTERM or SIGINT)
import Glibc
import NIOCore
import NIOPosix
import enum NetProbeLive.StandardStreams

let options: FloorOptions
do {
    options = try FloorOptions(CommandLine.arguments.dropFirst())
} catch {
    StandardStreams.write("bench-floor-server: \(error)\nusage: bench-floor-server --port PORT [--status FILE]\n", to: .error)
    exit(2)
}
signal(SIGTERM) { _ in _exit(0) }
signal(SIGINT) { _ in _exit(0) }

do {
    let channel = try FloorServer.bind(port: options.port, statusPayload: options.statusPayload)
    StandardStreams.write("bench-floor-server: listening on 127.0.0.1:\(options.port)\n", to: .output)
    try channel.closeFuture.wait()
} catch {
    StandardStreams.write("bench-floor-server: \(error)\n", to: .error)
    exit(1)
}
