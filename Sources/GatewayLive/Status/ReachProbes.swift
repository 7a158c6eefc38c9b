import FoundationEssentials
import Gateway
import NetProbe
import NetProbeLive
#if canImport(Glibc)
import Glibc
#endif

/// The edge that makes the reachability matrix's observations: the identity probe (`LoopbackProbe`: connect, the
/// WebSocket challenge, `/__openclaw__/identity`) of every Linux target, and Windows' `curl.exe`
/// (`WindowsCurlRunner`, through interop, with the Windows half's deadline) for the Windows targets, all at once. The view decides which of them
/// matter here (`ReachTargets.select`).
///
/// Kernel interfaces: TCP `connect(2)` (the probe), a UDP `connect(2)` + `getsockname(2)` to learn the LAN-facing
/// address (no packet is sent).
public enum ReachProbes {
    public struct Options: Sendable {
        /// The Linux probe's deadline (each probe returns within about twice this).
        public var timeout: Duration
        /// The Windows half's options (`nil`: the Windows rows are not tried, with `windowsNotAsked` as the reason).
        public var windows: WindowsToolRunner.Options?
        /// Why the Windows rows are not tried when `windows` is `nil`.
        public var windowsNotAsked: String
        /// Prefix of every path read (tests).
        public var fileRoot: String
        /// Linux hosts not probed here because the caller's loopback probe already probes them
        /// (`ReachTargets.loopbackProbeHosts`); their rows say so, and `ReachTargets.merging` puts that probe's results in.
        public var skipLinuxHosts: [String]

        public init(timeout: Duration = .milliseconds(500), windows: WindowsToolRunner.Options? = nil,
                    windowsNotAsked: String = "not asked", fileRoot: String = "", skipLinuxHosts: [String] = []) {
            self.timeout = timeout
            self.windows = windows
            self.windowsNotAsked = windowsNotAsked
            self.fileRoot = fileRoot
            self.skipLinuxHosts = skipLinuxHosts
        }
    }

    /// Probes every candidate target (`ReachTargets.candidates`) of `port`. Blocking; bounded by twice `timeout` and
    /// the Windows deadline (`windows.timeout` plus the kill), whichever is later.
    public static func run(port: UInt16, options: Options) -> [ReachObservation] {
        let targets = ReachTargets.candidates(lanAddress: lanAddress())
        let linux = targets.filter { $0.source == .linux }
        let windows = targets.filter { $0.source == .windows }
        // One piece of blocking work per Linux target probed here and one for the Windows set, all at once; each
        // bounds itself (the probe's deadline, the Windows half's).
        let linuxWork: [(target: ReachTarget, work: BlockingWork<ProbeResult>?)] = linux.map { target in
            if options.skipLinuxHosts.contains(where: { ReachTargets.sameAddress($0, target.host) }) { return (target, nil) }
            return (target, BlockingWork { LoopbackProbe.probe(host: target.host, port: port, timeout: options.timeout) })
        }
        let windowsWork = options.windows.map { windowsOptions in
            BlockingWork { WindowsCurlRunner.probe(hosts: windows.map(\.host), port: port, options: windowsOptions, fileRoot: options.fileRoot) }
        }
        let linuxObservations = linuxWork.map { target, work in
            work.map { ReachObservation(target: target, result: $0.wait()) }
                ?? ReachObservation(target: target, notTried: "probed once, by the loopback probe (its result stands in)")
        }
        let windowsObservations: [ReachObservation]
        if let answers = windowsWork?.wait() {
            windowsObservations = windows.enumerated().map { index, target in
                guard index < answers.count else { return ReachObservation(target: target, notTried: "no answer recorded") }
                return answers[index].result.map { ReachObservation(target: target, result: $0) }
                    ?? ReachObservation(target: target, notTried: answers[index].notTried ?? "no answer recorded")
            }
        } else {
            windowsObservations = windows.map { ReachObservation(target: $0, notTried: options.windowsNotAsked) }
        }
        return linuxObservations + windowsObservations
    }

    /// The address the kernel picks as the source towards the Internet (a UDP `connect(2)` to 192.0.2.1, TEST-NET-1:
    /// nothing is sent): the LAN-facing address; `nil` without a default route.
    public static func lanAddress() -> String? {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var remote = sockaddr_in()
        remote.sin_family = sa_family_t(AF_INET)
        remote.sin_port = in_port_t(UInt16(9).bigEndian)
        remote.sin_addr.s_addr = inet_addr("192.0.2.1")
        let connected = withUnsafePointer(to: &remote) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return nil }
        var local = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { return nil }
        guard let address = IPAddress(bytes: withUnsafeBytes(of: local.sin_addr) { Array($0) }),
              !address.isLoopback, !address.isUnspecified else { return nil }
        return address.text
    }
}
