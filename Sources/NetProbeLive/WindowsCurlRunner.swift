import NetProbe
import FoundationEssentials

/// The interop edge of the reachability matrix: runs Windows' `curl.exe` by ABSOLUTE path under the automount root
/// (`<root>c/Windows/System32/curl.exe`, never through `PATH`) once per address, all at once, each in its own
/// process group, with one deadline for the set (the Windows half's, `WindowsToolRunner.Options.timeout`, 1,500 ms by
/// default); curl's own `--max-time` ends 300 ms before it so curl can say what it saw. Interop off, or no
/// `curl.exe`, makes every address "not tried" with the reason.
public enum WindowsCurlRunner {
    /// One address: curl's answer as a probe result, or why it was not tried.
    public struct Answer: Sendable, Equatable {
        public var host: String
        public var result: ProbeResult?
        public var notTried: String?
    }

    /// Probes `hosts` (numeric, or `localhost`) on `port` from Windows. Blocking; bounded by `options.timeout` plus
    /// the kill.
    public static func probe(hosts: [String], port: UInt16, options: WindowsToolRunner.Options = .init(), fileRoot: String = "") -> [Answer] {
        let probe = FileProbe(root: fileRoot)
        let gate = WindowsToolRunner.interopGate(probe: probe, options: options)
        let root: String
        switch gate {
        case .blocked(let reason): return hosts.map { Answer(host: $0, result: nil, notTried: "interop is off: \(reason)") }
        case .open(let automountRoot): root = automountRoot
        }
        let path = (root.hasSuffix("/") ? root : root + "/") + "c/Windows/System32/" + WindowsCurl.image
        guard probe.isExecutableFile(path) else {
            return hosts.map { Answer(host: $0, result: nil, notTried: "no \(path) (curl.exe ships with Windows 10 1803 and later)") }
        }
        let deadline = ContinuousClock.now + options.timeout
        let maxTime = max(.milliseconds(100), options.timeout - .milliseconds(300))
        // Every run ends by the shared deadline (TimedProcess kills its child then), so waiting for all is bounded.
        return BlockingWork<Answer>.all(hosts.map { host -> @Sendable () -> Answer in
            {
                let started = ContinuousClock.now
                let outcome = TimedProcess.run(probe.resolve(path), arguments: WindowsCurl.arguments(host: host, port: port, maxTime: maxTime),
                                               timeout: max(.zero, deadline - started), limit: 16384)
                let elapsed = ContinuousClock.now - started
                let micros = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
                switch outcome {
                case .success(let raw):
                    let result = ProbeResult(
                        host: host, port: port,
                        outcome: WindowsCurl.outcome(stdout: raw.stdout, stderr: String(decoding: raw.stderr, as: UTF8.self),
                                                     exitStatus: raw.exitStatus, timedOut: raw.timedOut),
                        elapsedMicros: micros)
                    return Answer(host: host, result: result, notTried: nil)
                case .failure(let failure):
                    return Answer(host: host, result: nil, notTried: "\(path) could not be run: \(failure.description)")
                }
            }
        })
    }
}
