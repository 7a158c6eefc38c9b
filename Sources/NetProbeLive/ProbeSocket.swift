import NetProbe
import Glibc

/// A non-blocking TCP client socket driven by `poll(2)` against a `ProbeDeadline`.
///
/// Kernel interfaces: `socket(2)` (`SOCK_NONBLOCK | SOCK_CLOEXEC`), `bind(2)` (testing only), `connect(2)`
/// with `SO_ERROR`, `getsockname(2)`/`getpeername(2)`, `send(2)` with `MSG_NOSIGNAL`, `recv(2)`, `shutdown(2)`.
struct ProbeSocket {
    let fd: Int32
    let remote: SocketAddress

    enum IOResult {
        case done
        case timedOut
        case failed(errno: Int32)
    }

    enum ReadResult {
        case bytes([UInt8])
        case end
        case timedOut
        case failed(errno: Int32)
    }

    /// Connects to `remote` before `deadline`. `sourcePort` binds the local side first (tests use it to
    /// provoke a self-connect). Failures are already probe verdicts.
    static func connect(
        to remote: SocketAddress, deadline: ProbeDeadline, sourcePort: UInt16? = nil
    ) -> Result<ProbeSocket, ConnectFailure> {
        let fd = socket(remote.domain, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .failure(ConnectFailure(outcome: outcome(forErrno: errno))) }
        if let sourcePort {
            var local = remote
            local.port = sourcePort
            var one: Int32 = 1
            _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            let rc = local.withSockaddr { Glibc.bind(fd, $0, $1) }
            if rc != 0 {
                let code = errno
                _ = Glibc.close(fd)
                return .failure(ConnectFailure(outcome: outcome(forErrno: code)))
            }
        }
        let rc = remote.withSockaddr { Glibc.connect(fd, $0, $1) }
        if rc != 0 {
            let code = errno
            if code != EINPROGRESS && code != EINTR {
                _ = Glibc.close(fd)
                return .failure(ConnectFailure(outcome: outcome(forErrno: code)))
            }
            let socket = ProbeSocket(fd: fd, remote: remote)
            switch socket.wait(for: Int16(POLLOUT), until: deadline) {
            case .timedOut:
                socket.close()
                return .failure(ConnectFailure(outcome: .timeout))
            case .failed(let code):
                socket.close()
                return .failure(ConnectFailure(outcome: outcome(forErrno: code)))
            case .done:
                var soError: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                if getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &length) != 0 { soError = errno }
                if soError != 0 {
                    socket.close()
                    return .failure(ConnectFailure(outcome: outcome(forErrno: soError)))
                }
            }
        }
        return .success(ProbeSocket(fd: fd, remote: remote))
    }

    /// A connect failure, already mapped to a verdict.
    struct ConnectFailure: Error {
        let outcome: ProbeOutcome
    }

    /// The verdict for a socket error: refused, timeout, reset, or unreachable with the errno text.
    static func outcome(forErrno code: Int32) -> ProbeOutcome {
        switch code {
        case ECONNREFUSED: return .refused
        case ETIMEDOUT: return .timeout
        case ECONNRESET, ECONNABORTED, EPIPE: return .reset
        default: return .unreachable(error: ErrnoText.describe(code))
        }
    }

    /// Whether the socket is connected to itself: local and peer address and port are equal.
    var isSelfConnected: Bool {
        guard let local = SocketAddress.of(fd, peer: false), let peer = SocketAddress.of(fd, peer: true) else {
            return false
        }
        return local == peer
    }

    /// Sends all of `bytes` before `deadline`.
    func send(_ bytes: [UInt8], until deadline: ProbeDeadline) -> IOResult {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n > 0 {
                offset += n
                continue
            }
            let code = errno
            if n < 0 && code == EINTR { continue }
            if n < 0 && (code == EAGAIN || code == EWOULDBLOCK) {
                let waited = wait(for: Int16(POLLOUT), until: deadline)
                if case .done = waited { continue }
                return waited
            }
            return .failed(errno: n < 0 ? code : EPIPE)
        }
        return .done
    }

    /// Reads up to `limit` bytes once some arrive before `deadline`.
    func read(upTo limit: Int, until deadline: ProbeDeadline) -> ReadResult {
        var buffer = [UInt8](repeating: 0, count: max(1, min(limit, 16384)))
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 { return .bytes(Array(buffer.prefix(n))) }
            if n == 0 { return .end }
            let code = errno
            if code == EINTR { continue }
            guard code == EAGAIN || code == EWOULDBLOCK else { return .failed(errno: code) }
            switch wait(for: Int16(POLLIN), until: deadline) {
            case .done: continue
            case .timedOut: return .timedOut
            case .failed(let code): return .failed(errno: code)
            }
        }
    }

    /// Waits with `poll(2)` until `events` (or an error/hang-up condition) are ready or the deadline passes.
    func wait(for events: Int16, until deadline: ProbeDeadline) -> IOResult {
        while true {
            let millis = deadline.remainingMillis
            if millis <= 0 { return .timedOut }
            var entry = pollfd(fd: fd, events: events, revents: 0)
            let rc = poll(&entry, 1, millis)
            if rc > 0 { return .done }
            if rc == 0 { continue }  // re-checks the clock; returns .timedOut once the deadline has passed
            let code = errno
            if code == EINTR { continue }
            return .failed(errno: code)
        }
    }

    /// Sends a masked close frame, stops writing, and drains what the peer still sends until it closes
    /// or `drainLimit` passes (both bounded), so that closing does not reset the peer needlessly.
    func closePolitely(sendingCloseFrame: Bool, deadline: ProbeDeadline, drainLimit: Duration = .milliseconds(100)) {
        let short = deadline.capped(at: drainLimit)
        if sendingCloseFrame {
            var generator = SystemRandomNumberGenerator()
            let key = (0..<4).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            _ = send(WebSocketFrame.close(code: 1000, maskingKey: key).encoded(), until: short)
        }
        _ = shutdown(fd, Int32(SHUT_WR))
        var drained = 0
        while drained < 65536, case .bytes(let bytes) = read(upTo: 4096, until: short) {
            drained += bytes.count
        }
        close()
    }

    func close() {
        _ = Glibc.close(fd)
    }
}
