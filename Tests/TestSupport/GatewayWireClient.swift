import Foundation
import NetProbe
#if canImport(Glibc)
import Glibc
#endif

/// A minimal blocking TCP client for gateway tests: raw HTTP GET and a WebSocket client (masked frames),
/// written against the RFC so the tests exercise the real server on real sockets.
public final class GatewayWireClient {
    public enum WireError: Error, CustomStringConvertible {
        case connect(Int32), io(String), protocolViolation(String)
        public var description: String {
            switch self {
            case .connect(let e): return "connect failed, errno \(e)"
            case .io(let s): return "io: \(s)"
            case .protocolViolation(let s): return "protocol: \(s)"
            }
        }
    }

    /// A received WebSocket frame.
    public struct Frame: Equatable {
        public var opcode: UInt8
        public var payload: [UInt8]
        public var text: String { String(decoding: payload, as: UTF8.self) }
        /// The close code of a close frame.
        public var closeCode: UInt16? {
            guard opcode == 8, payload.count >= 2 else { return nil }
            return UInt16(payload[0]) << 8 | UInt16(payload[1])
        }
        public var closeReason: String { opcode == 8 && payload.count > 2 ? String(decoding: payload[2...], as: UTF8.self) : "" }
    }

    private let fd: Int32
    private var buffer: [UInt8] = []

    /// Connects to `host:port` (numeric IPv4 or IPv6) with a receive timeout; from `source` (a numeric address of the
    /// same family, such as 127.0.0.N: every 127.0.0.0/8 address is loopback) when given, `bind(2)` before `connect`.
    public init(host: String, port: UInt16, timeoutSeconds: Int = 5, source: String? = nil) throws {
        // Numeric addresses through NetProbe's one address value (`SocketAddress` over `IPAddress`).
        guard let target = SocketAddress(host: host, port: port) else { throw WireError.connect(EINVAL) }
        fd = socket(target.domain, Int32(SOCK_STREAM.rawValue), 0)
        var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        if let source {
            guard let local = SocketAddress(host: source, port: 0) else {
                close(fd)
                throw WireError.connect(EINVAL)
            }
            if local.withSockaddr({ bind(fd, $0, $1) }) != 0 {
                let e = errno
                close(fd)
                throw WireError.connect(e)
            }
        }
        let rc = target.withSockaddr { connect(fd, $0, $1) }
        if rc != 0 {
            let e = errno
            close(fd)
            throw WireError.connect(e)
        }
    }

    deinit { close(fd) }

    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { throw WireError.io("send errno \(errno)") }
            offset += n
        }
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n < 0 { throw WireError.io("recv errno \(errno)") }
        if n == 0 { throw WireError.io("connection closed") }
        buffer += chunk[0..<n]
    }

    private func take(_ count: Int) throws -> [UInt8] {
        while buffer.count < count { try fill() }
        let out = Array(buffer[0..<count])
        buffer.removeFirst(count)
        return out
    }

    /// Reads an HTTP response head (status line and headers).
    public func readHead() throws -> (status: Int, headers: [String: String]) {
        while true {
            if let range = findHeadEnd() {
                let head = String(decoding: buffer[0..<range], as: UTF8.self)
                buffer.removeFirst(range + 4)
                var lines = head.components(separatedBy: "\r\n")
                let statusLine = lines.removeFirst().split(separator: " ")
                guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw WireError.protocolViolation(head) }
                var headers: [String: String] = [:]
                for line in lines {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
                return (status, headers)
            }
            try fill()
        }
    }

    private func findHeadEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for i in 0...(buffer.count - 4) where buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 {
            return i
        }
        return nil
    }

    /// `GET path` with `Connection: close`; returns status and body.
    public static func get(host: String, port: UInt16, path: String) throws -> (status: Int, body: String) {
        let client = try GatewayWireClient(host: host, port: port)
        let authority = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        try client.send(Array("GET \(path) HTTP/1.1\r\nHost: \(authority)\r\nConnection: close\r\n\r\n".utf8))
        let head = try client.readHead()
        var body: [UInt8]
        if let length = head.headers["content-length"].flatMap(Int.init) {
            body = try client.take(length)
        } else {
            body = client.buffer
            while (try? client.fill()) != nil {}
            body = client.buffer
        }
        return (head.status, String(decoding: body, as: UTF8.self))
    }

    /// Sends the WebSocket upgrade for `/` and returns the HTTP status (101 on success).
    public func upgrade(host: String, port: UInt16) throws -> Int {
        let key = Data((0..<16).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        try send(Array((
            "GET / HTTP/1.1\r\nHost: \(host):\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\n\r\n").utf8))
        return try readHead().status
    }

    /// Sends one frame, masked as a client must (`masked: false` for hostile tests).
    public func sendFrame(opcode: UInt8, payload: [UInt8], fin: Bool = true, masked: Bool = true) throws {
        var frame: [UInt8] = [(fin ? 0x80 : 0) | opcode]
        let n = payload.count
        let maskBit: UInt8 = masked ? 0x80 : 0
        if n < 126 {
            frame.append(maskBit | UInt8(n))
        } else if n < 65536 {
            frame += [maskBit | 126, UInt8(n >> 8), UInt8(n & 0xff)]
        } else {
            frame.append(maskBit | 127)
            for shift in stride(from: 56, through: 0, by: -8) { frame.append(UInt8((UInt64(n) >> UInt64(shift)) & 0xff)) }
        }
        if masked {
            let mask = (0..<4).map { _ in UInt8.random(in: 0...255) }
            frame += mask
            frame += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        } else {
            frame += payload
        }
        try send(frame)
    }

    /// Sends a WebSocket upgrade for `/` with exactly these extra header lines (no automatic version or key) and
    /// returns the response head.
    public func rawUpgrade(host: String, port: UInt16, headers: [String]) throws -> (status: Int, headers: [String: String]) {
        let head = "GET / HTTP/1.1\r\nHost: \(host):\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + headers.map { $0 + "\r\n" }.joined() + "\r\n"
        try send(Array(head.utf8))
        return try readHead()
    }

    /// Reads exactly `length` body bytes after a head.
    public func readBody(length: Int) throws -> [UInt8] { try take(length) }

    /// The standard version and a fresh key, for `rawUpgrade`.
    public static func upgradeHeaders(origin: String? = nil) -> [String] {
        let key = Data((0..<16).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        return ["Sec-WebSocket-Key: \(key)", "Sec-WebSocket-Version: 13"] + (origin.map { ["Origin: \($0)"] } ?? [])
    }

    /// Reads until the server closes (EOF or reset) or the receive timeout passes; returns what arrived (up to
    /// `limit` bytes) and whether the connection was closed by the server.
    public func readUntilClosed(limit: Int = 1 << 20) -> (bytes: [UInt8], closed: Bool) {
        while buffer.count < limit {
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { return (buffer, true) }
            if n < 0 {
                let e = errno
                return (buffer, e == ECONNRESET)
            }
            buffer += chunk[0..<n]
        }
        return (buffer, false)
    }

    /// Reads whatever has arrived without waiting (`MSG_DONTWAIT`); true once the server closed the connection (EOF
    /// or a reset). What was read stays in the buffer (`received`).
    public func pollClosed() -> Bool {
        while true {
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if n == 0 { return true }
            if n < 0 { return errno == ECONNRESET }
            buffer += chunk[0..<n]
        }
    }

    /// The bytes read and not yet consumed.
    public var received: [UInt8] { buffer }

    /// Sends without waiting for room (`MSG_DONTWAIT`); false when nothing could be sent (closed, reset, full).
    @discardableResult
    public func trySend(_ bytes: [UInt8]) -> Bool {
        let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
        return n == bytes.count
    }

    public func sendText(_ text: String) throws { try sendFrame(opcode: 1, payload: Array(text.utf8)) }

    /// Reads the next frame (unmasked, from the server); skips pings.
    public func readFrame() throws -> Frame {
        while true {
            let head = try take(2)
            let opcode = head[0] & 0x0f
            var length = Int(head[1] & 0x7f)
            if length == 126 {
                let b = try take(2)
                length = Int(b[0]) << 8 | Int(b[1])
            } else if length == 127 {
                let b = try take(8)
                length = b.reduce(0) { $0 << 8 | Int($1) }
            }
            let payload = try take(length)
            if opcode == 9 { continue }
            return Frame(opcode: opcode, payload: payload)
        }
    }

    /// Reads frames until a text frame; returns its JSON object.
    public func readJSON() throws -> [String: Any] {
        let frame = try readFrame()
        guard frame.opcode == 1 else {
            throw WireError.protocolViolation("expected text, got opcode \(frame.opcode) code \(frame.closeCode.map(String.init) ?? "-") \(frame.closeReason)")
        }
        guard let object = try JSONSerialization.jsonObject(with: Data(frame.payload)) as? [String: Any] else {
            throw WireError.protocolViolation("not a JSON object: \(frame.text)")
        }
        return object
    }
}
