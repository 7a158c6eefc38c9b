import Foundation
import NetProbe
#if canImport(Glibc)
import Glibc
#endif

/// A "slowloris" HTTP client for gateway tests: sends a request head one byte at a time and records when the server
/// cuts it off. Blocking sockets and `poll(2)`; `trickle` runs on its own thread.
public enum GatewaySlowClient {
    public struct Outcome: Sendable {
        /// Time from connect until the server closed or reset the connection; nil when it never did within the limit.
        public var closedAfter: Duration?
        /// Bytes sent, prefix included.
        public var bytesSent: Int
        /// Everything the server sent.
        public var response: String
    }

    /// Connects to `127.0.0.1:port`, sends `prefix`, then one byte (`a`) every `interval`, never finishing the head,
    /// until the server closes the connection (EOF, reset, or a failed send) or `limit` passes.
    public static func trickle(port: UInt16, prefix: String, interval: Duration, limit: Duration) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try trickleBlocking(port: port, prefix: prefix, interval: interval, limit: limit) })
            }
            thread.name = "slowloris"
            thread.start()
        }
    }

    static func trickleBlocking(port: UInt16, prefix: String, interval: Duration, limit: Duration) throws -> Outcome {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw GatewayWireClient.WireError.io("socket errno \(errno)") }
        defer { close(fd) }
        let rc = SocketAddress(address: .loopbackV4, port: port).withSockaddr { connect(fd, $0, $1) }
        guard rc == 0 else { throw GatewayWireClient.WireError.connect(errno) }
        let clock = ContinuousClock()
        let start = clock.now
        var sent = 0
        var received: [UInt8] = []
        func send(_ bytes: [UInt8]) -> Bool {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n > 0 { sent += n }
            return n == bytes.count
        }
        /// Reads what arrives within `waitingMs`; false once the peer closed or reset.
        func drain(waitingMs: Int32) -> Bool {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, waitingMs) > 0 else { return true }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return false }
            received += chunk[0..<n]
            return true
        }
        let intervalMs = Int32(interval.components.seconds * 1000 + interval.components.attoseconds / 1_000_000_000_000_000)
        var open = send(Array(prefix.utf8))
        while open && clock.now - start < limit {
            open = drain(waitingMs: intervalMs) && send([UInt8(ascii: "a")])
        }
        // The server may have answered before closing; collect the rest (bounded).
        if !open {
            for _ in 0..<10 where drain(waitingMs: 100) {}
        }
        return Outcome(closedAfter: open ? nil : clock.now - start, bytesSent: sent,
                       response: String(decoding: received, as: UTF8.self))
    }
}
