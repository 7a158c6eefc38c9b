import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
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
/// One Hummingbird `Application` per address, all on one event loop group and sharing one router: each address
/// gets its own socket, so 127.0.0.1 and ::1 are bound separately (no dual-stack `::` tricks), each bind fails
/// with its own errno, and both serve HTTP and the WebSocket upgrade on the same port. `SO_REUSEADDR` only
/// (Hummingbird's default); `SO_REUSEPORT` is never set, so a second listener on the port always fails to bind.
///
/// Slow and hostile clients: a connection's first request head must be complete within `requestHeadTimeout` (else
/// `408` and close), and every head is judged before NIO sees it (`ConnectionGuardHandler`); a plain HTTP connection idle for `requestHeadTimeout` after a response is
/// closed (Hummingbird's idle timeout, which also bounds the head of later keep-alive requests). Every connection is
/// served by the event loops independently, so a slow one never holds up others.
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

    /// Binds every address of the plan and serves until SIGTERM/SIGINT.
    ///
    /// - `onReady` runs once every address listens;
    /// - on a signal, `onStopping` runs, then every WebSocket gets a `shutdown` event and close 1001, then the
    ///   listeners close and this returns `.stopped`.
    public func serve(
        onReady: @escaping @Sendable () async -> Void,
        onStopping: @escaping @Sendable () async -> Void
    ) async throws -> ServeOutcome {
        let plan = runtime.plan
        let tracker = BindTracker(expected: plan.bindAddresses.count)
        let httpRouter = GatewayRoutes.httpRouter(runtime: runtime, canvas: canvas)
        let wsResponder = GatewayRoutes.webSocketRouter(runtime: runtime).buildResponder()
        let wsConfiguration = WebSocketServerConfiguration(
            maxFrameSize: 1 << 20, autoPing: .enabled(timePeriod: .seconds(30)), closeTimeout: .seconds(5))
        let headTimeout = TimeAmount.nanoseconds(Int64(requestHeadTimeout.components.seconds) * 1_000_000_000
            + requestHeadTimeout.components.attoseconds / 1_000_000_000)
        let channelConfiguration = HTTP1WebSocketUpgradeChannel.Configuration(
            http1: .init(idleTimeout: headTimeout), ws: wsConfiguration)
        let guardSettings = ConnectionGuardSettings(
            headTimeout: headTimeout, bindAddresses: plan.bindAddresses, port: plan.port, allowedOrigins: runtime.allowedOrigins,
            isReady: { [runtime] in runtime.status == .ready }, budget: connectionBudget)
        let serverBuilder = HTTPServerBuilder { responder in
            GuardedChannel(
                inner: HTTP1WebSocketUpgradeChannel(
                    responder: responder, webSocketResponder: wsResponder, configuration: channelConfiguration),
                settings: guardSettings)
        }
        var services: [any Service] = []
        for address in plan.bindAddresses {
            let app = Application(
                router: httpRouter,
                server: serverBuilder,
                configuration: .init(
                    address: .hostname(address, port: Int(plan.port)), backlog: Self.listenBacklog, reuseAddress: true),
                onServerRunning: { _ in
                    if tracker.bound() { await onReady() }
                },
                eventLoopGroupProvider: .shared(MultiThreadedEventLoopGroup.singleton),
                logger: logger)
            services.append(ListenerService(app: app, address: address, tracker: tracker))
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
            outcome = io.errnoCode == EADDRINUSE_CODE ? .addressInUse(address: address) : .failed(address: address, errno: io.errnoCode)
        } else {
            outcome = .failed(address: address, errno: 0)
        }
        state.withLock { s in if s.failure == nil { s.failure = outcome } }
    }

    var failure: BindOutcome? { state.withLock { $0.failure } }
}

/// One listener; tags its failure with its address.
struct ListenerService<App: ApplicationProtocol>: Service {
    let app: App
    let address: String
    let tracker: BindTracker

    func run() async throws {
        do {
            try await app.run()
        } catch {
            tracker.failed(address: address, error: error)
            throw error
        }
    }
}

/// Waits for the graceful shutdown (SIGTERM/SIGINT), then marks the gateway stopping and closes every WebSocket
/// with a `shutdown` event and 1001 before the listeners close (services shut down in reverse order).
struct ShutdownService: Service {
    let runtime: GatewayRuntime
    let onStopping: @Sendable () async -> Void

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
