import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A TEST HELPER, not product code: upstream OpenClaw's (older) decision procedure for "is another gateway already
/// running on this port?", reimplemented from the project's reference notes (openclaw-gateway.md, section 1) so the
/// scenario tests can show it misjudging a simulated WSL2 mirrored machine (upstream issue 53877).
///
/// Upstream's three rules, each taken by upstream as proof that a gateway owns the port:
/// 1. **Lock liveness probe**: a plain TCP connect to `127.0.0.1:port`, 1000 ms timeout. Connected = "owner alive";
///    refused OR timed out = "owner dead" (so a hanging closed port reads as dead, any listener as a live owner).
/// 2. **Bind**: `EADDRINUSE` on binding `127.0.0.1:port` = "another gateway instance is already listening" (upstream
///    retries 20 x 500 ms first; the retries only delay the same conclusion and are left out here).
/// 3. **Health check** of the supervised recovery: `GET /healthz`, 1 s timeout; ANY HTTP status below 500 = "a healthy
///    gateway" (the older rule; newer upstream wants exactly 200 with `{"ok":true,"status":"live"}`).
///
/// Conclusion: "another gateway instance is already listening" when the bind fails with `EADDRINUSE`, or when the
/// lock probe finds the owner alive and `/healthz` looks healthy (upstream then waits out its lock and, supervised,
/// exits 78 "already running"). Otherwise the port is free for a start. Nothing checks WHO answered: that is the bug.
///
/// Everything runs on a dedicated thread, which can first join another network namespace (`setns(2)` with
/// `CLONE_NEWNET` on `/run/netns/NAME`, e.g. a simulated guest) and then ends, so the caller's threads never move.
public enum UpstreamDecisionProcedure {
    /// Rule 1's observation.
    public enum LockProbe: Sendable, Equatable, CustomStringConvertible {
        /// The TCP connect succeeded: upstream says the lock owner is alive.
        case ownerAlive
        /// Refused: upstream says the owner is dead.
        case refused
        /// No answer within 1000 ms: upstream ALSO says the owner is dead.
        case timedOut
        /// Any other connect error (errno), read as dead as well.
        case failed(Int32)

        /// Upstream's reading of this observation.
        public var ownerAlive: Bool { self == .ownerAlive }

        public var description: String {
            switch self {
            case .ownerAlive: "connected (owner alive)"
            case .refused: "refused (owner dead)"
            case .timedOut: "timed out (owner dead)"
            case .failed(let code): "connect errno \(code) (owner dead)"
            }
        }
    }

    /// Rule 2's observation: binding (and listening on) `127.0.0.1:port`, released at once.
    public enum BindProbe: Sendable, Equatable, CustomStringConvertible {
        case bound
        case addressInUse
        case failed(Int32)

        public var description: String {
            switch self {
            case .bound: "bound"
            case .addressInUse: "EADDRINUSE"
            case .failed(let code): "bind errno \(code)"
            }
        }
    }

    /// Rule 3's observation.
    public enum HealthCheck: Sendable, Equatable, CustomStringConvertible {
        /// An HTTP status line arrived within 1 s.
        case status(Int)
        /// No HTTP status within 1 s (connect failed, timeout, or not HTTP); the words say which.
        case noAnswer(String)

        /// Upstream's older rule: any status below 500 is a healthy gateway.
        public var healthy: Bool {
            if case .status(let code) = self { return code < 500 }
            return false
        }

        public var description: String {
            switch self {
            case .status(let code): "HTTP \(code)\(code < 500 ? " (< 500: \"healthy gateway\")" : "")"
            case .noAnswer(let why): "no answer (\(why))"
            }
        }
    }

    /// What upstream concludes.
    public enum Conclusion: Sendable, Equatable {
        /// "another gateway instance is already listening on ws://127.0.0.1:PORT"; `rule` names the evidence.
        case anotherInstanceListening(rule: String)
        /// No evidence of a gateway: upstream would start.
        case free
    }

    /// The observations and the conclusion of one run.
    public struct Decision: Sendable, Equatable, CustomStringConvertible {
        public var port: UInt16
        public var lock: LockProbe
        public var bind: BindProbe
        public var health: HealthCheck
        public var conclusion: Conclusion

        /// Upstream's words for the conclusion.
        public var message: String {
            switch conclusion {
            case .anotherInstanceListening:
                "another gateway instance is already listening on ws://127.0.0.1:\(port)"
            case .free:
                "no gateway on port \(port): starting"
            }
        }

        public var description: String {
            "lock probe \(lock); bind \(bind); /healthz \(health) => \(message)"
        }
    }

    /// Upstream's decision from its three observations (pure).
    public static func conclude(lock: LockProbe, bind: BindProbe, health: HealthCheck) -> Conclusion {
        if bind == .addressInUse { return .anotherInstanceListening(rule: "bind EADDRINUSE") }
        if lock.ownerAlive && health.healthy {
            return .anotherInstanceListening(rule: "lock probe connected and /healthz \(health)")
        }
        return .free
    }

    /// Runs the procedure against `127.0.0.1:port`, inside the network namespace at `networkNamespace`
    /// (`/run/netns/NAME`) when given, else in the caller's.
    public static func run(port: UInt16, networkNamespace: String? = nil) async throws -> Decision {
        try await onDedicatedThread(networkNamespace: networkNamespace) {
            let lock = lockProbe(port: port)
            let bind = bindProbe(port: port)
            let health = healthCheck(port: port)
            return Decision(port: port, lock: lock, bind: bind, health: health,
                            conclusion: conclude(lock: lock, bind: bind, health: health))
        }
    }

    // MARK: - The three observations (blocking; sockets with poll(2) deadlines)

    /// Rule 1: TCP connect to 127.0.0.1:port with a 1000 ms timeout.
    static func lockProbe(port: UInt16) -> LockProbe {
        switch connect(port: port, timeoutMillis: 1000) {
        case .success(let fd):
            close(fd)
            return .ownerAlive
        case .failure(let error):
            switch error.code {
            case ECONNREFUSED: return .refused
            case ETIMEDOUT: return .timedOut
            default: return .failed(error.code)
            }
        }
    }

    /// Rule 2: bind and listen on 127.0.0.1:port (with `SO_REUSEADDR`, as Node's `listen` does), then close.
    static func bindProbe(port: UInt16) -> BindProbe {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return .failed(errno) }
        defer { close(fd) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = loopbackAddress(port: port)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if bound != 0 || listen(fd, 1) != 0 {
            return errno == EADDRINUSE ? .addressInUse : .failed(errno)
        }
        return .bound
    }

    /// Rule 3: `GET /healthz` on 127.0.0.1:port; one 1 s deadline for connect, request and the status line.
    static func healthCheck(port: UInt16) -> HealthCheck {
        let deadline = ContinuousClock.now.advanced(by: .seconds(1))
        let fd: Int32
        switch connect(port: port, timeoutMillis: 1000) {
        case .success(let connected): fd = connected
        case .failure(let error): return .noAnswer(String(cString: strerror(error.code)))
        }
        defer { close(fd) }
        let request = Array("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n".utf8)
        let sent = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == request.count else { return .noAnswer("send failed") }
        var received: [UInt8] = []
        while received.count < 4096 {
            if let line = statusLine(received) {
                let parts = line.split(separator: " ")
                guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let code = Int(parts[1]) else {
                    return .noAnswer("not HTTP: \(line.prefix(40))")
                }
                return .status(code)
            }
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { return .noAnswer("timed out after 1 s") }
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(max(1, millisecondsRoundedUp(left))))
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { return .noAnswer("timed out after 1 s") }
            var chunk = [UInt8](repeating: 0, count: 1024)
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return .noAnswer(count == 0 ? "closed before a status line" : "recv errno \(errno)") }
            received += chunk[0..<count]
        }
        return .noAnswer("no status line in 4096 bytes")
    }

    // MARK: - Socket plumbing

    struct ConnectError: Error { let code: Int32 }

    /// `duration` in whole milliseconds, rounded up: `poll(2)` takes milliseconds, and rounding down made the
    /// procedure give up up to 1 ms before its 1000 ms deadline (a CI run measured 1.99991 s for two timeouts).
    static func millisecondsRoundedUp(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let perMillisecond: Int64 = 1_000_000_000_000_000
        return seconds * 1000 + (attoseconds + perMillisecond - 1) / perMillisecond
    }

    /// Non-blocking connect to 127.0.0.1:port, waiting up to `timeoutMillis` (ETIMEDOUT after that).
    /// Returns the connected descriptor, blocking again.
    static func connect(port: UInt16, timeoutMillis: Int32) -> Result<Int32, ConnectError> {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { return .failure(ConnectError(code: errno)) }
        var address = loopbackAddress(port: port)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if rc != 0 {
            guard errno == EINPROGRESS else {
                let code = errno
                close(fd)
                return .failure(ConnectError(code: code))
            }
            let deadline = ContinuousClock.now.advanced(by: .milliseconds(Int(timeoutMillis)))
            while true {
                let left = ContinuousClock.now.duration(to: deadline)
                let millis = millisecondsRoundedUp(left)
                guard left > .zero else {
                    close(fd)
                    return .failure(ConnectError(code: ETIMEDOUT))
                }
                var descriptor = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                let ready = poll(&descriptor, 1, Int32(millis))
                if ready < 0 && errno == EINTR { continue }
                if ready == 0 { continue }
                var soError: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &length)
                if soError != 0 || ready < 0 {
                    close(fd)
                    return .failure(ConnectError(code: soError != 0 ? soError : errno))
                }
                break
            }
        }
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK)
        return .success(fd)
    }

    static func loopbackAddress(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    /// The first line of `bytes` once its CRLF has arrived.
    static func statusLine(_ bytes: [UInt8]) -> String? {
        guard bytes.count >= 2 else { return nil }
        for index in 0..<(bytes.count - 1) where bytes[index] == 13 && bytes[index + 1] == 10 {
            return String(decoding: bytes[0..<index], as: UTF8.self)
        }
        return nil
    }

    /// Runs `body` on a new thread that first joins `networkNamespace` (when given) and ends afterwards.
    static func onDedicatedThread<T: Sendable>(
        networkNamespace: String?, _ body: @escaping @Sendable () -> T
    ) async throws -> T {
        try await ScenarioNamespace.run(networkNamespace: networkNamespace, body)
    }
}
