// The floor for `gateway.readyMillis`: the least a server on the gateway's own server library
// (Hummingbird + HummingbirdWebSocket, same versions, same event loop group) must do before a WebSocket
// client holds a challenge. It binds 127.0.0.1:PORT, and on every upgrade of `/` sends one
// challenge-like text frame, then drains the socket. No environment reading, no lock, no probe.
//
// Usage: bench-floor-server --port PORT     (stops on SIGTERM or SIGINT)
import Foundation
import Hummingbird
import HummingbirdWebSocket
import enum NetProbe.StandardStreams

/// The port from `--port PORT`, or nil.
func portArgument(_ arguments: [String]) -> Int? {
    guard let index = arguments.firstIndex(of: "--port"), index + 1 < arguments.count,
          let port = Int(arguments[index + 1]), (1...65535).contains(port) else { return nil }
    return port
}

/// 16 random bytes as hex, like the gateway's nonce.
func nonce() -> String {
    var generator = SystemRandomNumberGenerator()
    return (0..<16).map { _ in
        let byte = UInt8.random(in: 0...255, using: &generator)
        return String(byte, radix: 16).count == 1 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
    }.joined()
}

guard let port = portArgument(CommandLine.arguments) else {
    StandardStreams.write("usage: bench-floor-server --port PORT\n", to: .error)
    exit(2)
}

let webSocketRouter = Router(context: BasicWebSocketRequestContext.self)
webSocketRouter.ws("/") { inbound, outbound, _ in
    let millis = Int64(Date().timeIntervalSince1970 * 1000)
    try await outbound.write(.text(
        #"{"type":"event","event":"connect.challenge","payload":{"nonce":"\#(nonce())","ts":\#(millis)}}"#))
    for try await _ in inbound {}
}
let app = Application(
    router: Router(context: BasicWebSocketRequestContext.self),
    server: .http1WebSocketUpgrade(webSocketRouter: webSocketRouter),
    configuration: .init(address: .hostname("127.0.0.1", port: port), reuseAddress: true))
try await app.runService()
