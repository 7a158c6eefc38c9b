import Foundation
import Testing
import NetProbe
@testable import Gateway
@testable import GatewayServer

/// The hand-written fixed frames and the cached `status` payload are exactly the text the `JSONValue` trees they
/// replaced encode to, and the cache follows a snapshot change.
@Suite("Frame text")
struct FrameTextTests {
    @Test("challenge and hello-ok: byte for byte the JSONValue encoding, escapes included")
    func fixedFrames() {
        let instanceId = "inst\"\\\u{1}/é"
        let challenge: JSONValue = .object([
            "type": "event", "event": "connect.challenge",
            "payload": .object(["nonce": "n1", "ts": .number(1_700_000_000_123), "instanceId": .string(instanceId)]),
        ])
        #expect(FrameText.challenge(nonce: "n1", ts: 1_700_000_000_123, instanceId: instanceId) == challenge.text)

        let hello: JSONValue = .object([
            "type": "hello-ok", "protocol": .number(Double(GatewayVersion.protocolVersion)),
            "server": .object(["version": "0.1.0", "connId": "c\n1", "instanceId": .string(instanceId)]),
            "features": .object(["methods": ["health", "status"], "events": ["connect.challenge", "shutdown"]]),
            "policy": .object(["maxPayload": .number(1_048_576), "maxPreConnectPayload": .number(65536)]),
        ])
        let text = FrameText.helloOK(
            version: "0.1.0", connId: "c\n1", instanceId: instanceId, maxPayload: 1 << 20, maxPreConnectPayload: 65536)
        #expect(text == hello.text)
        #expect(ConnectionMachine.response(id: "7", payloadText: text) == ConnectionMachine.response(id: "7", payload: hello))
        #expect(ConnectionMachine.response(id: 7, payloadText: text) == ConnectionMachine.response(id: 7, payload: hello))
    }

    @Test("status answers follow the snapshot: a lifecycle change is never answered from the old text")
    func statusFollowsSnapshot() throws {
        var machine = ConnectionMachineTests.machine()
        _ = machine.receive(.text(ConnectionMachineTests.connect(), fin: true), snapshot: ConnectionMachineTests.snapshot)
        let request: [UInt8] = Array(#"{"type":"req","id":"s","method":"status"}"#.utf8)
        for status in [InstanceStatus.ready, .stopping, .ready, .starting] {
            var snapshot = ConnectionMachineTests.snapshot
            snapshot.status = status
            let answer = machine.receive(.text(request, fin: true), snapshot: snapshot)
            // What the payload was before the cache and `JSONValueEncoder`: JSONEncoder, then JSONDecoder into a value.
            let foundation = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(snapshot))
            let expected = ConnectionMachine.response(id: "s", payload: foundation)
            #expect(answer == [.send(expected)], "status \(status)")
        }
    }
}
