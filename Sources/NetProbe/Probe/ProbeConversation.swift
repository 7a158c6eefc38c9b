/// The probe's protocol logic after the TCP connection is up, as a pure state machine over received bytes:
/// HTTP upgrade answer, then the first WebSocket data frame, then a verdict. No sockets, no clock:
/// the socket edge feeds it bytes, end-of-stream and the deadline.
///
/// Bounded: at most `maxBytes` bytes are kept; a peer that sends more without reaching a verdict gets one anyway.
public struct ProbeConversation: Sendable {
    public enum Phase: Sendable, Equatable {
        /// Waiting for the HTTP response head.
        case awaitingHead
        /// Upgraded; waiting for the first text frame.
        case awaitingChallenge
        /// A verdict was reached.
        case finished(ProbeOutcome)
    }

    public let handshake: WebSocketHandshake
    public let selfInstanceId: String?
    public let maxBytes: Int
    public private(set) var phase: Phase = .awaitingHead
    /// Whether the server accepted the WebSocket upgrade (so a close frame is owed).
    public private(set) var upgraded = false
    /// Bytes received and not yet consumed by the current phase.
    private var buffer: [UInt8] = []
    /// Payload of a fragmented text message being assembled.
    private var fragments: [UInt8]?
    private var totalReceived = 0

    public init(handshake: WebSocketHandshake, selfInstanceId: String?, maxBytes: Int) {
        self.handshake = handshake
        self.selfInstanceId = selfInstanceId
        self.maxBytes = max(1, maxBytes)
    }

    /// The verdict, once reached.
    public var outcome: ProbeOutcome? {
        if case .finished(let outcome) = phase { return outcome }
        return nil
    }

    /// Feeds bytes from the peer; returns the verdict once there is one (later calls change nothing).
    @discardableResult
    public mutating func receive(_ bytes: some Collection<UInt8>) -> ProbeOutcome? {
        if let outcome { return outcome }
        let room = maxBytes - totalReceived
        let accepted = bytes.prefix(max(0, room))
        buffer.append(contentsOf: accepted)
        totalReceived += accepted.count
        let overflowed = bytes.count > room
        step()
        if outcome == nil && (overflowed || totalReceived >= maxBytes) {
            finish(overLimit())
        }
        return outcome
    }

    /// The peer closed its side (EOF): the verdict from what arrived.
    @discardableResult
    public mutating func receiveEnd() -> ProbeOutcome {
        if let outcome { return outcome }
        switch phase {
        case .awaitingHead:
            finish(.notHTTP(preview: BytePreview.escaped(buffer)))
        case .awaitingChallenge:
            finish(.websocketNotGateway(reason: "connection closed before a connect.challenge frame"))
        case .finished(let outcome):
            return outcome
        }
        return outcome ?? .reset
    }

    /// The deadline passed: the verdict from what arrived.
    @discardableResult
    public mutating func deadlinePassed() -> ProbeOutcome {
        if let outcome { return outcome }
        switch phase {
        case .awaitingHead:
            finish(.timeout)
        case .awaitingChallenge:
            finish(.websocketNotGateway(reason: "no connect.challenge frame before the deadline"))
        case .finished:
            break
        }
        return outcome ?? .timeout
    }

    private func overLimit() -> ProbeOutcome {
        switch phase {
        case .awaitingHead:
            return .notHTTP(preview: BytePreview.escaped(buffer))
        default:
            return .websocketNotGateway(reason: "no connect.challenge within \(maxBytes) bytes")
        }
    }

    private mutating func finish(_ outcome: ProbeOutcome) {
        phase = .finished(outcome)
        buffer = []
        fragments = nil
    }

    private mutating func step() {
        if phase == .awaitingHead {
            switch HTTPResponseHead.parse(buffer, maxHeadBytes: min(maxBytes, HTTPResponseHead.defaultMaxHeadBytes)) {
            case .needMore:
                return
            case .invalid:
                finish(.notHTTP(preview: BytePreview.escaped(buffer)))
                return
            case .complete(let head, let consumed):
                switch handshake.check(head) {
                case .accepted:
                    buffer.removeFirst(consumed)
                    upgraded = true
                    phase = .awaitingChallenge
                case .notSwitching(let status):
                    finish(.httpNotWebSocket(status: status, server: head.value(for: "Server")))
                    return
                case .badUpgrade:
                    finish(.httpNotWebSocket(status: head.status, server: head.value(for: "Server")))
                    return
                }
            }
        }
        while phase == .awaitingChallenge {
            switch WebSocketFrame.decode(buffer, maxPayload: maxBytes) {
            case .needMore:
                return
            case .invalid(let error):
                finish(.websocketNotGateway(reason: "invalid frame: \(error)"))
            case .frame(let frame, let consumed):
                buffer.removeFirst(consumed)
                handle(frame)
            }
        }
    }

    private mutating func handle(_ frame: WebSocketFrame) {
        if frame.maskingKey != nil {
            finish(.websocketNotGateway(reason: "server sent a masked frame"))
            return
        }
        switch frame.opcode {
        case .ping, .pong:
            return
        case .close:
            let code = frame.closeCode.map { " \($0)" } ?? ""
            finish(.websocketNotGateway(reason: "server closed the WebSocket\(code) before a connect.challenge"))
        case .binary:
            finish(.websocketNotGateway(reason: "first data frame is binary"))
        case .text:
            if fragments != nil {
                finish(.websocketNotGateway(reason: "new text frame inside a fragmented message"))
            } else if frame.fin {
                judge(frame.payload)
            } else {
                fragments = frame.payload
            }
        case .continuation:
            guard var message = fragments else {
                finish(.websocketNotGateway(reason: "continuation frame without a message"))
                return
            }
            message.append(contentsOf: frame.payload)
            if frame.fin { judge(message) } else { fragments = message }
        }
    }

    private mutating func judge(_ text: [UInt8]) {
        switch GatewayIdentity.readChallenge(text) {
        case .challenge(let id):
            let isSelf = selfInstanceId.map { $0 == id } ?? false
            finish(.gateway(identity: GatewayIdentity(instanceId: id), isSelf: isSelf))
        case .other(let reason):
            finish(.websocketNotGateway(reason: reason))
        }
    }
}
