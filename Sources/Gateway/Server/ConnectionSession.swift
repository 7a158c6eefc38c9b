import HummingbirdWebSocket
import NIOCore
import NIOWebSocket

/// Serialises one connection's `ConnectionMachine` and carries out its actions on the WebSocket writer.
actor ConnectionSession {
    private var machine: ConnectionMachine
    private let outbound: WebSocketOutboundWriter
    private let channel: (any Channel)?
    private(set) var isClosed = false

    init(machine: ConnectionMachine, outbound: WebSocketOutboundWriter, channel: (any Channel)?) {
        self.machine = machine
        self.outbound = outbound
        self.channel = channel
    }

    func open(nowMs: Int64) async { await perform(machine.open(nowMs: nowMs)) }

    /// One data frame; true when the session is closed afterwards (one actor hop per frame). While `connect` is
    /// awaited, a peer blocked by `auth` is closed before its frame is looked at, and an `unauthorized` close counts
    /// as one failure of the peer.
    func receive(_ frame: ConnectionMachine.Frame, snapshot: GatewaySnapshot, auth: PeerAuthRecord? = nil) async -> Bool {
        if machine.phase == .awaitingConnect, let auth, auth.isBlocked() {
            await perform(machine.tooManyFailedAttempts())
            return isClosed
        }
        let actions = machine.receive(frame, snapshot: snapshot)
        if let auth, actions.contains(.close(code: WebSocketCloseCode.policyViolation, reason: ConnectionMachine.unauthorizedReason)) {
            auth.recordFailure()
        }
        await perform(actions)
        return isClosed
    }

    func handshakeTimedOut() async { await perform(machine.handshakeTimedOut()) }

    func shutdown() async { await perform(machine.shutdown()) }

    private func perform(_ actions: [ConnectionMachine.Action]) async {
        for action in actions {
            switch action {
            case .send(let text):
                try? await outbound.write(.text(text))
            case .close(let code, let reason):
                isClosed = true
                try? await outbound.close(WebSocketErrorCode(codeNumber: Int(code)), reason: reason)
                // A peer that never answers the close frame is dropped after a grace period.
                let channel = self.channel
                Task {
                    try? await Task.sleep(for: .seconds(3))
                    try? await channel?.close()
                }
            }
        }
    }
}
