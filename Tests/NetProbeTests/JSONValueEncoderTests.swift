import Foundation
import Testing
import TestSupport
@testable import NetProbe

/// `JSONValueEncoder` makes the value `JSONEncoder` + `JSONDecoder` made (what `JSONValue.from` did, encode then
/// decode), straight from the `Encodable` conformance.
@Suite("JSON value encoder")
struct JSONValueEncoderTests {
    /// What `JSONValue.from` returned: the value through Foundation's text.
    static func throughFoundation<T: Encodable>(_ value: T) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }

    enum Mode: String, Codable { case mirrored, nat }

    enum Shape: Codable, Equatable {
        case empty
        case pair(Int, String?)
        case named(label: String, values: [Double])
    }

    struct Sample: Codable {
        var name: String
        var count: Int
        var small: UInt8
        var big: UInt64
        var ratio: Double
        var flag: Bool
        var missing: String?
        var present: Int32?
        var mode: Mode
        var shape: Shape
        var list: [[Int]]
        var byName: [String: Mode?]
        var byNumber: [Int: String]
        var nested: [Sample]
    }

    static func sample(_ generator: inout SeededGenerator, depth: Int) -> Sample {
        func pick<T>(_ values: [T]) -> T { values[Int(generator.next() % UInt64(values.count))] }
        let shapes: [Shape] = [.empty, .pair(-3, nil), .pair(7, "x\n\"y"), .named(label: "é", values: [0.5, -1e-7, 1e300])]
        return Sample(
            name: pick(["", "lo", "eth0", "\u{1F600}", "a/b\\c"]), count: pick([0, -1, 65535, Int(Int32.max)]),
            small: pick([0, 255]), big: pick([0, 1 << 40, UInt64(1) << 53]), ratio: pick([0, 0.25, -2.5, 123456.789]),
            flag: generator.next() % 2 == 0, missing: nil, present: pick([nil, 18789, -5]), mode: pick([.mirrored, .nat]),
            shape: pick(shapes), list: pick([[], [[]], [[1, 2], [3]]]),
            byName: pick([[:], ["a": .mirrored, "b": nil], ["ifname": .nat]]), byNumber: pick([[:], [1: "one", -2: "minus two"]]),
            nested: depth < 2 ? (0..<Int(generator.next() % 3)).map { _ in sample(&generator, depth: depth + 1) } : [])
    }

    @Test("random samples: the same value as JSONEncoder then JSONDecoder (seeded, 500 samples)")
    func agreesWithFoundation() throws {
        var generator = SeededGenerator(seed: 0xE4C0)
        for _ in 0..<500 {
            let sample = Self.sample(&generator, depth: 0)
            #expect(JSONValue(encoding: sample) == (try Self.throughFoundation(sample)))
        }
    }

    @Test("this project's own conformances: outcomes, holders, identities, Windows holders")
    func projectTypes() throws {
        let identity = GatewayIdentity(instanceId: "i-1", pid: 42, version: "0.1.0", startedAt: "2026-12-07T18:00:00Z", bootId: "b", port: 18789)
        let outcomes: [ProbeOutcome] = [
            .refused, .timeout, .selfConnect, .reset, .notHTTP(preview: "SSH-2.0"), .httpNotWebSocket(status: 404, server: nil),
            .httpNotWebSocket(status: 200, server: "WindowsDevServer/1.0"), .websocketNotGateway(reason: "no challenge"),
            .gateway(identity: identity, isSelf: false), .unreachable(error: "EHOSTUNREACH"),
        ]
        for outcome in outcomes { #expect(JSONValue(encoding: outcome) == (try Self.throughFoundation(outcome)), "\(outcome)") }
        let owner = PortOwner(pid: 7, comm: "node", cmdline: ["node", "x"], uid: 1000, inode: 1 << 33, localAddress: "127.0.0.1")
        let holders: [PortHolder] = [.free, .linuxProcesses([owner]), .hiddenLinuxProcess(uid: nil), .outsideLinux, .bindFailed(errno: 98)]
        for holder in holders { #expect(JSONValue(encoding: holder) == (try Self.throughFoundation(holder)), "\(holder)") }
        let windows = [WindowsPortHolder(pid: 4242, image: nil, endpoints: ["[::1]:18789"])]
        #expect(JSONValue(encoding: windows) == (try Self.throughFoundation(windows)))
        #expect(JSONValue(encoding: identity)["port"] == 18789 && JSONValue(encoding: identity)["pid"] == 42)
        #expect(JSONValue(encoding: GatewayIdentity(instanceId: "i")).text == #"{"instanceId":"i","service":"openclaw-gateway"}"#)
    }
}
