import NetProbe

/// The fixed frames every connection sends, written directly as JSON text (keys in the byte order
/// `JSONValue.text` sorts them in), without building a `JSONValue` tree. The same content as the trees they
/// replaced (GatewayTests parse them back).
enum FrameText {
    /// `{"event":"connect.challenge","payload":{"instanceId":..,"nonce":..,"ts":..},"type":"event"}`
    static func challenge(nonce: String, ts: Int64, instanceId: String) -> String {
        var writer = JSONTextWriter(capacity: 160)
        writer.append(raw: #"{"event":"connect.challenge","payload":{"instanceId":"#)
        writer.write(string: instanceId)
        writer.append(raw: #","nonce":"#)
        writer.write(string: nonce)
        writer.append(raw: #","ts":"#)
        writer.append(raw: String(ts))
        writer.append(raw: #"},"type":"event"}"#)
        return writer.text
    }

    /// The `hello-ok` payload: `features` (`events`, `methods`), `policy` (`maxPayload`, `maxPreConnectPayload`),
    /// `protocol`, `server` (`connId`, `instanceId`, `version`), `type`.
    static func helloOK(version: String, connId: String, instanceId: String, maxPayload: Int, maxPreConnectPayload: Int) -> String {
        var writer = JSONTextWriter(capacity: 320)
        writer.append(raw: #"{"features":{"events":["connect.challenge","shutdown"],"methods":["health","status"]},"#)
        writer.append(raw: #""policy":{"maxPayload":"#)
        writer.append(raw: String(maxPayload))
        writer.append(raw: #","maxPreConnectPayload":"#)
        writer.append(raw: String(maxPreConnectPayload))
        writer.append(raw: #"},"protocol":"#)
        writer.append(raw: String(GatewayVersion.protocolVersion))
        writer.append(raw: #","server":{"connId":"#)
        writer.write(string: connId)
        writer.append(raw: #","instanceId":"#)
        writer.write(string: instanceId)
        writer.append(raw: #","version":"#)
        writer.write(string: version)
        writer.append(raw: #"},"type":"hello-ok"}"#)
        return writer.text
    }
}
