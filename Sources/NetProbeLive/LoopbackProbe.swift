import NetProbe
import FoundationEssentials

/// Probes a loopback address and port for an OpenClaw gateway, telling apart "nothing there", "something
/// that is not a gateway" (a Windows program under WSL2 mirrored networking, the gateway's own half-started
/// HTTP server), "another gateway" and "this very gateway".
///
/// Blocking; one non-blocking socket driven by `poll(2)`. One deadline covers connect, the HTTP upgrade and
/// the first WebSocket frame; at most `maxBytes` bytes are read. The identity request that follows a
/// challenge has its own deadline of the same length, so a call returns within about twice `timeout`.
public enum LoopbackProbe {
    /// Probes `host:port` (`host` numeric: `127.0.0.1`, `::1`).
    ///
    /// Steps: connect; self-connect check; WebSocket upgrade of `/`; wait for the gateway's
    /// `connect.challenge` frame; on a challenge, `GET /__openclaw__/identity` on a new connection to fill in
    /// the identity (a failure keeps the instance-id-only identity). `isSelf` is `instanceId == selfInstanceId`.
    public static func probe(
        host: String, port: UInt16, timeout: Duration = .milliseconds(500), selfInstanceId: String? = nil,
        maxBytes: Int = 65536
    ) -> ProbeResult {
        probe(host: host, port: port, timeout: timeout, selfInstanceId: selfInstanceId, maxBytes: maxBytes, sourcePort: nil)
    }

    /// Probes `127.0.0.1:port` and `[::1]:port` concurrently (two threads); results in that order.
    public static func probeBoth(
        port: UInt16, timeout: Duration = .milliseconds(500), selfInstanceId: String? = nil
    ) -> [ProbeResult] {
        BlockingWork<ProbeResult>.all(["127.0.0.1", "::1"].map { host -> @Sendable () -> ProbeResult in
            { probe(host: host, port: port, timeout: timeout, selfInstanceId: selfInstanceId) }
        })
    }

    /// `probe` with a fixed local port (`sourcePort`): binding the client to the port it connects to makes
    /// Linux connect the socket to itself, which the self-connect test needs.
    static func probe(
        host: String, port: UInt16, timeout: Duration, selfInstanceId: String?, maxBytes: Int, sourcePort: UInt16?
    ) -> ProbeResult {
        let deadline = ProbeDeadline(after: timeout)
        let outcome = run(host: host, port: port, deadline: deadline, timeout: timeout,
                          selfInstanceId: selfInstanceId, maxBytes: maxBytes, sourcePort: sourcePort)
        return ProbeResult(host: host, port: port, outcome: outcome, elapsedMicros: deadline.elapsedMicros)
    }

    private static func run(
        host: String, port: UInt16, deadline: ProbeDeadline, timeout: Duration, selfInstanceId: String?,
        maxBytes: Int, sourcePort: UInt16?
    ) -> ProbeOutcome {
        guard let address = SocketAddress(host: host, port: port) else {
            return .unreachable(error: "\"\(host)\" is not a numeric IPv4 or IPv6 address")
        }
        let socket: ProbeSocket
        switch ProbeSocket.connect(to: address, deadline: deadline, sourcePort: sourcePort) {
        case .failure(let failure): return failure.outcome
        case .success(let connected): socket = connected
        }
        if socket.isSelfConnected {
            socket.close()
            return .selfConnect
        }
        let handshake = WebSocketHandshake()
        var conversation = ProbeConversation(handshake: handshake, selfInstanceId: selfInstanceId, maxBytes: maxBytes)
        let outcome = converse(socket, &conversation, request: handshake.request(host: address.host, port: port), deadline: deadline)
        let upgraded = conversation.upgraded
        socket.closePolitely(sendingCloseFrame: upgraded, deadline: ProbeDeadline(after: .milliseconds(100)))

        guard case .gateway(let identity, let isSelf) = outcome else { return outcome }
        let fetched = IdentityRequest.fetch(
            address, deadline: ProbeDeadline(after: timeout), maxBytes: min(maxBytes, IdentityRequest.maxBytes)
        )
        return .gateway(identity: fetched.map { identity.enriched(with: $0) } ?? identity, isSelf: isSelf)
    }

    /// Sends the upgrade request and feeds the peer's bytes to `conversation` until it reaches a verdict.
    private static func converse(
        _ socket: ProbeSocket, _ conversation: inout ProbeConversation, request: [UInt8], deadline: ProbeDeadline
    ) -> ProbeOutcome {
        switch socket.send(request, until: deadline) {
        case .done: break
        case .timedOut: return conversation.deadlinePassed()
        case .failed(let code): return ProbeSocket.outcome(forErrno: code)
        }
        while true {
            switch socket.read(upTo: 16384, until: deadline) {
            case .bytes(let bytes):
                if let outcome = conversation.receive(bytes) { return outcome }
            case .end:
                return conversation.receiveEnd()
            case .timedOut:
                return conversation.deadlinePassed()
            case .failed(let code):
                if conversation.upgraded {
                    return .websocketNotGateway(
                        reason: "\(ErrnoText.name(code)) before a connect.challenge frame"
                    )
                }
                return ProbeSocket.outcome(forErrno: code)
            }
        }
    }
}
