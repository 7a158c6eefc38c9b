import NetProbe
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

/// Runs the clients against the gateway on a NIO event loop group (real TCP sockets, loopback only).
struct LoadRunner: Sendable {
    let options: LoadOptions
    let group: MultiThreadedEventLoopGroup
    let connections = OpenConnections()
    /// Every outcome so far, readable while the run goes on (for the report after an overall timeout).
    let outcomes = OutcomeLog()

    /// Runs every client with at most `concurrency` in flight; the outcomes go to `outcomes`.
    func run() async {
        let barrier = options.hold ? HoldBarrier(total: options.clients) : nil
        await withTaskGroup(of: ClientOutcome.self) { tasks in
            var launched = 0
            while launched < min(options.concurrency, options.clients) {
                tasks.addTask { await runClient(barrier: barrier) }
                launched += 1
            }
            while let outcome = await tasks.next() {
                outcomes.append(outcome)
                if launched < options.clients {
                    tasks.addTask { await runClient(barrier: barrier) }
                    launched += 1
                }
            }
        }
    }

    /// One client, bounded by `timeoutMs` from the start of its connect to the end of its close.
    func runClient(barrier: HoldBarrier?) async -> ClientOutcome {
        let loop = group.next()
        let attempt = ClientAttempt(promise: loop.makePromise(of: ClientOutcome.self), barrier: barrier)
        let hostHeader = HostPort.text(options.host, UInt16(options.port))
        let token = options.token
        let connections = self.connections
        let timeout = loop.scheduleTask(in: .milliseconds(Int64(options.timeoutMs))) {
            attempt.finish(.failure(category: "timeout-\(attempt.phase)"))
        }
        ClientBootstrap(group: loop)
            .connectTimeout(.milliseconds(Int64(options.timeoutMs)))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let requester = UpgradeRequester(hostHeader: hostHeader, attempt: attempt)
                    let upgrader = NIOWebSocketClientUpgrader(
                        maxFrameSize: 1 << 20, automaticErrorHandling: true,
                        upgradePipelineHandler: { channel, _ in
                            channel.eventLoop.makeCompletedFuture {
                                try channel.pipeline.syncOperations.addHandler(GatewayConversation(attempt: attempt, token: token))
                            }
                        })
                    let upgrade: NIOHTTPClientUpgradeConfiguration = (
                        upgraders: [upgrader],
                        completionHandler: { context in
                            context.channel.pipeline.removeHandler(name: UpgradeRequester.name, promise: nil)
                        })
                    try channel.pipeline.syncOperations.addHTTPClientHandlers(
                        leftOverBytesStrategy: .forwardBytes, withClientUpgrade: upgrade)
                    try channel.pipeline.syncOperations.addHandler(requester, name: UpgradeRequester.name)
                }
            }
            .connect(host: options.host == "localhost" ? "127.0.0.1" : options.host, port: options.port)
            .whenComplete { result in
                switch result {
                case .success(let channel):
                    connections.opened()
                    attempt.phase = "upgrade"
                    channel.closeFuture.whenComplete { _ in connections.closed() }
                    attempt.attach(channel)
                case .failure:
                    attempt.finish(.failure(category: "connect"))
                }
            }
        let outcome = (try? await attempt.promise.futureResult.get()) ?? .failure(category: "internal")
        timeout.cancel()
        return outcome
    }
}
