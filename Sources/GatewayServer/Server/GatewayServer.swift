import Gateway
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization
import UnixSignals

/// How serving ended.
public enum ServeOutcome: Sendable, Equatable {
    /// Stopped by SIGTERM or SIGINT after serving.
    case stopped
    /// An address could not be bound; nothing serves any more.
    case bindFailed(BindOutcome)
}

/// Serves the gateway on every address of the plan, each with its own listening socket.
///
/// One SwiftNIO listener per address, all on `MultiThreadedEventLoopGroup.singleton` (one event loop per core),
/// every connection served on the loop that accepted it by synchronous channel handlers (`GatewayChannelSetup`):
/// no task, actor hop or async sequence per connection or frame. Each address gets its own socket, so 127.0.0.1 and
/// ::1 are bound separately (no dual-stack `::` tricks), each bind fails with its own errno, and both serve HTTP and
/// the WebSocket upgrade on the same port. `SO_REUSEADDR` only; `SO_REUSEPORT` is never set, so a second listener on
/// the port always fails to bind.
///
/// Slow and hostile clients: a connection's first request head must be complete within `requestHeadTimeout` (else
/// `408` and close), and every head is judged before NIO sees it (`ConnectionGuardHandler`); a plain HTTP connection
/// idle for `requestHeadTimeout` after a response is closed (which also bounds the head of later keep-alive
/// requests). Every connection is served by the event loops independently, so a slow one never holds up others.
public struct GatewayServer: Sendable {
    public let runtime: GatewayRuntime
    public let canvas: CanvasFiles
    public let logger: Logger
    public let requestHeadTimeout: Duration
    /// The connection budget under the descriptor limit; nil for none.
    public let connectionBudget: ConnectionBudget?

    public init(
        runtime: GatewayRuntime, canvas: CanvasFiles, logger: Logger, requestHeadTimeout: Duration = GatewayTimeouts.requestHead,
        connectionBudget: ConnectionBudget? = nil
    ) {
        self.runtime = runtime
        self.canvas = canvas
        self.logger = logger
        self.requestHeadTimeout = requestHeadTimeout
        self.connectionBudget = connectionBudget
    }

    /// The `listen(2)` backlog of every listening socket (the kernel caps it at `net.core.somaxconn`): Node uses 511;
    /// Hummingbird's 256 dropped about 200 SYNs of 1,000 clients connecting at once, each retried after 1 s.
    public static let listenBacklog = 1024

    /// How long the listeners wait, after the WebSockets were closed, for the remaining connections to finish.
    static let drainLimit: Duration = .seconds(15)

    /// Binds every address of the plan and serves until SIGTERM/SIGINT.
    ///
    /// - `onReady` runs once every address listens;
    /// - on a signal, `onStopping` runs, then every WebSocket gets a `shutdown` event and close 1001, then the
    ///   listeners close, every other connection is told (`GatewayShutdownEvent`: an idle one closes, a busy one
    ///   after its answer), and this returns `.stopped` once they are gone.
    public func serve(
        onReady: @escaping @Sendable () async -> Void,
        onStopping: @escaping @Sendable () async -> Void
    ) async throws -> ServeOutcome {
        let plan = runtime.plan
        let tracker = BindTracker(expected: plan.bindAddresses.count)
        let headTimeout = TimeAmount(requestHeadTimeout)
        let guardSettings = ConnectionGuardSettings(
            headTimeout: headTimeout, bindAddresses: plan.bindAddresses, port: plan.port, allowedOrigins: runtime.allowedOrigins,
            isReady: { [runtime] in runtime.status == .ready }, budget: connectionBudget)
        let connections = OpenConnections()
        let setup = GatewayChannelSetup(
            runtime: runtime, canvas: canvas, guardSettings: guardSettings, connections: connections, idleTimeout: headTimeout)
        var services: [any Service] = []
        for address in plan.bindAddresses {
            services.append(ListenerService(
                address: address, port: Int(plan.port), setup: setup, connections: connections, tracker: tracker,
                onReady: onReady))
        }
        services.append(ShutdownService(runtime: runtime, onStopping: onStopping))
        let group = ServiceGroup(configuration: .init(
            services: services.map { .init(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        do {
            try await group.run()
        } catch {
            if let failure = tracker.failure { return .bindFailed(failure) }
            throw error
        }
        if let failure = tracker.failure { return .bindFailed(failure) }
        return .stopped
    }
}

/// Counts bound listeners and keeps the first bind failure.
final class BindTracker: Sendable {
    private struct State {
        var bound = 0
        var failure: BindOutcome?
    }
    private let state = Mutex(State())
    private let expected: Int

    init(expected: Int) { self.expected = expected }

    /// Records one bound listener; true exactly once, when the last one is bound.
    func bound() -> Bool {
        state.withLock { s in
            s.bound += 1
            return s.bound == expected && s.failure == nil
        }
    }

    func failed(address: String, error: any Error) {
        let outcome: BindOutcome
        if let io = error as? IOError {
            outcome = io.errnoCode == EADDRINUSE ? .addressInUse(address: address) : .failed(address: address, errno: io.errnoCode)
        } else {
            outcome = .failed(address: address, errno: 0)
        }
        state.withLock { s in if s.failure == nil { s.failure = outcome } }
    }

    var failure: BindOutcome? { state.withLock { $0.failure } }
}

/// One listening socket: binds (a failure is tagged with its address), serves until the graceful shutdown, then
/// closes the socket and lets the open connections finish.
///
/// `description` is the name ServiceLifecycle logs it by: without one, `ServiceGroup` names each service with
/// `"\(service)"`, a reflection of every stored property (the runtime, the channel setup, ...) that cost about 2 ms
/// of CPU per start, before the first bind (docs/performance.md, "Gateway ready").
struct ListenerService: Service, CustomStringConvertible {
    let address: String
    let port: Int
    let setup: GatewayChannelSetup
    let connections: OpenConnections
    let tracker: BindTracker
    let onReady: @Sendable () async -> Void

    var description: String { "listener \(IPAddressText.hostPort(address, UInt16(port)))" }

    func run() async throws {
        let listener: any Channel
        do {
            let setup = self.setup
            listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.backlog, value: Int32(GatewayServer.listenBacklog))
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.allowRemoteHalfClosure, value: true)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture { try setup.setUp(channel) }
                }
                // A literal (the plan admits no other): `bind(host:)` would ask getaddrinfo, which dumps the
                // addresses over netlink and tries nscd first.
                .bind(to: try SocketAddress(ipAddress: address, port: port))
                .get()
        } catch {
            tracker.failed(address: address, error: error)
            throw error
        }
        if tracker.bound() { await onReady() }
        try? await gracefulShutdown()
        try? await listener.close()
        connections.announceShutdown()
        await connections.drained(within: GatewayServer.drainLimit)
    }
}

/// Waits for the graceful shutdown (SIGTERM/SIGINT), then marks the gateway stopping and closes every WebSocket
/// with a `shutdown` event and 1001 before the listeners close (services shut down in reverse order).
struct ShutdownService: Service, CustomStringConvertible {
    let runtime: GatewayRuntime
    let onStopping: @Sendable () async -> Void

    var description: String { "shutdown" }

    func run() async throws {
        do {
            try await gracefulShutdown()
        } catch {
            return  // cancelled: a listener failed
        }
        runtime.setStatus(.stopping)
        await onStopping()
        await runtime.closeAllSessions()
    }
}
