import Foundation
import Testing
import TestSupport
import NetProbe
@testable import Gateway
@testable import GatewayServer

@Suite("WebSocket protocol state machine")
struct ConnectionMachineTests {
    static let plan = StartPlan(strategy: .pidfile, bindAddresses: ["127.0.0.1"], port: 18789, reasons: ["r"])
    static let snapshot = GatewaySnapshot(
        instanceId: "inst", pid: 1, port: 18789, version: "0.1.0", startedAt: "t", status: .ready,
        environment: EnvironmentVerdict(kind: .wsl2, wslNetworkingMode: .mirrored, confidence: .high, evidence: []),
        plan: plan)

    static func machine(token: String? = nil) -> ConnectionMachine {
        var m = ConnectionMachine(settings: .init(instanceId: "inst", version: "0.1.0", token: token, connId: "c1", nonce: "n1"))
        _ = m.open(nowMs: 1000)
        return m
    }

    static func connect(min: Int = 4, max: Int = 4, token: String? = nil, id: String = "\"1\"") -> [UInt8] {
        let auth = token.map { ",\"auth\":{\"token\":\"\($0)\"}" } ?? ""
        return Array("{\"type\":\"req\",\"id\":\(id),\"method\":\"connect\",\"params\":{\"minProtocol\":\(min),\"maxProtocol\":\(max),\"client\":{\"name\":\"t\"}\(auth)}}".utf8)
    }

    static func json(_ action: ConnectionMachine.Action) throws -> [String: Any] {
        guard case .send(let text) = action else { throw Failure("not a send: \(action)") }
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    struct Failure: Error { let text: String; init(_ t: String) { text = t } }

    @Test("open sends connect.challenge with nonce, ts and instanceId")
    func challenge() throws {
        var m = ConnectionMachine(settings: .init(instanceId: "inst", token: nil, connId: "c", nonce: "nonce1"))
        let actions = m.open(nowMs: 1234)
        #expect(actions.count == 1)
        let object = try Self.json(actions[0])
        #expect(object["type"] as? String == "event")
        #expect(object["event"] as? String == "connect.challenge")
        let payload = try #require(object["payload"] as? [String: Any])
        #expect(payload["nonce"] as? String == "nonce1")
        #expect(payload["ts"] as? Int == 1234)
        #expect(payload["instanceId"] as? String == "inst")
        #expect(m.open(nowMs: 1).isEmpty)
    }

    @Test("connect succeeds with hello-ok, then health and status answer")
    func helloThenRequests() throws {
        var m = Self.machine()
        let hello = try Self.json(try #require(m.receive(.text(Self.connect(min: 3, max: 5), fin: true), snapshot: Self.snapshot).first))
        #expect(hello["type"] as? String == "res" && hello["id"] as? String == "1" && hello["ok"] as? Bool == true)
        let payload = try #require(hello["payload"] as? [String: Any])
        #expect(payload["type"] as? String == "hello-ok" && payload["protocol"] as? Int == 4)
        let server = try #require(payload["server"] as? [String: Any])
        #expect(server["connId"] as? String == "c1" && server["instanceId"] as? String == "inst")
        #expect(payload["features"] is [String: Any] && payload["policy"] is [String: Any])
        #expect(m.phase == .connected)

        let health = try Self.json(m.receive(.text(Array(#"{"type":"req","id":2,"method":"health"}"#.utf8), fin: true), snapshot: Self.snapshot)[0])
        #expect(health["id"] as? Int == 2)
        #expect((health["payload"] as? [String: Any])?["status"] as? String == "live")

        let status = try Self.json(m.receive(.text(Array(#"{"type":"req","id":"s","method":"status"}"#.utf8), fin: true), snapshot: Self.snapshot)[0])
        let statusPayload = try #require(status["payload"] as? [String: Any])
        #expect((statusPayload["environment"] as? [String: Any])?["wslNetworkingMode"] as? String == "mirrored")
        #expect((statusPayload["plan"] as? [String: Any])?["strategy"] as? String == "pidfile")

        let unknown = try Self.json(m.receive(.text(Array(#"{"type":"req","id":3,"method":"nope"}"#.utf8), fin: true), snapshot: Self.snapshot)[0])
        #expect(unknown["ok"] as? Bool == false)
        let invalid = try Self.json(m.receive(.text(Array("garbage".utf8), fin: true), snapshot: Self.snapshot)[0])
        #expect(invalid["ok"] as? Bool == false)
        #expect(m.phase == .connected)
    }

    @Test("close code paths before connect", arguments: [
        ("protocol range without 4", connect(min: 1, max: 3), UInt16(1002), "protocol mismatch"),
        ("protocol range above 4", connect(min: 5, max: 9), UInt16(1002), "protocol mismatch"),
        ("not JSON", Array("hello".utf8), UInt16(1008), "invalid handshake"),
        ("JSON array", Array("[1,2]".utf8), UInt16(1008), "invalid handshake"),
        ("not a request", Array(#"{"type":"event","id":"1","method":"connect"}"#.utf8), UInt16(1008), "invalid handshake"),
        ("no id", Array(#"{"type":"req","method":"connect","params":{"minProtocol":4,"maxProtocol":4}}"#.utf8), UInt16(1008), "invalid handshake"),
        ("first method not connect", Array(#"{"type":"req","id":"1","method":"health"}"#.utf8), UInt16(1008), "first request must be connect"),
        ("missing protocol range", Array(#"{"type":"req","id":"1","method":"connect","params":{}}"#.utf8), UInt16(1008), "minProtocol"),
        ("client not an object", Array(#"{"type":"req","id":"1","method":"connect","params":{"minProtocol":4,"maxProtocol":4,"client":3}}"#.utf8), UInt16(1008), "client"),
    ])
    func closePaths(name: String, frame: [UInt8], code: UInt16, reason: String) {
        var m = Self.machine()
        let actions = m.receive(.text(frame, fin: true), snapshot: Self.snapshot)
        guard case .close(let got, let why)? = actions.last else { Issue.record("\(name): no close"); return }
        #expect(got == code, "\(name)")
        #expect(why.contains(reason), "\(name): \(why)")
        #expect(m.phase == .closed)
        #expect(m.receive(.text(Self.connect(), fin: true), snapshot: Self.snapshot).isEmpty)
    }

    @Test("binary first frame closes 1008")
    func binaryFirst() {
        var m = Self.machine()
        #expect(m.receive(.binary(Self.connect(), fin: true), snapshot: Self.snapshot).last
                == .close(code: 1008, reason: "invalid handshake: first frame must be a JSON connect request"))
    }

    @Test("auth: token required, compared exactly")
    func auth() throws {
        var missing = Self.machine(token: "s3cret")
        #expect(missing.receive(.text(Self.connect(), fin: true), snapshot: Self.snapshot) == [.close(code: 1008, reason: "unauthorized")])
        var wrong = Self.machine(token: "s3cret")
        #expect(wrong.receive(.text(Self.connect(token: "s3cres"), fin: true), snapshot: Self.snapshot) == [.close(code: 1008, reason: "unauthorized")])
        var prefix = Self.machine(token: "s3cret")
        #expect(prefix.receive(.text(Self.connect(token: "s3c"), fin: true), snapshot: Self.snapshot) == [.close(code: 1008, reason: "unauthorized")])
        var right = Self.machine(token: "s3cret")
        let ok = try Self.json(right.receive(.text(Self.connect(token: "s3cret"), fin: true), snapshot: Self.snapshot)[0])
        #expect(ok["ok"] as? Bool == true)
        var noTokenConfigured = Self.machine()
        #expect(try Self.json(noTokenConfigured.receive(.text(Self.connect(token: "anything"), fin: true), snapshot: Self.snapshot)[0])["ok"] as? Bool == true)
    }

    @Test("an empty token never gets hello-ok, even against an (impossible) empty configured token")
    func emptyToken() {
        var empty = Self.machine(token: "s3cret")
        #expect(empty.receive(.text(Self.connect(token: ""), fin: true), snapshot: Self.snapshot) == [.close(code: 1008, reason: "unauthorized")])
        var both = Self.machine(token: "")
        #expect(both.receive(.text(Self.connect(token: ""), fin: true), snapshot: Self.snapshot) == [.close(code: 1008, reason: "unauthorized")])
    }

    @Test("invalid UTF-8 in a text message closes 1007, before and after connect, whole or fragmented")
    func invalidUTF8() throws {
        let bad: [UInt8] = Array("{\"type\":\"req\",\"id\":\"".utf8) + [0xC3, 0x28] + Array("\"}".utf8)
        var before = Self.machine()
        #expect(before.receive(.text(bad, fin: true), snapshot: Self.snapshot) == [.close(code: 1007, reason: "invalid UTF-8 in a text message")])
        var after = Self.machine()
        _ = after.receive(.text(Self.connect(), fin: true), snapshot: Self.snapshot)
        #expect(after.receive(.text(bad, fin: true), snapshot: Self.snapshot) == [.close(code: 1007, reason: "invalid UTF-8 in a text message")])
        // A code point split across fragments is valid once the message is whole.
        var split = Self.machine()
        let hello = Array("{\"type\":\"req\",\"id\":\"\u{e9}\",\"method\":\"connect\",\"params\":{\"minProtocol\":4,\"maxProtocol\":4}}".utf8)
        let cut = try #require(hello.firstIndex(of: 0xC3)) + 1
        #expect(split.receive(.text(Array(hello[..<cut]), fin: false), snapshot: Self.snapshot) == [])
        let reply = split.receive(.continuation(Array(hello[cut...]), fin: true), snapshot: Self.snapshot)
        #expect(try Self.json(reply[0])["ok"] as? Bool == true)
        // Binary messages are not text: no UTF-8 rule (the handshake still wants text).
        var binary = Self.machine()
        #expect(binary.receive(.binary([0xC3, 0x28], fin: true), snapshot: Self.snapshot).last?.isClose(1008) == true)
    }

    @Test("a peer over the failed-auth limit (its address, or all addresses) is closed 1008 before its frame is read")
    func tooManyFailures() {
        var m = Self.machine(token: "s3cret")
        #expect(m.tooManyFailedAttempts(.peer(.seconds(5))) == [.close(code: 1008, reason: "too many failed auth attempts")])
        #expect(m.receive(.text(Self.connect(token: "s3cret"), fin: true), snapshot: Self.snapshot) == [])
        var global = Self.machine(token: "s3cret")
        #expect(global.tooManyFailedAttempts(.global(.seconds(5)))
            == [.close(code: 1008, reason: "too many failed auth attempts from all addresses")])
        #expect(global.receive(.text(Self.connect(token: "s3cret"), fin: true), snapshot: Self.snapshot) == [])
    }

    @Test("pre-connect messages over 64 KiB close 1009, single or fragmented")
    func preConnectCap() {
        var single = Self.machine()
        #expect(single.receive(.text([UInt8](repeating: 32, count: 65537), fin: true), snapshot: Self.snapshot)
                == [.close(code: 1009, reason: "message too big")])
        var fragmented = Self.machine()
        #expect(fragmented.receive(.text([UInt8](repeating: 32, count: 40000), fin: false), snapshot: Self.snapshot).isEmpty)
        #expect(fragmented.receive(.continuation([UInt8](repeating: 32, count: 30000), fin: true), snapshot: Self.snapshot)
                == [.close(code: 1009, reason: "message too big")])
        var exactly = Self.machine()
        var padded = Self.connect()
        padded += [UInt8](repeating: 32, count: 65536 - padded.count)  // JSON allows trailing whitespace
        #expect(exactly.receive(.text(padded, fin: true), snapshot: Self.snapshot).count == 1)
        #expect(exactly.phase == .connected)
    }

    @Test("fragmented connect is reassembled; a stray continuation closes 1002")
    func fragments() {
        var m = Self.machine()
        let frame = Self.connect()
        #expect(m.receive(.text(Array(frame[0..<10]), fin: false), snapshot: Self.snapshot).isEmpty)
        #expect(m.receive(.continuation(Array(frame[10...]), fin: true), snapshot: Self.snapshot).count == 1)
        #expect(m.phase == .connected)
        var stray = Self.machine()
        #expect(stray.receive(.continuation(frame, fin: true), snapshot: Self.snapshot) == [.close(code: 1002, reason: "unexpected continuation frame")])
    }

    @Test("handshake timeout closes 1008 only before connect")
    func timeout() {
        var waiting = Self.machine()
        #expect(waiting.handshakeTimedOut() == [.close(code: 1008, reason: "connect timeout")])
        var connected = Self.machine()
        _ = connected.receive(.text(Self.connect(), fin: true), snapshot: Self.snapshot)
        #expect(connected.handshakeTimedOut().isEmpty)
    }

    @Test("shutdown sends the shutdown event, then close 1001")
    func shutdown() throws {
        var m = Self.machine()
        _ = m.receive(.text(Self.connect(), fin: true), snapshot: Self.snapshot)
        let actions = m.shutdown()
        #expect(actions.count == 2)
        #expect(try Self.json(actions[0])["event"] as? String == "shutdown")
        #expect(actions[1] == .close(code: 1001, reason: "gateway shutting down"))
        #expect(m.shutdown().isEmpty)
    }

    @Test("random frames never crash, and every close uses a documented code")
    func fuzz() {
        var rng = SeededGenerator(seed: 0x5eed)
        let seeds: [[UInt8]] = [Self.connect(), Array(#"{"type":"req","id":1,"method":"status"}"#.utf8), Array("{}".utf8)]
        for _ in 0..<400 {
            var m = Self.machine(token: Bool.random(using: &rng) ? "tok" : nil)
            for _ in 0..<6 {
                var bytes = seeds[Int.random(in: 0..<seeds.count, using: &rng)]
                for _ in 0..<Int.random(in: 0...4, using: &rng) where !bytes.isEmpty {
                    bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                }
                let fin = Int.random(in: 0..<4, using: &rng) != 0
                let frame: ConnectionMachine.Frame
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: frame = .text(bytes, fin: fin)
                case 1: frame = .binary(bytes, fin: fin)
                default: frame = .continuation(bytes, fin: fin)
                }
                for action in m.receive(frame, snapshot: Self.snapshot) {
                    if case .close(let code, _) = action { #expect([1002, 1007, 1008, 1009].contains(code)) }
                }
            }
        }
    }

    @Test("constant-time comparison")
    func constantTime() {
        #expect(ConstantTime.equals("abc", "abc"))
        #expect(!ConstantTime.equals("abc", "abd"))
        #expect(!ConstantTime.equals("abc", "abcd"))
        #expect(!ConstantTime.equals("", "a"))
        #expect(ConstantTime.equals("", ""))
    }
}


extension ConnectionMachine.Action {
    func isClose(_ code: UInt16) -> Bool {
        if case .close(code, _) = self { return true }
        return false
    }
}
