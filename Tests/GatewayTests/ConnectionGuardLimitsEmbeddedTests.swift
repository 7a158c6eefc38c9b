import NetProbe
import NIOCore
import NIOEmbedded
import Testing
@testable import Gateway
@testable import GatewayServer

/// The guarantees the wire-edge changes had to keep (issue 23, "keep every existing guarantee"), in the real
/// pipeline on an `EmbeddedChannel` with the event loop's clock: the reserve connection's 1 s head deadline and its
/// two answers, a shed connection, the WebSocket mask rule (the shutdown's 1001 is tested end to end).
@Suite("Connection guard limits (EmbeddedChannel)")
struct ConnectionGuardLimitsEmbeddedTests {
    typealias Connection = ConnectionGuardEmbeddedTests.Connection

    /// A connection admitted as the `open`-th of a gateway whose budget serves `serve` and keeps `reserve` more.
    static func connect(serve: Int, reserve: Int, open: Int) throws -> (Connection, GatewayRuntime) {
        let connections = OpenConnections()
        var others: [EmbeddedChannel] = []
        for _ in 1..<open {
            let other = EmbeddedChannel()
            _ = connections.opened(other)
            others.append(other)
        }
        let channel = EmbeddedChannel()
        let recorder = ConnectionGuardEmbeddedTests.HalfCloseRecorder()
        try channel.pipeline.syncOperations.addHandler(recorder)
        let plan = StartPlan(strategy: .pidfile, bindAddresses: ["127.0.0.1"], port: 18789, reasons: [])
        let runtime = GatewayRuntime(
            instanceId: "i", pid: 1, version: "v", startedAt: "t", bootId: "b", port: 18789,
            verdict: EnvironmentVerdict(kind: .native, confidence: .high, evidence: []), plan: plan, token: nil)
        _ = runtime.markReady()
        var settings = ConnectionGuardSettings(
            headTimeout: .seconds(10), bindAddresses: ["127.0.0.1"], port: 18789, allowedOrigins: [], isReady: { true },
            budget: ConnectionBudget(serve: serve, reserve: reserve))
        settings.linger = ConnectionGuardEmbeddedTests.linger
        let setup = GatewayChannelSetup(
            runtime: runtime, canvas: CanvasFiles(root: "/nonexistent-canvas"), guardSettings: settings,
            connections: connections, idleTimeout: .seconds(10))
        try setup.setUp(channel)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 40000)).wait()
        withExtendedLifetime(others) {}
        return (Connection(channel: channel, recorder: recorder), runtime)
    }

    static let host = ConnectionGuardEmbeddedTests.host
    static func statuses(_ text: String) -> [Int] { ConnectionGuardEmbeddedTests.statuses(text) }

    @Test("a reserve connection: /healthz answered by the guard, anything else 503 with Retry-After, a slow head 408 after 1 s")
    func reserve() throws {
        let (health, _) = try Self.connect(serve: 1, reserve: 1, open: 2)
        try health.send("GET /healthz HTTP/1.1\r\n\(Self.host)\r\n")
        let answer = try health.received()
        #expect(Self.statuses(answer) == [200] && answer.contains(#"{"ok":true,"status":"live"}"#) && health.halfClosed, "\(answer)")
        let (upgrade, _) = try Self.connect(serve: 1, reserve: 1, open: 2)
        try upgrade.send("GET / HTTP/1.1\r\n\(Self.host)Upgrade: websocket\r\nConnection: Upgrade\r\n"
            + ConnectionGuardEmbeddedTests.upgradeFields + "\r\n")
        let busy = try upgrade.received()
        #expect(Self.statuses(busy) == [503] && busy.contains("Retry-After: 1"), "\(busy)")
        let (slow, _) = try Self.connect(serve: 1, reserve: 1, open: 2)
        try slow.send("GET /healthz HTTP/1.1\r\n")
        slow.loop.advanceTime(by: .milliseconds(999))
        #expect(try slow.received().isEmpty)
        slow.loop.advanceTime(by: .milliseconds(1))
        #expect(Self.statuses(try slow.received()) == [408])
    }

    @Test("beyond the budget a connection is closed as soon as it is accepted")
    func shed() throws {
        let (shed, _) = try Self.connect(serve: 1, reserve: 1, open: 3)
        #expect(!shed.isOpen)
    }

    /// The raw bytes written since the last read (frames are not text).
    static func bytes(_ c: Connection) throws -> [UInt8] {
        c.loop.run()
        var out: [UInt8] = []
        while let part = try c.channel.readOutbound(as: IOData.self) {
            if case .byteBuffer(let buffer) = part { out += buffer.readableBytesView }
        }
        return out
    }

    @Test("after the upgrade an unmasked frame gets close 1002 frame not masked, then the lingering close")
    func masks() throws {
        let (unmasked, _) = try Self.connect(serve: 10, reserve: 1, open: 1)
        try unmasked.send("GET / HTTP/1.1\r\n\(Self.host)Upgrade: websocket\r\nConnection: Upgrade\r\n"
            + ConnectionGuardEmbeddedTests.upgradeFields + "\r\n")
        #expect(String(decoding: try Self.bytes(unmasked), as: UTF8.self).hasPrefix("HTTP/1.1 101"))
        try unmasked.send([0x81, 0x02, 0x7B, 0x7D])
        let closing = try Self.bytes(unmasked)
        #expect(closing.starts(with: [0x88]) && closing.count >= 4 && UInt16(closing[2]) << 8 | UInt16(closing[3]) == 1002, "\(closing)")
        #expect(String(decoding: closing.dropFirst(4), as: UTF8.self) == "frame not masked" && unmasked.halfClosed)
        unmasked.loop.advanceTime(by: ConnectionGuardEmbeddedTests.linger)
        #expect(!unmasked.isOpen)
    }
}
