import NetProbe
import NIOCore
import NIOEmbedded
import Testing
@testable import Gateway
@testable import GatewayServer

/// The connection guard's state machine (issue 23 items 9, 11, 12, 13; issue 18 item 5) in the gateway's real
/// pipeline (`GatewayChannelSetup`: guard, idle handler, NIO's HTTP codec, upgrader, HTTP handler) on an
/// `EmbeddedChannel`, with the event loop's clock moved by `advanceTime` (no wall clock).
///
/// `EmbeddedChannel` cannot half-close (its `close(mode: .output)` closes everything), so `HalfCloseRecorder`, put in
/// front of the pipeline where the socket would be, records the half-close and leaves the channel open: that is
/// what a socket does, and the full close the guard makes after its linger then really closes the channel. The real
/// socket behaviour is tested end to end (`ReliabilityTests.WireEdges`).
@Suite("Connection guard (EmbeddedChannel)")
struct ConnectionGuardEmbeddedTests {
    /// Records every `close` mode; `.output` is absorbed (the socket's half-close), `.all` passes on.
    final class HalfCloseRecorder: ChannelOutboundHandler {
        typealias OutboundIn = IOData
        var modes: [CloseMode] = []

        func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
            modes.append(mode)
            if mode == .output {
                promise?.succeed(())
                return
            }
            context.close(mode: mode, promise: promise)
        }
    }

    static let headTimeout = TimeAmount.seconds(10)
    static let linger = TimeAmount.seconds(2)

    struct Connection {
        let channel: EmbeddedChannel
        let recorder: HalfCloseRecorder

        var loop: EmbeddedEventLoop { channel.embeddedEventLoop }

        func send(_ text: String) throws { try send(Array(text.utf8)) }

        func send(_ bytes: [UInt8]) throws {
            guard channel.isActive else { return }
            try channel.writeInbound(ByteBuffer(bytes: bytes))
        }

        /// Everything written to the socket since the last call (after running the tasks due now, such as the
        /// upgrader's pipeline changes).
        func received() throws -> String {
            channel.embeddedEventLoop.run()
            var out: [UInt8] = []
            while let part = try channel.readOutbound(as: IOData.self) {
                if case .byteBuffer(let buffer) = part { out += buffer.readableBytesView }
            }
            return String(decoding: out, as: UTF8.self)
        }

        var halfClosed: Bool { recorder.modes.contains(.output) }
        var isOpen: Bool { channel.isActive }
    }

    static func connect(token: String? = nil) throws -> Connection {
        let channel = EmbeddedChannel()
        let recorder = HalfCloseRecorder()
        try channel.pipeline.syncOperations.addHandler(recorder)
        let plan = StartPlan(strategy: .pidfile, bindAddresses: ["127.0.0.1"], port: 18789, reasons: [])
        let runtime = GatewayRuntime(
            instanceId: "i", pid: 1, version: "v", startedAt: "t", bootId: "b", port: 18789,
            verdict: EnvironmentVerdict(kind: .native, confidence: .high, evidence: []), plan: plan, token: token)
        _ = runtime.markReady()
        var settings = ConnectionGuardSettings(
            headTimeout: headTimeout, bindAddresses: ["127.0.0.1"], port: 18789, allowedOrigins: [], isReady: { true }, budget: nil)
        settings.linger = linger
        let setup = GatewayChannelSetup(
            runtime: runtime, canvas: CanvasFiles(root: "/nonexistent-canvas"), guardSettings: settings,
            connections: OpenConnections(), idleTimeout: headTimeout)
        try setup.setUp(channel)
        channel.localAddress = try SocketAddress(ipAddress: "127.0.0.1", port: 18789)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 40000)).wait()
        return Connection(channel: channel, recorder: recorder)
    }

    static let host = "Host: 127.0.0.1:18789\r\n"
    static let upgradeFields = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"

    static func statuses(_ text: String) -> [Int] {
        text.components(separatedBy: "HTTP/1.").dropFirst().compactMap { Int($0.dropFirst(2).prefix(3)) }
    }

    @Test("HTTP/1.0 without keep-alive and Connection: close are answered, half-closed at once and closed after the linger (RFC 9112 section 9.3)")
    func lastRequestCloses() throws {
        for head in ["GET /healthz HTTP/1.0\r\n\r\n", "GET /healthz HTTP/1.1\r\n\(Self.host)Connection: close\r\n\r\n",
                     "GET /healthz HTTP/1.1\r\n\(Self.host)Connection: keep-alive, Close\r\n\r\n"] {
            let c = try Self.connect()
            try c.send(head)
            let answer = try c.received()
            #expect(Self.statuses(answer) == [200] && answer.contains("Connection: close"), "\(head): \(answer)")
            #expect(c.halfClosed, "\(head): no half-close after the answer")
            // Whatever follows is discarded: a second request gets nothing.
            try c.send("GET /readyz HTTP/1.1\r\n\(Self.host)\r\n")
            #expect(try c.received().isEmpty)
            c.loop.advanceTime(by: Self.linger - .milliseconds(1))
            #expect(c.isOpen, "closed before the linger ended")
            c.loop.advanceTime(by: .milliseconds(1))
            #expect(!c.isOpen, "\(head): still open after the linger")
        }
    }

    /// (NIO's `IdleStateHandler` measures idleness with the real clock, not the event loop's, so the idle timeout is
    /// not moved by `advanceTime`; it is covered on real sockets.)
    @Test("HTTP/1.0 with keep-alive and plain HTTP/1.1 stay open for the next request")
    func keepAliveStaysOpen() throws {
        for head in ["GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", "GET /healthz HTTP/1.1\r\n\(Self.host)\r\n"] {
            let c = try Self.connect()
            try c.send(head + head)
            let answers = try c.received()
            #expect(Self.statuses(answers) == [200, 200] && !answers.contains("Connection: close"), "\(head): \(answers)")
            c.loop.advanceTime(by: Self.linger * 3)
            #expect(!c.halfClosed && c.isOpen)
        }
    }

    @Test("a client that half-closes (FIN) gets its answer, then the close; one that half-closes before asking, the close")
    func clientHalfClose() throws {
        let asked = try Self.connect()
        try asked.send("GET /healthz HTTP/1.1\r\n\(Self.host)\r\n")
        asked.channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        #expect(Self.statuses(try asked.received()) == [200] && asked.halfClosed)
        asked.loop.advanceTime(by: Self.linger)
        #expect(!asked.isOpen)
        let silent = try Self.connect()
        try silent.send("GET /healthz HTTP/1.1\r\n")
        silent.channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        #expect(try silent.received().isEmpty && silent.halfClosed)
    }

    @Test("an Upgrade that is not websocket is ignored: the request and a pipelined one after it are answered (RFC 9110 section 7.8)")
    func ignoredUpgrade() throws {
        for upgrade in ["h2c", "foo", "websocket\u{A0}", "h2c, foo"] {
            let c = try Self.connect()
            try c.send("GET /healthz HTTP/1.1\r\n\(Self.host)Connection: Upgrade, HTTP2-Settings\r\nUpgrade: \(upgrade)\r\n"
                + "HTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n\r\nGET /readyz HTTP/1.1\r\n\(Self.host)\r\n")
            let answers = try c.received()
            #expect(Self.statuses(answers) == [200, 200], "\(upgrade): \(answers)")
            #expect(answers.contains(#"{"ready":true}"#) && !answers.contains("101"), "\(upgrade): \(answers)")
            #expect(c.isOpen && !c.halfClosed)
        }
    }

    @Test("an upgrade without the Upgrade token in Connection gets 400, never 101; a pipelined /healthz before it is answered first (RFC 6455 section 4.2.1)")
    func upgradeNeedsConnectionToken() throws {
        for connection in ["close", "keep-alive", nil] as [String?] {
            let c = try Self.connect()
            let upgrade = "GET / HTTP/1.1\r\n\(Self.host)Upgrade: websocket\r\n" + (connection.map { "Connection: \($0)\r\n" } ?? "")
                + Self.upgradeFields + "\r\n"
            try c.send("GET /healthz HTTP/1.1\r\n\(Self.host)\r\n" + upgrade)
            let answers = try c.received()
            #expect(Self.statuses(answers) == [200, 400], "\(connection ?? "none"): \(answers)")
            #expect(answers.contains("WebSocket upgrade needs Connection: Upgrade"))
            #expect(c.halfClosed)
            c.loop.advanceTime(by: Self.linger)
            #expect(!c.isOpen)
        }
        // Alone, as the first request: 400 too.
        let alone = try Self.connect()
        try alone.send("GET / HTTP/1.1\r\n\(Self.host)Upgrade: websocket\r\nConnection: close\r\n\(Self.upgradeFields)\r\n")
        #expect(Self.statuses(try alone.received()) == [400])
        // With the token (in any list form) the upgrade is taken: 101.
        let good = try Self.connect()
        try good.send("GET / HTTP/1.1\r\n\(Self.host)Upgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n\(Self.upgradeFields)\r\n")
        let upgraded = try good.received()
        #expect(upgraded.hasPrefix("HTTP/1.1 101 Switching Protocols"), "\(upgraded)")
    }

    @Test("a WebSocket upgrade after a first request gets 400 after that request's answer; the connection then closes")
    func lateUpgrade() throws {
        let c = try Self.connect()
        try c.send("GET /healthz HTTP/1.1\r\n\(Self.host)\r\nGET / HTTP/1.1\r\n\(Self.host)Upgrade: websocket\r\nConnection: Upgrade\r\n\(Self.upgradeFields)\r\n")
        let answers = try c.received()
        #expect(Self.statuses(answers) == [200, 400] && answers.contains("must be the first request"), "\(answers)")
        #expect(c.halfClosed)
    }

    @Test("a request with a body is answered at its head, the body is never read, and a trickle cannot hold the connection past the linger")
    func trickledBody() throws {
        for head in ["POST /x HTTP/1.1\r\n\(Self.host)Content-Length: 100\r\n\r\n",
                     "GET /healthz HTTP/1.1\r\n\(Self.host)Transfer-Encoding: chunked\r\n\r\n",
                     "PUT /x HTTP/1.0\r\nContent-Length: 5\r\nConnection: keep-alive\r\n\r\n"] {
            let c = try Self.connect()
            try c.send(head + "a")
            let answer = try c.received()
            #expect(answer.contains("Connection: close") && Self.statuses(answer).count == 1, "\(head): \(answer)")
            #expect(c.halfClosed)
            // One byte every 8 s (issue 23 item 13), for far longer than the linger: closed after the linger.
            for _ in 0..<3 {
                c.loop.advanceTime(by: .milliseconds(500))
                try c.send("b")
                #expect(try c.received().isEmpty)
            }
            c.loop.advanceTime(by: Self.linger)
            #expect(!c.isOpen, "\(head): a trickled body held the connection")
        }
        // A GET with a complete small body: the same (answered, closed): no route reads bodies.
        let small = try Self.connect()
        try small.send("GET /healthz HTTP/1.1\r\n\(Self.host)Content-Length: 3\r\n\r\nabcGET /readyz HTTP/1.1\r\n\(Self.host)\r\n")
        let answers = try small.received()
        #expect(Self.statuses(answers) == [200] && answers.contains("Connection: close"), "\(answers)")
    }

    @Test("existing guarantees: the first head's deadline gives 408; a malformed later head 400 after the first answer")
    func existingGuarantees() throws {
        let slow = try Self.connect()
        try slow.send("GET /healthz HTTP/1.1\r\n")
        slow.loop.advanceTime(by: Self.headTimeout - .milliseconds(1))
        #expect(try slow.received().isEmpty)
        slow.loop.advanceTime(by: .milliseconds(1))
        #expect(Self.statuses(try slow.received()) == [408] && slow.halfClosed)
        let bad = try Self.connect()
        try bad.send("GET /healthz HTTP/1.1\r\n\(Self.host)\r\nGET /healthz HTTP/1.1\nHost: a\n\n")
        #expect(Self.statuses(try bad.received()) == [200, 400])
    }

    @Test("a close frame whose reason is not UTF-8 is answered with close 1007 (RFC 6455 sections 5.5.1, 8.1)")
    func closeReasonNotUTF8() throws {
        for (reason, expected) in [([0xC3, 0x28] as [UInt8], UInt16(1007)), (Array("bye".utf8), 1000), ([0xFF], 1007)] {
            let c = try Self.connect()
            try c.send("GET / HTTP/1.1\r\n\(Self.host)Upgrade: websocket\r\nConnection: Upgrade\r\n\(Self.upgradeFields)\r\n")
            let opened = try c.received()
            #expect(opened.hasPrefix("HTTP/1.1 101") && opened.contains("connect.challenge"))
            // A masked close frame: code 1000 and the reason (mask 0: the XOR leaves the bytes as they are).
            let payload: [UInt8] = [0x03, 0xE8] + reason
            try c.send([0x88, 0x80 | UInt8(payload.count), 0, 0, 0, 0] + payload)
            c.loop.run()
            var reply: [UInt8] = []
            while let part = try c.channel.readOutbound(as: IOData.self) {
                if case .byteBuffer(let buffer) = part { reply += buffer.readableBytesView }
            }
            #expect(reply.count >= 4 && reply[0] == 0x88, "\(reply)")
            #expect(reply.count >= 4 && UInt16(reply[2]) << 8 | UInt16(reply[3]) == expected, "\(reason): \(reply)")
        }
    }
}
