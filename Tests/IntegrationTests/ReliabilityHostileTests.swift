import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

extension ReliabilityTests {
    /// Hostile peers against one real gateway, all at the same time: each gets the documented close code or HTTP
    /// status within a bound, and a normal client completes the handshake while they are connected.
    @Suite("hostile peers")
    struct HostilePeers {
        static let token = "reliability-hostile-token"
        /// The gateway's `connect` deadline (docs/gateway-startup.md: 1008 `connect timeout` after 10 s).
        static let handshakeTimeout: Duration = .seconds(10)

        /// What one hostile peer saw.
        struct Seen: Sendable, CustomStringConvertible {
            var name: String
            /// The WebSocket close code, or the HTTP status for plain HTTP peers; nil when nothing came.
            var code: Int?
            var reason: String = ""
            /// From the peer's first byte to its answer.
            var elapsed: Duration
            var endedAt: ContinuousClock.Instant
            var note: String = ""
            var description: String {
                "\(name): \(code.map(String.init) ?? "nothing") '\(reason)' after \(Reliability.ms(elapsed)) ms \(note)"
            }
        }

        static func connectFrame(min: Int = 4, max: Int = 4, token: String?) -> String {
            let auth = token.map { ",\"auth\":{\"token\":\"\($0)\"}" } ?? ""
            return "{\"type\":\"req\",\"id\":\"c1\",\"method\":\"connect\",\"params\":{\"minProtocol\":\(min),\"maxProtocol\":\(max),"
                + "\"client\":{\"name\":\"hostile\"}\(auth)}}"
        }

        /// A WebSocket peer: upgrade, read the challenge, run `misbehave`, then read until a close frame.
        static func webSocketPeer(
            _ name: String, port: UInt16, readTimeout: Int = 20, misbehave: @escaping @Sendable (GatewayWireClient) throws -> Void
        ) async -> Seen {
            await Reliability.offPool {
                let clock = ContinuousClock()
                let start = clock.now
                func seen(_ code: Int?, _ reason: String = "", _ note: String = "") -> Seen {
                    Seen(name: name, code: code, reason: reason, elapsed: clock.now - start, endedAt: clock.now, note: note)
                }
                do {
                    let client = try GatewayWireClient(host: "127.0.0.1", port: port, timeoutSeconds: readTimeout)
                    guard try client.upgrade(host: "127.0.0.1", port: port) == 101 else { return seen(nil, "", "no upgrade") }
                    guard try client.readJSON()["event"] as? String == "connect.challenge" else { return seen(nil, "", "no challenge") }
                    try misbehave(client)
                    while true {
                        let frame = try client.readFrame()
                        if frame.opcode == 8 { return seen(frame.closeCode.map(Int.init), frame.closeReason) }
                    }
                } catch {
                    return seen(nil, "", "\(error)")
                }
            }
        }

        /// A plain HTTP peer that sends `request` one byte every `interval`, then reads the answer's status.
        static func slowHTTPPeer(_ name: String, port: UInt16, request: String, interval: Duration) async -> Seen {
            await Reliability.offPool {
                let clock = ContinuousClock()
                let start = clock.now
                do {
                    let client = try GatewayWireClient(host: "127.0.0.1", port: port, timeoutSeconds: 20)
                    for byte in Array(request.utf8) {
                        try client.send([byte])
                        Thread.sleep(forTimeInterval: Double(interval.components.attoseconds) / 1e18 + Double(interval.components.seconds))
                    }
                    let head = try client.readHead()
                    return Seen(name: name, code: head.status, elapsed: clock.now - start, endedAt: clock.now)
                } catch {
                    return Seen(name: name, code: nil, elapsed: clock.now - start, endedAt: clock.now, note: "\(error)")
                }
            }
        }

        /// A well-behaved client: the full handshake and a `status` request; returns when it has the answer.
        static func normalClient(port: UInt16) async -> (ok: Bool, endedAt: ContinuousClock.Instant, detail: String) {
            await Reliability.offPool {
                do {
                    let client = try GatewayWireClient(host: "127.0.0.1", port: port, timeoutSeconds: 10)
                    guard try client.upgrade(host: "127.0.0.1", port: port) == 101 else { return (false, .now, "no upgrade") }
                    _ = try client.readJSON()
                    try client.sendText(connectFrame(token: token))
                    let hello = try client.readJSON()
                    guard (hello["payload"] as? [String: Any])?["type"] as? String == "hello-ok" else { return (false, .now, "\(hello)") }
                    try client.sendText(#"{"type":"req","id":"s1","method":"status"}"#)
                    let status = try client.readJSON()
                    let ok = status["id"] as? String == "s1" && status["ok"] as? Bool == true
                    try client.sendFrame(opcode: 8, payload: [0x03, 0xE8])
                    return (ok, .now, "\(status["ok"] ?? "?")")
                } catch {
                    return (false, .now, "\(error)")
                }
            }
        }

        @Test("slowloris, never-connect, oversized, invalid JSON, wrong protocol, wrong token: documented answers, bounded; others served")
        func hostilePeers() async throws {
            try ReliabilityGateway.requireBinaries()
            let gw = ReliabilityGateway("reliab-hostile")
            defer { try? FileManager.default.removeItem(atPath: gw.stateDir) }
            let gateway = try gw.start(["--token", Self.token])
            try #require(await gateway.waitForOutput("listening on"), "\(gateway.stderr)")
            let port = gw.port
            let clock = ContinuousClock()
            let begin = clock.now
            let slowRequest = "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n"

            async let slowloris = Self.slowHTTPPeer("slowloris", port: port, request: slowRequest, interval: .milliseconds(100))
            async let notHTTP = Self.slowHTTPPeer("not HTTP", port: port, request: "HELLO WORLD\r\n\r\n", interval: .zero)
            async let neverConnect = Self.webSocketPeer("never-connect", port: port) { _ in }
            async let oversized = Self.webSocketPeer("oversized 70 KiB frame", port: port) { client in
                try client.sendFrame(opcode: 1, payload: [UInt8](repeating: 0x20, count: 70 * 1024))
            }
            async let oversizedFragments = Self.webSocketPeer("oversized in 2 fragments of 40 KiB", port: port) { client in
                try client.sendFrame(opcode: 1, payload: [UInt8](repeating: 0x20, count: 40 * 1024), fin: false)
                try client.sendFrame(opcode: 0, payload: [UInt8](repeating: 0x20, count: 40 * 1024), fin: true)
            }
            async let announcedHuge = Self.webSocketPeer("frame header announcing 2 MiB", port: port) { client in
                // Only the header (masked, 64-bit length) and 1,000 bytes: the gateway must not wait for the rest.
                let length = UInt64(2 << 20)
                let header: [UInt8] = [0x81, 0x80 | 127] + (0..<8).map { UInt8((length >> (56 - 8 * UInt64($0))) & 0xff) }
                try client.send(header + [1, 2, 3, 4] + [UInt8](repeating: 0x61, count: 1000))
            }
            async let invalidJSON = Self.webSocketPeer("invalid JSON", port: port) { client in
                try client.sendText("{\"type\":\"req\",\"id\":")
            }
            async let wrongProtocol = Self.webSocketPeer("protocol 5-9", port: port) { client in
                try client.sendText(Self.connectFrame(min: 5, max: 9, token: Self.token))
            }
            async let wrongToken = Self.webSocketPeer("wrong token", port: port) { client in
                try client.sendText(Self.connectFrame(token: "not-the-token"))
            }

            // While they are connected (the slowloris needs ~3.5 s, the never-connect peer 10 s), a normal client is served.
            try await Task.sleep(for: .milliseconds(500))
            let normal = await Self.normalClient(port: port)
            #expect(normal.ok, "normal client during the attack: \(normal.detail)")

            let results = await [
                slowloris, notHTTP, neverConnect, oversized, oversizedFragments, announcedHuge, invalidJSON, wrongProtocol, wrongToken,
            ]
            for seen in results { Reliability.report("hostile: \(seen)") }
            let byName = Dictionary(uniqueKeysWithValues: results.map { ($0.name, $0) })
            func check(_ name: String, _ code: Int, _ reason: (String) -> Bool, within bound: Duration) {
                guard let seen = byName[name] else {
                    Issue.record("no result for \(name)")
                    return
                }
                #expect(seen.code == code && reason(seen.reason), "\(seen)")
                #expect(seen.elapsed < bound, "\(name) took \(seen.elapsed), bound \(bound)")
            }
            let quick: Duration = .seconds(3)
            check("oversized 70 KiB frame", 1009, { $0 == "message too big" }, within: quick)
            check("oversized in 2 fragments of 40 KiB", 1009, { $0 == "message too big" }, within: quick)
            // Past the WebSocket layer's 1 MiB frame limit the frame decoder closes with 1009 (no reason text).
            check("frame header announcing 2 MiB", 1009, { _ in true }, within: quick)
            check("invalid JSON", 1008, { $0.hasPrefix("invalid handshake") }, within: quick)
            check("protocol 5-9", 1002, { $0 == "protocol mismatch" }, within: quick)
            check("wrong token", 1008, { $0 == "unauthorized" }, within: quick)
            // A complete head that is not an HTTP request gets 400 and is closed at once (it never pins a connection).
            check("not HTTP", 400, { _ in true }, within: quick)
            check("slowloris", 200, { _ in true }, within: .milliseconds(100 * slowRequest.utf8.count) + quick)
            check("never-connect", 1008, { $0 == "connect timeout" }, within: Self.handshakeTimeout + quick)
            if let late = byName["never-connect"] {
                #expect(late.elapsed >= Self.handshakeTimeout - .milliseconds(500), "closed before the deadline: \(late)")
                #expect(normal.endedAt < late.endedAt, "the normal client was not served while never-connect was open")
            }
            if let slow = byName["slowloris"] {
                #expect(normal.endedAt < slow.endedAt, "the normal client was not served while the slowloris trickled")
            }

            // The gateway survived all of it and stops cleanly.
            #expect(gateway.isRunning, "\(gateway.stderr)")
            #expect(await gw.liveIdentity()?.pid == Int(gateway.pid))
            gateway.signal(SIGTERM)
            #expect(await gateway.waitForExit(timeout: TestDeadline.scaled(.seconds(60))) == 0, "\(gateway.stderr)")
            Reliability.report("hostile: whole scenario \(Reliability.ms(clock.now - begin)) ms")
        }
    }
}
