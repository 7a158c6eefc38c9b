import Foundation
import Testing
@testable import NetProbe

@Suite("ProbeOutcome, ProbeResult and GatewayIdentity values")
struct ProbeOutcomeTests {
    static let identity = GatewayIdentity(instanceId: "i-1", pid: 12, version: "1.0", startedAt: "t", bootId: "b", port: 18789)
    static let all: [ProbeOutcome] = [
        .refused, .timeout, .selfConnect, .reset, .notHTTP(preview: "SSH-2.0"),
        .httpNotWebSocket(status: 404, server: "nginx"), .websocketNotGateway(reason: "r"),
        .gateway(identity: identity, isSelf: true), .unreachable(error: "ENETUNREACH (Network is unreachable)"),
    ]

    @Test("stable names, one per case")
    func names() {
        #expect(Self.all.map(\.name) == ProbeOutcome.allNames)
        #expect(ProbeOutcome.allNames == [
            "refused", "timeout", "self-connect", "reset", "not-http", "http-not-websocket",
            "websocket-not-gateway", "gateway", "unreachable",
        ])
    }

    @Test("JSON is {verdict, ...fields} and round-trips")
    func json() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for outcome in Self.all {
            let data = try encoder.encode(outcome)
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(object["verdict"] as? String == outcome.name)
            #expect(try JSONDecoder().decode(ProbeOutcome.self, from: data) == outcome)
        }
        let http = String(decoding: try encoder.encode(ProbeOutcome.httpNotWebSocket(status: 400, server: nil)), as: UTF8.self)
        #expect(http == #"{"status":400,"verdict":"http-not-websocket"}"#)
        let gateway = String(decoding: try encoder.encode(ProbeOutcome.gateway(identity: GatewayIdentity(instanceId: "x"), isSelf: false)), as: UTF8.self)
        #expect(gateway == #"{"identity":{"instanceId":"x","service":"openclaw-gateway"},"isSelf":false,"verdict":"gateway"}"#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ProbeOutcome.self, from: Data(#"{"verdict":"maybe"}"#.utf8)) }

        let result = ProbeResult(host: "::1", port: 18789, outcome: .refused, elapsedMicros: 42)
        #expect(try JSONDecoder().decode(ProbeResult.self, from: try encoder.encode(result)) == result)
    }

    @Test("identity JSON: fields of the wrong type are dropped, a foreign service is refused")
    func identityJSON() {
        let full = #"{"service":"openclaw-gateway","instanceId":"i-1","pid":12,"version":"1.0","startedAt":"t","bootId":"b","port":18789,"extra":[1]}"#
        #expect(GatewayIdentity.parseIdentityJSON(Array(full.utf8)) == Self.identity)
        let odd = #"{"service":"openclaw-gateway","instanceId":"i-2","pid":"12","port":true,"version":3}"#
        #expect(GatewayIdentity.parseIdentityJSON(Array(odd.utf8)) == GatewayIdentity(instanceId: "i-2"))
        #expect(GatewayIdentity.parseIdentityJSON(Array(#"{"service":"other","instanceId":"i"}"#.utf8)) == nil)
        #expect(GatewayIdentity.parseIdentityJSON(Array(#"{"service":"openclaw-gateway","instanceId":""}"#.utf8)) == nil)
        #expect(GatewayIdentity.parseIdentityJSON(Array(#"{"service":"openclaw-gateway","instanceId":"i","pid":99999999999}"#.utf8))
            == GatewayIdentity(instanceId: "i"))
        #expect(GatewayIdentity.parseIdentityJSON(Array("[]".utf8)) == nil)
        #expect(GatewayIdentity.parseIdentityJSON([]) == nil)
    }

    @Test("the served identity JSON (jsonValue), for every set of optional fields: a field not set is absent (no null), the value is its Encodable form, and a probe reads it back to the same identity")
    func servedIdentityJSON() throws {
        for mask in 0..<32 {
            let identity = GatewayIdentity(
                instanceId: "i-\(mask)", pid: mask & 1 != 0 ? 4242 : nil, version: mask & 2 != 0 ? "2026.12" : nil,
                startedAt: mask & 4 != 0 ? "2026-12-08T01:00:00Z" : nil, bootId: mask & 8 != 0 ? "b-1" : nil, port: mask & 16 != 0 ? 18789 : nil)
            let json = identity.jsonValue
            guard case .object(let members) = json else { Issue.record("not an object: \(json)"); continue }
            #expect(members.count == 2 + mask.nonzeroBitCount && !members.values.contains(.null), "\(json.text)")
            #expect(json == JSONValue(encoding: identity))
            #expect(try JSONDecoder().decode(GatewayIdentity.self, from: Data(json.text.utf8)) == identity)
            #expect(GatewayIdentity.parseIdentityJSON(Array(json.text.utf8)) == identity, "\(json.text)")
        }
    }

    @Test("challenge reading")
    func challenge() {
        #expect(GatewayIdentity.readChallenge(Array(PeerScript.challenge(instanceId: "abc").utf8)) == .challenge(instanceId: "abc"))
        #expect(GatewayIdentity.readChallenge(Array(#"{"type":"event","event":"connect.challenge","payload":5}"#.utf8))
            == .other(reason: "connect.challenge without a payload object"))
        #expect(GatewayIdentity.readChallenge(Array(#"{"type":"event","event":"connect.challenge","payload":{"instanceId":7}}"#.utf8))
            == .other(reason: "connect.challenge without payload.instanceId (an unidentified gateway)"))
    }

    @Test("enrichment only from the same instance")
    func enrichment() {
        let base = GatewayIdentity(instanceId: "i-1")
        #expect(base.enriched(with: Self.identity) == Self.identity)
        #expect(base.enriched(with: GatewayIdentity(instanceId: "other", pid: 1)) == base)
    }

    @Test("byte previews are escaped and bounded")
    func preview() {
        #expect(BytePreview.escaped(Array("a\r\n\t\\".utf8) + [0x00, 0xFF]) == #"a\r\n\t\\\x00\xff"#)
        #expect(BytePreview.escaped(Array(repeating: UInt8(ascii: "x"), count: 100), limit: 4) == "xxxx...")
    }
}
