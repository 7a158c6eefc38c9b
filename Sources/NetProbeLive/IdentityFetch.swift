import NetProbe

extension IdentityRequest {
    /// Fetches the identity from `address`; `nil` on any failure, timeout or unexpected answer.
    package static func fetch(_ address: SocketAddress, deadline: ProbeDeadline, maxBytes: Int) -> GatewayIdentity? {
        guard case .success(let socket) = ProbeSocket.connect(to: address, deadline: deadline) else { return nil }
        defer { socket.close() }
        if socket.isSelfConnected { return nil }
        guard case .done = socket.send(request(host: address.host, port: address.port), until: deadline) else {
            return nil
        }
        var received: [UInt8] = []
        while true {
            let ended: Bool
            switch socket.read(upTo: max(1, maxBytes - received.count), until: deadline) {
            case .bytes(let bytes):
                received.append(contentsOf: bytes)
                ended = received.count >= maxBytes
            case .end:
                ended = true
            case .timedOut, .failed:
                return nil
            }
            if case .done(let identity) = read(received, ended: ended, maxBytes: maxBytes) { return identity }
            if ended { return nil }
        }
    }
}
