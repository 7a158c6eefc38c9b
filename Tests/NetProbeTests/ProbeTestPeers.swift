import Foundation
import Glibc
@testable import NetProbe

/// A real TCP server on a loopback address for probe tests: accepts on a thread and runs `handler` per
/// connection on its own thread with a blocking socket (send/receive timeouts of 100 ms so loops can stop).
final class TestPeer: @unchecked Sendable {
    let host: String
    let port: UInt16
    private let listenFD: Int32
    private let lock = NSLock()
    private var stopped = false
    private let finished = DispatchGroup()

    typealias Handler = @Sendable (_ fd: Int32, _ peer: TestPeer) -> Void

    /// Listens on `host:port` (0 = a free port chosen by the kernel).
    init(host: String = "127.0.0.1", port: UInt16 = 0, backlog: Int32 = 16, accepting: Bool = true, handler: @escaping Handler) throws {
        self.host = host
        let (fd, bound) = try TestSockets.listen(host: host, port: port, backlog: backlog)
        listenFD = fd
        self.port = bound
        guard accepting else { return }
        finished.enter()
        let thread = Thread { [self] in
            defer { finished.leave() }
            while !isStopped {
                var entry = pollfd(fd: listenFD, events: Int16(POLLIN), revents: 0)
                guard poll(&entry, 1, 50) > 0 else { continue }
                let client = accept(listenFD, nil, nil)
                guard client >= 0 else { continue }
                TestSockets.setTimeouts(client, millis: 100)
                finished.enter()
                let worker = Thread { [self] in
                    handler(client, self)
                    _ = close(client)
                    finished.leave()
                }
                worker.start()
            }
        }
        thread.start()
    }

    var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    /// Stops accepting, lets handlers see `isStopped`, waits for them (bounded) and closes the listener.
    func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
        _ = finished.wait(timeout: .now() + 5)
        _ = close(listenFD)
    }

    /// Waits until the peer is stopped or closes the connection.
    func hold(_ fd: Int32) {
        var scratch = [UInt8](repeating: 0, count: 4096)
        while !isStopped {
            let n = recv(fd, &scratch, scratch.count, 0)
            if n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) { return }
        }
    }

    /// Reads a request head (up to the blank line), or `nil` after 2 s or on close.
    func readHead(_ fd: Int32) -> String? {
        var received: [UInt8] = []
        var byte: UInt8 = 0
        let giveUp = Date().addingTimeInterval(2)
        while Date() < giveUp && !isStopped && received.count < 16384 {
            let n = recv(fd, &byte, 1, 0)
            if n == 1 {
                received.append(byte)
                if received.suffix(4) == [13, 10, 13, 10] { return String(decoding: received, as: UTF8.self) }
            } else if n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                return nil
            }
        }
        return nil
    }

    /// Sends everything (blocking, retries on the 100 ms send timeout until stopped); false on error.
    @discardableResult
    func send(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            if isStopped { return false }
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n > 0 { offset += n; continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) { continue }
            return false
        }
        return true
    }

    func send(_ fd: Int32, _ text: String) { send(fd, Array(text.utf8)) }
}

/// Socket helpers for tests.
enum TestSockets {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// A listening socket on `host:port` (SO_REUSEADDR); returns the fd and the bound port.
    static func listen(host: String, port: UInt16, backlog: Int32 = 16) throws -> (Int32, UInt16) {
        guard let address = SocketAddress(host: host, port: port) else { throw Failure(description: "bad host \(host)") }
        let fd = socket(address.domain, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(ErrnoText.describe(errno))") }
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        if address.family == .inet6 {
            _ = setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &one, socklen_t(MemoryLayout<Int32>.size))
        }
        guard address.withSockaddr({ bind(fd, $0, $1) }) == 0, Glibc.listen(fd, backlog) == 0 else {
            let text = ErrnoText.describe(errno)
            _ = close(fd)
            throw Failure(description: "bind/listen \(host):\(port): \(text)")
        }
        guard let local = SocketAddress.of(fd, peer: false) else { throw Failure(description: "getsockname failed") }
        return (fd, local.port)
    }

    static func setTimeouts(_ fd: Int32, millis: Int) {
        var tv = timeval(tv_sec: millis / 1000, tv_usec: (millis % 1000) * 1000)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Whether `::1` can be bound here (IPv6 may be disabled in a container).
    static var hasIPv6Loopback: Bool {
        guard let (fd, _) = try? listen(host: "::1", port: 0) else { return false }
        _ = close(fd)
        return true
    }
}

/// Server behaviours used by the probe tests.
enum PeerScript {
    /// The `Sec-WebSocket-Key` of a request head.
    static func key(in head: String) -> String? {
        for line in head.split(separator: "\r\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "sec-websocket-key" {
                return parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    static func switching(accept: String) -> String {
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: \(accept)\r\nServer: TestWS\r\n\r\n"
    }

    /// An unmasked server text frame.
    static func textFrame(_ text: String) -> [UInt8] {
        WebSocketFrame(opcode: .text, payload: Array(text.utf8)).encoded()
    }

    static func challenge(instanceId: String) -> String {
        #"{"type":"event","event":"connect.challenge","payload":{"nonce":"n-1","ts":1700000000000,"instanceId":"\#(instanceId)"}}"#
    }

    /// Accepts the upgrade, then sends `frames`, then waits for the client to go.
    static func websocket(sending frames: [[UInt8]]) -> TestPeer.Handler {
        { fd, peer in
            guard let head = peer.readHead(fd), let key = key(in: head) else { return }
            peer.send(fd, switching(accept: WebSocketHandshake.acceptValue(forKey: key)))
            for frame in frames { peer.send(fd, frame) }
            peer.hold(fd)
        }
    }

    /// A small fake gateway: challenge on upgrade of `/`, identity JSON on `GET /__openclaw__/identity`;
    /// records request lines and the client's close frames in `log` and answers a close frame with one.
    static func gateway(instanceId: String, identityJSON: String?, log: PeerLog = PeerLog()) -> TestPeer.Handler {
        { fd, peer in
            guard let head = peer.readHead(fd) else { return }
            log.record(request: head.components(separatedBy: "\r\n").first ?? "")
            if head.hasPrefix("GET /__openclaw__/identity ") {
                guard let json = identityJSON else {
                    peer.send(fd, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    return
                }
                peer.send(fd, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(json.utf8.count)\r\n"
                    + "Connection: close\r\n\r\n\(json)")
                return
            }
            guard let key = key(in: head) else {
                peer.send(fd, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
                return
            }
            peer.send(fd, switching(accept: WebSocketHandshake.acceptValue(forKey: key)))
            peer.send(fd, textFrame(challenge(instanceId: instanceId)))
            readFrames(fd, peer: peer, log: log)
        }
    }

    /// Reads client frames until the client goes; answers a close frame with a close frame.
    static func readFrames(_ fd: Int32, peer: TestPeer, log: PeerLog) {
        var buffer: [UInt8] = []
        var scratch = [UInt8](repeating: 0, count: 4096)
        while !peer.isStopped {
            let n = recv(fd, &scratch, scratch.count, 0)
            if n == 0 { return }
            if n < 0 {
                if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { continue }
                return
            }
            buffer += scratch.prefix(n)
            while case .frame(let frame, let consumed) = WebSocketFrame.decode(buffer, maxPayload: 4096) {
                buffer.removeFirst(consumed)
                if frame.opcode == .close {
                    log.record(close: frame.closeCode ?? 0, masked: frame.maskingKey != nil)
                    peer.send(fd, WebSocketFrame.close(code: 1000, maskingKey: nil).encoded())
                }
            }
        }
    }
}

/// What a test peer saw, shared with the test.
final class PeerLog: @unchecked Sendable {
    private let lock = NSLock()
    private var requestLines: [String] = []
    private var closes: [(code: UInt16, masked: Bool)] = []

    func record(request: String) {
        lock.lock(); defer { lock.unlock() }
        requestLines.append(request)
    }

    func record(close code: UInt16, masked: Bool) {
        lock.lock(); defer { lock.unlock() }
        closes.append((code, masked))
    }

    var requests: [String] {
        lock.lock(); defer { lock.unlock() }
        return requestLines
    }

    var closeFrames: [(code: UInt16, masked: Bool)] {
        lock.lock(); defer { lock.unlock() }
        return closes
    }
}
