import Foundation
import Testing
import TestSupport
@testable import NetProbe

/// `JSONValueDecoder` reads back what `JSONValueEncoder` made, and accepts and refuses what `JSONDecoder` with its
/// default strategies accepts and refuses (on the same value written as text), with the same values.
@Suite("JSON value decoder")
struct JSONValueDecoderTests {
    typealias Sample = JSONValueEncoderTests.Sample

    /// `T` from `value` through Foundation: the value written by `JSONTextWriter`, read by `JSONDecoder`.
    static func throughFoundation<T: Decodable>(_ type: T.Type, _ value: JSONValue) -> T? {
        try? JSONDecoder().decode(type, from: Data(value.text.utf8))
    }

    /// `value` with one member or element somewhere replaced by another kind of value (or a number out of range).
    static func mutate(_ value: JSONValue, _ generator: inout SeededGenerator) -> JSONValue {
        let replacements: [JSONValue] = [.null, .bool(true), .number(1.5), .number(300), .number(-1), .number(1e300), .string("x"), .array([]), .object([:])]
        func pick() -> JSONValue { replacements[Int(generator.next() % UInt64(replacements.count))] }
        switch value {
        case .object(var members) where !members.isEmpty:
            let keys = members.keys.sorted()
            let key = keys[Int(generator.next() % UInt64(keys.count))]
            if generator.next() % 4 == 0 {
                members.removeValue(forKey: key)
            } else {
                members[key] = generator.next() % 2 == 0 ? pick() : mutate(members[key] ?? .null, &generator)
            }
            return .object(members)
        case .array(var elements) where !elements.isEmpty:
            let index = Int(generator.next() % UInt64(elements.count))
            elements[index] = generator.next() % 2 == 0 ? pick() : mutate(elements[index], &generator)
            return .array(elements)
        default:
            return pick()
        }
    }

    @Test("random samples: what JSONValueEncoder made reads back to the same value, as JSONDecoder reads its text (seeded, 300)")
    func roundTrip() throws {
        var generator = SeededGenerator(seed: 0xDEC0)
        for _ in 0..<300 {
            let value = JSONValue(encoding: JSONValueEncoderTests.sample(&generator, depth: 0))
            let decoded = try JSONValueDecoder.decode(Sample.self, from: value)
            #expect(JSONValue(encoding: decoded) == value)
            #expect(Self.throughFoundation(Sample.self, value).map { JSONValue(encoding: $0) } == value)
        }
    }

    @Test("mutated samples: refused exactly where JSONDecoder refuses, else the same value (seeded, 3000)")
    func agreesWithFoundationOnDamage() {
        var generator = SeededGenerator(seed: 0xBAD)
        for _ in 0..<3000 {
            let value = Self.mutate(JSONValue(encoding: JSONValueEncoderTests.sample(&generator, depth: 0)), &generator)
            let mine = try? JSONValueDecoder.decode(Sample.self, from: value)
            let foundation = Self.throughFoundation(Sample.self, value)
            #expect(mine.map { JSONValue(encoding: $0) } == foundation.map { JSONValue(encoding: $0) }, "\(value.text)")
        }
    }

    @Test("this project's types read back: probe outcomes and results, identities, port holders")
    func projectTypes() throws {
        let identity = GatewayIdentity(instanceId: "i-1", pid: 42, version: "0.1.0", startedAt: "2026-12-08T02:00:00Z", bootId: "b", port: 18789)
        let outcomes: [ProbeOutcome] = [
            .refused, .timeout, .selfConnect, .reset, .notHTTP(preview: "SSH-2.0"), .httpNotWebSocket(status: 404, server: nil),
            .httpNotWebSocket(status: 200, server: "WindowsDevServer/1.0"), .websocketNotGateway(reason: "no challenge"),
            .gateway(identity: identity, isSelf: false), .gateway(identity: GatewayIdentity(instanceId: "bare"), isSelf: true),
            .unreachable(error: "EHOSTUNREACH"),
        ]
        for outcome in outcomes {
            #expect(try JSONValueDecoder.decode(ProbeOutcome.self, from: JSONValue(encoding: outcome)) == outcome)
            let result = ProbeResult(host: "::1", port: 18789, outcome: outcome, elapsedMicros: 1 << 40)
            #expect(try JSONValueDecoder.decode(ProbeResult.self, fromText: Array(JSONValue(encoding: result).text.utf8)) == result)
        }
        let owner = PortOwner(pid: 7, comm: "node", cmdline: ["node", "x"], uid: 1000, inode: 1 << 33, localAddress: "127.0.0.1")
        let holders: [PortHolder] = [.free, .linuxProcesses([owner]), .hiddenLinuxProcess(uid: nil), .outsideLinux, .bindFailed(errno: 98)]
        #expect(try JSONValueDecoder.decode([PortHolder].self, from: JSONValue(encoding: holders)) == holders)
        let windows = [WindowsPortHolder(pid: 4242, image: nil, endpoints: ["[::1]:18789"])]
        #expect(try JSONValueDecoder.decode([WindowsPortHolder].self, from: JSONValue(encoding: windows)) == windows)
    }

    @Test("errors name what and where: the coding path, an unknown verdict, a port out of range, text that is no JSON")
    func errors() {
        #expect(throws: DecodingError.self) { try JSONValueDecoder.decode(ProbeOutcome.self, fromText: Array(#"{"verdict":"maybe"}"#.utf8)) }
        #expect(throws: JSONReadError.self) { try JSONValueDecoder.decode(ProbeOutcome.self, fromText: Array(#"{"verdict":"refused",}"#.utf8)) }
        do {
            _ = try JSONValueDecoder.decode(ProbeResult.self, from: ["host": "::1", "port": 70000, "outcome": ["verdict": "refused"], "elapsedMicros": 1])
            Issue.record("port 70000 read as a UInt16")
        } catch DecodingError.dataCorrupted(let context) {
            #expect(context.codingPath.map(\.stringValue) == ["port"])
        } catch {
            Issue.record("unexpected \(error)")
        }
        do {
            _ = try JSONValueDecoder.decode([GatewayIdentity].self, from: [["service": "openclaw-gateway", "instanceId": 7]])
            Issue.record("a number read as a string")
        } catch DecodingError.typeMismatch(_, let context) {
            #expect(context.codingPath.map(\.stringValue) == ["0", "instanceId"])
        } catch {
            Issue.record("unexpected \(error)")
        }
        #expect(throws: DecodingError.self) { try JSONValueDecoder.decode(GatewayIdentity.self, from: ["service": "openclaw-gateway"]) }
        #expect((try? JSONValueDecoder.decode(GatewayIdentity.self, from: ["service": "openclaw-gateway", "instanceId": "i", "pid": nil]))
            == GatewayIdentity(instanceId: "i"), "null for an optional is nil")
    }
}
