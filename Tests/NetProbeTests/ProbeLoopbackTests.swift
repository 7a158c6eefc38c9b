import Foundation
import Glibc
import Testing
import TestSupport
@testable import NetProbe
@testable import NetProbeLive

/// `LoopbackProbe` against real peers on loopback sockets.
@Suite("LoopbackProbe with real peers")
struct ProbeLoopbackTests {
    static let generousBound: Int64 = 5_000_000

    @Test("a port nobody listens on is refused")
    func refused() throws {
        let port = TestPorts.free()
        let result = LoopbackProbe.probe(host: "127.0.0.1", port: port)
        #expect(result.outcome == .refused)
        #expect(result.host == "127.0.0.1" && result.port == port)
    }

    @Test("a listener that accepts and never answers times out, after the timeout and within a bound")
    func silentListenerTimesOut() throws {
        let peer = try TestPeer { fd, peer in peer.hold(fd) }
        defer { peer.stop() }
        let result = LoopbackProbe.probe(host: "127.0.0.1", port: peer.port, timeout: .milliseconds(300))
        #expect(result.outcome == .timeout)
        #expect(result.elapsedMicros >= 300_000)
        #expect(result.elapsedMicros < Self.generousBound)
    }

    @Test("a connect whose SYN is dropped (full accept queue) times out in the connect step")
    func connectTimesOut() throws {
        let (listener, port) = try TestSockets.listen(host: "127.0.0.1", port: 0, backlog: 0)
        defer { _ = close(listener) }
        // Fill the accept queue: with backlog 0 Linux keeps one connection, then drops further SYNs.
        var fillers: [Int32] = []
        defer { fillers.forEach { _ = close($0) } }
        for _ in 0..<3 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
            _ = SocketAddress(host: "127.0.0.1", port: port)?.withSockaddr { connect(fd, $0, $1) }
            fillers.append(fd)
        }
        usleep(50_000)
        let result = LoopbackProbe.probe(host: "127.0.0.1", port: port, timeout: .milliseconds(300))
        #expect(result.outcome == .timeout)
        #expect(result.elapsedMicros >= 300_000)
        #expect(result.elapsedMicros < Self.generousBound)
    }

    @Test("a plain HTTP server is http-not-websocket with its status and Server header")
    func plainHTTP() throws {
        let peer = try TestPeer { fd, peer in
            guard peer.readHead(fd) != nil else { return }
            peer.send(fd, "HTTP/1.1 404 Not Found\r\nServer: TestHTTP/1.0\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found")
        }
        defer { peer.stop() }
        let result = LoopbackProbe.probe(host: "127.0.0.1", port: peer.port)
        #expect(result.outcome == .httpNotWebSocket(status: 404, server: "TestHTTP/1.0"))
    }

    @Test("an HTTP server answering 200 to the upgrade (a single-page app) is not a WebSocket")
    func spaAnswers200() throws {
        let peer = try TestPeer { fd, peer in
            guard peer.readHead(fd) != nil else { return }
            peer.send(fd, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 6\r\n\r\n<html>")
            peer.hold(fd)
        }
        defer { peer.stop() }
        let result = LoopbackProbe.probe(host: "127.0.0.1", port: peer.port)
        #expect(result.outcome == .httpNotWebSocket(status: 200, server: nil))
    }

    @Test("a 101 with a wrong Sec-WebSocket-Accept is http-not-websocket")
    func wrongAccept() throws {
        let peer = try TestPeer { fd, peer in
            guard peer.readHead(fd) != nil else { return }
            peer.send(fd, PeerScript.switching(accept: "d3JvbmcgYWNjZXB0IHZhbHVlIQ=="))
            peer.send(fd, PeerScript.textFrame(PeerScript.challenge(instanceId: "x")))
            peer.hold(fd)
        }
        defer { peer.stop() }
        let result = LoopbackProbe.probe(host: "127.0.0.1", port: peer.port)
        #expect(result.outcome == .httpNotWebSocket(status: 101, server: "TestWS"))
    }

    @Test("a peer that sends non-HTTP bytes is not-http with an escaped preview")
    func junk() throws {
        let peer = try TestPeer { fd, peer in
            peer.send(fd, "SSH-2.0-OpenSSH_9.6\r\n")
            peer.hold(fd)
        }
        defer { peer.stop() }
        let result = LoopbackProbe.probe(host: "127.0.0.1", port: peer.port)
        guard case .notHTTP(let preview) = result.outcome else {
            Issue.record("expected not-http, got \(result.outcome)")
            return
        }
        #expect(preview.hasPrefix("SSH-2.0"))
        #expect(!preview.contains("\r") && !preview.contains("\n"))
    }

    @Test("a peer that closes without a byte is not-http with an empty preview")
    func closesSilently() throws {
        let peer = try TestPeer { fd, peer in _ = peer.readHead(fd) }
        defer { peer.stop() }
        let result = LoopbackProbe.probe(host: "127.0.0.1", port: peer.port)
        #expect(result.outcome == .notHTTP(preview: ""))
    }

    @Test("a WebSocket server that sends nothing is websocket-not-gateway at the deadline")
    func silentWebSocket() throws {
        let peer = try TestPeer(handler: PeerScript.websocket(sending: []))
        defer { peer.stop() }
        let result = LoopbackProbe.probe(host: "127.0.0.1", port: peer.port, timeout: .milliseconds(300))
        guard case .websocketNotGateway(let reason) = result.outcome else {
            Issue.record("expected websocket-not-gateway, got \(result.outcome)")
            return
        }
        #expect(reason.contains("deadline"))
        #expect(result.elapsedMicros >= 300_000 && result.elapsedMicros < Self.generousBound)
    }

    @Test("a WebSocket server that sends other JSON is websocket-not-gateway")
    func otherJSON() throws {
        let peer = try TestPeer(handler: PeerScript.websocket(sending: [PeerScript.textFrame(#"{"type":"event","event":"tick"}"#)]))
        defer { peer.stop() }
        let result = LoopbackProbe.probe(host: "127.0.0.1", port: peer.port)
        guard case .websocketNotGateway(let reason) = result.outcome else {
            Issue.record("expected websocket-not-gateway, got \(result.outcome)")
            return
        }
        #expect(reason.contains("not a connect.challenge"))
    }

    @Test("an upstream-style challenge without instanceId is not counted as a gateway")
    func challengeWithoutInstanceId() throws {
        let frame = PeerScript.textFrame(#"{"type":"event","event":"connect.challenge","payload":{"nonce":"n","ts":1}}"#)
        let peer = try TestPeer(handler: PeerScript.websocket(sending: [frame]))
        defer { peer.stop() }
        let result = LoopbackProbe.probe(host: "127.0.0.1", port: peer.port)
        #expect(result.outcome == .websocketNotGateway(reason: "connect.challenge without payload.instanceId (an unidentified gateway)"))
    }

    @Test("the fake gateway is found with its identity; isSelf only for a matching instance id")
    func gateway() throws {
        let log = PeerLog()
        let json = #"{"service":"openclaw-gateway","instanceId":"inst-42","pid":4242,"version":"1.2.3","startedAt":"2026-01-01T00:00:00Z","bootId":"b-1","port":18789}"#
        let peer = try TestPeer(handler: PeerScript.gateway(instanceId: "inst-42", identityJSON: json, log: log))
        defer { peer.stop() }
        let expected = GatewayIdentity(instanceId: "inst-42", pid: 4242, version: "1.2.3",
                                       startedAt: "2026-01-01T00:00:00Z", bootId: "b-1", port: 18789)

        let mine = LoopbackProbe.probe(host: "127.0.0.1", port: peer.port, selfInstanceId: "inst-42")
        #expect(mine.outcome == .gateway(identity: expected, isSelf: true))
        let other = LoopbackProbe.probe(host: "127.0.0.1", port: peer.port, selfInstanceId: "inst-7")
        #expect(other.outcome == .gateway(identity: expected, isSelf: false))
        let anonymous = LoopbackProbe.probe(host: "127.0.0.1", port: peer.port)
        #expect(anonymous.outcome == .gateway(identity: expected, isSelf: false))

        // Each probe upgraded "/" and then asked for the identity on a new connection, and closed politely.
        let requests = log.requests
        #expect(requests.filter { $0 == "GET / HTTP/1.1" }.count == 3)
        #expect(requests.filter { $0 == "GET /__openclaw__/identity HTTP/1.1" }.count == 3)
        let closes = log.closeFrames
        #expect(closes.count == 3)
        #expect(closes.allSatisfy { $0.code == 1000 && $0.masked })
    }

    @Test("a gateway without an identity endpoint keeps the instance-id-only identity")
    func gatewayWithoutIdentityEndpoint() throws {
        let peer = try TestPeer(handler: PeerScript.gateway(instanceId: "inst-9", identityJSON: nil))
        defer { peer.stop() }
        let result = LoopbackProbe.probe(host: "127.0.0.1", port: peer.port, selfInstanceId: "inst-9")
        #expect(result.outcome == .gateway(identity: GatewayIdentity(instanceId: "inst-9"), isSelf: true))
    }

    @Test("an identity endpoint naming another instance does not overwrite the challenge's identity")
    func identityMismatchIgnored() throws {
        let json = #"{"service":"openclaw-gateway","instanceId":"someone-else","pid":1}"#
        let peer = try TestPeer(handler: PeerScript.gateway(instanceId: "inst-1", identityJSON: json))
        defer { peer.stop() }
        let result = LoopbackProbe.probe(host: "127.0.0.1", port: peer.port)
        #expect(result.outcome == .gateway(identity: GatewayIdentity(instanceId: "inst-1"), isSelf: false))
    }

    @Test("a peer sending endless bytes is bounded: the probe returns with not-http")
    func endlessBytes() throws {
        let peer = try TestPeer { fd, peer in
            let chunk = [UInt8](repeating: UInt8(ascii: "A"), count: 8192)
            while peer.send(fd, chunk) {}
        }
        defer { peer.stop() }
        let result = LoopbackProbe.probe(host: "127.0.0.1", port: peer.port, timeout: .seconds(2))
        guard case .notHTTP(let preview) = result.outcome else {
            Issue.record("expected not-http, got \(result.outcome)")
            return
        }
        #expect(preview.count <= BytePreview.defaultLimit + 3)
        #expect(result.elapsedMicros < Self.generousBound)
    }

    @Test("an endless HTTP header is bounded by the head limit")
    func endlessHeader() throws {
        let peer = try TestPeer { fd, peer in
            guard peer.readHead(fd) != nil else { return }
            peer.send(fd, "HTTP/1.1 200 OK\r\nX-Endless: ")
            let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 8192)
            while peer.send(fd, chunk) {}
        }
        defer { peer.stop() }
        let result = LoopbackProbe.probe(host: "127.0.0.1", port: peer.port, timeout: .seconds(2))
        guard case .notHTTP(let preview) = result.outcome else {
            Issue.record("expected not-http, got \(result.outcome)")
            return
        }
        #expect(preview.hasPrefix("HTTP/1.1 200 OK\\r\\nX-Endless: aaa"))
        #expect(result.elapsedMicros < Self.generousBound)
    }

    @Test("a WebSocket peer sending endless pings is bounded by maxBytes")
    func endlessPings() throws {
        let peer = try TestPeer { fd, peer in
            guard let head = peer.readHead(fd), let key = PeerScript.key(in: head) else { return }
            peer.send(fd, PeerScript.switching(accept: WebSocketHandshake.acceptValue(forKey: key)))
            let ping = WebSocketFrame(opcode: .ping, payload: Array(repeating: 1, count: 100)).encoded()
            let burst = Array((0..<40).map { _ in ping }.joined())
            while peer.send(fd, burst) {}
        }
        defer { peer.stop() }
        let result = LoopbackProbe.probe(host: "127.0.0.1", port: peer.port, timeout: .seconds(2), maxBytes: 8192)
        #expect(result.outcome == .websocketNotGateway(reason: "no connect.challenge within 8192 bytes"))
        #expect(result.elapsedMicros < Self.generousBound)
    }

    @Test("a WebSocket peer announcing a huge frame is rejected from the frame header")
    func hugeFrame() throws {
        let header: [UInt8] = [0x81, 0x7F, 0, 0, 0, 1, 0, 0, 0, 0]  // text, 2^32 bytes
        let peer = try TestPeer(handler: PeerScript.websocket(sending: [header]))
        defer { peer.stop() }
        let result = LoopbackProbe.probe(host: "127.0.0.1", port: peer.port)
        guard case .websocketNotGateway(let reason) = result.outcome else {
            Issue.record("expected websocket-not-gateway, got \(result.outcome)")
            return
        }
        #expect(reason.contains("exceeds"))
    }

    @Test("a peer that resets the connection (SO_LINGER 0) is reset")
    func reset() throws {
        let peer = try TestPeer { fd, _ in
            var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
            _ = setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
            usleep(50_000)  // let the request arrive unread, so the close is an abort either way
        }
        defer { peer.stop() }
        let result = LoopbackProbe.probe(host: "127.0.0.1", port: peer.port)
        #expect(result.outcome == .reset)
    }

    @Test("a socket bound to the port it connects to connects to itself, and that is self-connect")
    func selfConnect() throws {
        let port = TestPorts.free()
        let result = LoopbackProbe.probe(
            host: "127.0.0.1", port: port, timeout: .milliseconds(500), selfInstanceId: nil, maxBytes: 65536, sourcePort: port
        )
        #expect(result.outcome == .selfConnect)
    }

    @Test("::1 is probed over IPv6", .enabled(if: TestSockets.hasIPv6Loopback, "no ::1 here"))
    func ipv6() throws {
        let peer = try TestPeer(host: "::1", handler: PeerScript.gateway(instanceId: "v6", identityJSON: nil))
        defer { peer.stop() }
        let result = LoopbackProbe.probe(host: "::1", port: peer.port, selfInstanceId: "v6")
        #expect(result.outcome == .gateway(identity: GatewayIdentity(instanceId: "v6"), isSelf: true))
        #expect(result.host == "::1")
    }

    @Test("probeBoth probes 127.0.0.1 and ::1 and tells them apart", .enabled(if: TestSockets.hasIPv6Loopback, "no ::1 here"))
    func both() throws {
        let v4 = try TestPeer(handler: PeerScript.gateway(instanceId: "four", identityJSON: nil))
        defer { v4.stop() }
        let silent: TestPeer.Handler = { fd, peer in peer.hold(fd) }
        // The same port on ::1, held by a listener that never answers.
        let v6 = try TestPeer(host: "::1", port: v4.port, handler: silent)
        defer { v6.stop() }
        let results = LoopbackProbe.probeBoth(port: v4.port, timeout: .milliseconds(400), selfInstanceId: "four")
        #expect(results.map(\.host) == ["127.0.0.1", "::1"])
        #expect(results.map(\.port) == [v4.port, v4.port])
        #expect(results[0].outcome == .gateway(identity: GatewayIdentity(instanceId: "four"), isSelf: true))
        #expect(results[1].outcome == .timeout)
    }

    @Test("probeBoth runs the two probes at the same time", .enabled(if: TestSockets.hasIPv6Loopback, "no ::1 here"))
    func bothConcurrently() throws {
        // Two silent peers: run one after the other, the second connection would be accepted a whole
        // timeout (1 s) after the first; run concurrently, both are accepted at about the same moment.
        let accepted = ResultBox<[ContinuousClock.Instant]>()
        accepted.value = []
        let silent: TestPeer.Handler = { fd, peer in
            accepted.update { $0.append(.now) }
            peer.hold(fd)
        }
        let v4 = try TestPeer(handler: silent)
        defer { v4.stop() }
        let v6 = try TestPeer(host: "::1", port: v4.port, handler: silent)
        defer { v6.stop() }
        let results = LoopbackProbe.probeBoth(port: v4.port, timeout: .seconds(1))
        #expect(results.map(\.outcome) == [.timeout, .timeout])
        let times = accepted.value ?? []
        #expect(times.count == 2)
        if times.count == 2 {
            let gap = times[0] < times[1] ? times[1] - times[0] : times[0] - times[1]
            #expect(gap < .milliseconds(900), "accepts \(gap) apart")
        }
    }

    @Test("a non-numeric host is unreachable, not resolved")
    func nonNumericHost() {
        let result = LoopbackProbe.probe(host: "localhost", port: 1)
        guard case .unreachable(let error) = result.outcome else {
            Issue.record("expected unreachable, got \(result.outcome)")
            return
        }
        #expect(error.contains("numeric"))
    }

    @Test(
        "in a network namespace whose loopback is down, both addresses are unreachable with the errno text",
        .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason)
    )
    func unreachableInFreshNamespace() throws {
        try Privilege.requireRoot()
        let results = try TestNamespace.onThreadInFreshNetworkNamespace {
            [LoopbackProbe.probe(host: "127.0.0.1", port: 18789, timeout: .milliseconds(300)),
             LoopbackProbe.probe(host: "::1", port: 18789, timeout: .milliseconds(300))]
        }
        for result in results {
            guard case .unreachable(let error) = result.outcome else {
                Issue.record("expected unreachable for \(result.host), got \(result.outcome)")
                continue
            }
            #expect(error.hasPrefix("ENETUNREACH") || error.hasPrefix("EADDRNOTAVAIL"), "\(error)")
        }
    }

    @Test("socket errors map to verdicts")
    func errnoMapping() {
        #expect(ProbeSocket.outcome(forErrno: ECONNREFUSED) == .refused)
        #expect(ProbeSocket.outcome(forErrno: ETIMEDOUT) == .timeout)
        #expect(ProbeSocket.outcome(forErrno: ECONNRESET) == .reset)
        #expect(ProbeSocket.outcome(forErrno: EPIPE) == .reset)
        #expect(ProbeSocket.outcome(forErrno: EADDRNOTAVAIL)
            == .unreachable(error: "EADDRNOTAVAIL (Cannot assign requested address)"))
        #expect(ProbeSocket.outcome(forErrno: ENETUNREACH) == .unreachable(error: "ENETUNREACH (Network is unreachable)"))
    }
}

/// Runs work on a dedicated thread moved into a new, empty network namespace (`unshare(CLONE_NEWNET)`
/// affects only the calling thread; the namespace vanishes when the thread ends).
enum TestNamespace {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// `unshare(CLONE_NEWNET)`, looked up with `dlsym` because Glibc's Swift overlay does not export it.
    private static func unshareNetwork() -> Int32 {
        let cloneNewNet: Int32 = 0x4000_0000
        guard let symbol = dlsym(nil, "unshare") else { return -1 }
        typealias Unshare = @convention(c) (Int32) -> Int32
        return unsafeBitCast(symbol, to: Unshare.self)(cloneNewNet)
    }

    static func onThreadInFreshNetworkNamespace<T: Sendable>(_ body: @escaping @Sendable () -> T) throws -> T {
        let box = ResultBox<Result<T, Failure>>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            if unshareNetwork() != 0 {
                box.value = .failure(Failure(description: "unshare(CLONE_NEWNET): \(ErrnoText.describe(errno))"))
            } else {
                box.value = .success(body())
            }
            done.signal()
        }
        thread.start()
        done.wait()
        guard let value = box.value else { throw Failure(description: "thread produced nothing") }
        return try value.get()
    }
}

final class ResultBox<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T?
    var value: T? {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); stored = newValue; lock.unlock() }
    }

    func update(_ change: (inout T) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        if var current = stored {
            change(&current)
            stored = current
        }
    }
}
