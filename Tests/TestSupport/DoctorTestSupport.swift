import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Helpers for doctor tests: the built executables, runs with a timeout, and ports the checks judge neutrally.
public enum DoctorTestSupport {
    /// `.build/debug/openclaw-doctor` of this checkout (a link to `openclaw`: `BuiltExecutables.doctor`).
    public static var doctorBinary: String { BuiltExecutables.doctor }

    /// `.build/debug/openclaw` of this checkout (`openclaw doctor ...` runs the same code).
    public static var openclawBinary: String { BuiltExecutables.openclaw }

    /// The result of one run.
    public struct Run: Sendable {
        public var code: Int32?
        public var stdout: String
        public var stderr: String
        public var seconds: Double
    }

    /// Runs `executable arguments` with `environment` and waits at most `timeout` (then kills it: `code` nil).
    /// A `SpawnedChild`: output goes to files, so nothing is lost however busy the machine is.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String],
                           timeout: Duration = TestDeadline.process) async throws -> Run {
        let start = ContinuousClock.now
        let result = try await SpawnedChild.run(executable, arguments, environment: environment, timeout: timeout)
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Run(code: result.timedOut ? nil : result.status, stdout: result.stdout, stderr: result.stderr, seconds: seconds)
    }

    /// `net.ipv4.ip_local_port_range` of this machine (32768-60999 when unreadable).
    public static func ephemeralRange() -> ClosedRange<Int> {
        let text = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? ""
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).compactMap { Int($0) }
        guard parts.count == 2, parts[0] <= parts[1] else { return 32768...60999 }
        return parts[0]...parts[1]
    }

    /// A port outside the ephemeral range that nothing listens on, on 127.0.0.1 nor ::1 (so `gateway.port` is
    /// free and `net.loopback-routing` does not warn about the range).
    public static func quietPort() -> UInt16 {
        let range = ephemeralRange()
        var candidates = Array(20000..<30000).filter { !range.contains($0) }
        if candidates.isEmpty { candidates = Array(1025..<range.lowerBound) }
        for _ in 0..<200 {
            guard let port = candidates.randomElement().map(UInt16.init) else { break }
            if bindable(port, v6: false) && bindable(port, v6: true) { return port }
        }
        return UInt16(candidates.first ?? 24000)
    }

    private static func bindable(_ port: UInt16, v6: Bool) -> Bool {
        let fd = socket(v6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if v6 {
            var a = sockaddr_in6()
            a.sin6_family = sa_family_t(AF_INET6)
            a.sin6_port = port.bigEndian
            a.sin6_addr = in6addr_loopback
            let rc = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) } }
            // No ::1 here at all still counts as bindable (nothing can hold it).
            return rc == 0 || errno == EADDRNOTAVAIL || errno == EAFNOSUPPORT
        }
        var a = sockaddr_in()
        a.sin_family = sa_family_t(AF_INET)
        a.sin_port = port.bigEndian
        a.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } } == 0
    }
}
