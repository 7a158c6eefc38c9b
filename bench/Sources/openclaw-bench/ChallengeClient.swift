#if canImport(Glibc)
import Glibc
#endif

/// A blocking WebSocket client for the readiness benchmarks: connect to 127.0.0.1:PORT (retrying while refused,
/// as a client waiting for a starting server does), upgrade `/`, and return the server's first text frame.
/// Plain `socket(2)`/`connect(2)`/`send(2)`/`recv(2)`, so the client adds the same small cost to either side.
enum ChallengeClient {
    /// The first text frame after the upgrade. A refused connect is retried every `retryMicros` until `deadline`.
    static func firstFrame(port: UInt16, deadline: ContinuousClock.Instant, retryMicros: UInt32 = 200) throws -> String {
        let fd = try connectRetrying(port: port, deadline: deadline, retryMicros: retryMicros)
        defer { close(fd) }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let request = "GET / HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: YmVuY2gtY2xpZW50LWtleQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        let bytes = Array(request.utf8)
        guard send(fd, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count else {
            throw BenchError("send upgrade: errno \(errno)")
        }
        var buffer: [UInt8] = []
        var headEnd: Int?
        while headEnd == nil {
            try receive(fd, into: &buffer)
            headEnd = endOfHead(buffer)
        }
        let head = String(decoding: buffer[..<(headEnd ?? 0)], as: UTF8.self)
        guard head.hasPrefix("HTTP/1.1 101") else {
            throw BenchError("upgrade refused: \(head.prefix(40))")
        }
        var frame = Array(buffer[(headEnd ?? 0)...])
        while true {
            if let (opcode, payload) = parseFrame(frame) {
                guard opcode == 1 else { throw BenchError("first frame has opcode \(opcode), not text") }
                return String(decoding: payload, as: UTF8.self)
            }
            try receive(fd, into: &frame)
        }
    }

    private static func connectRetrying(port: UInt16, deadline: ContinuousClock.Instant, retryMicros: UInt32) throws -> Int32 {
        var address = Ports.loopback4(port: port)
        while true {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { throw BenchError("socket: errno \(errno)") }
            let status = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if status == 0 { return fd }
            let code = errno
            close(fd)
            guard code == ECONNREFUSED || code == EINTR else { throw BenchError("connect 127.0.0.1:\(port): errno \(code)") }
            guard ContinuousClock.now < deadline else { throw BenchError("127.0.0.1:\(port) refused until the deadline") }
            usleep(retryMicros)
        }
    }

    private static func receive(_ fd: Int32, into buffer: inout [UInt8]) throws {
        var chunk = [UInt8](repeating: 0, count: 4096)
        let count = recv(fd, &chunk, chunk.count, 0)
        guard count > 0 else { throw BenchError(count == 0 ? "server closed before the first frame" : "recv: errno \(errno)") }
        buffer += chunk[..<count]
    }

    /// Index just past the blank line ending the HTTP head, if it has arrived.
    private static func endOfHead(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index + 4
        }
        return nil
    }

    /// One complete unmasked server frame at the start of `bytes`: opcode and payload; nil when incomplete.
    private static func parseFrame(_ bytes: [UInt8]) -> (UInt8, ArraySlice<UInt8>)? {
        guard bytes.count >= 2 else { return nil }
        let opcode = bytes[0] & 0x0F
        var length = Int(bytes[1] & 0x7F)
        var offset = 2
        if length == 126 {
            guard bytes.count >= 4 else { return nil }
            length = Int(bytes[2]) << 8 | Int(bytes[3])
            offset = 4
        } else if length == 127 {
            guard bytes.count >= 10 else { return nil }
            length = bytes[2..<10].reduce(0) { $0 << 8 | Int($1) }
            offset = 10
        }
        guard length >= 0, bytes.count >= offset + length else { return nil }
        return (opcode, bytes[offset..<(offset + length)])
    }
}
