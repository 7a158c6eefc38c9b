import NetProbe
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// The interop edge: reads `/etc/wsl.conf`, decides whether Windows programs can run, and runs Windows' own tools
/// (`netstat.exe`, `tasklist.exe`, `netsh.exe`, `wsl.exe`, `ipconfig.exe`) by ABSOLUTE path under the automount root
/// (`<root>c/Windows/System32/`, never through `PATH`), all at once, each in its own process group, with one
/// deadline for the whole set (default 1,500 ms). At the deadline every one still running is killed: a hang, an exec
/// failure or a non-zero exit becomes evidence in `WindowsToolRun`, never an error. Spawning, deadline and kill are
/// `TimedProcess`'s (over `ProcessSpawn`), as for `WslinfoRunner`.
public enum WindowsToolRunner {
    public struct Options: Sendable {
        /// `/etc/wsl.conf`, or another file (a test hook: `OPENCLAW_WSL_CONF`).
        public var wslConfPath: String
        /// One deadline for all the tools together.
        public var timeout: Duration

        public init(wslConfPath: String = "/etc/wsl.conf", timeout: Duration = .milliseconds(1500)) {
            self.wslConfPath = wslConfPath
            self.timeout = timeout
        }
    }

    /// Reads `wsl.conf` through `probe` and, when interop is not turned off, runs the tools.
    /// `binfmtInterop` is the text of binfmt_misc `WSLInterop` (or `-late`), `nil` when absent.
    static func read(probe: FileProbe, binfmtInterop: String?, options: Options) -> WindowsFacts {
        var facts = WindowsFacts()
        if case .content(let bytes, _) = probe.read(options.wslConfPath, limit: 64 * 1024) {
            facts.wslConf = String(decoding: bytes, as: UTF8.self)
        }
        let root: String
        switch gate(wslConf: facts.wslConf, binfmtInterop: binfmtInterop, options: options) {
        case .blocked(let reason):
            facts.notRunReason = reason
            return facts
        case .open(let automountRoot):
            root = automountRoot
        }
        let system32 = (root.hasSuffix("/") ? root : root + "/") + "c/Windows/System32"
        guard WindowsTool.allCases.contains(where: { probe.isExecutableFile($0.path(automountRoot: root)) }) else {
            facts.notRunReason = "no Windows tools under \(system32) (the system drive is not mounted at \(root)c)"
            return facts
        }
        let runs = runAll(WindowsTool.invocations, root: root, probe: probe, timeout: options.timeout)
        func combined(_ section: FactSection) -> WindowsToolRun? {
            let parts = zip(WindowsTool.invocations, runs).filter { $0.0.section == section }.map { $0.1 }
            guard let first = parts.first else { return nil }
            return WindowsToolRun(
                output: parts.map(\.output).joined(separator: parts.count > 1 ? "\n" : ""),
                exitStatus: parts.contains { $0.exitStatus == nil } ? nil : parts.first { $0.exitStatus != 0 }?.exitStatus ?? 0,
                timedOut: parts.contains { $0.timedOut },
                spawnError: parts.compactMap(\.spawnError).first,
                elapsedMilliseconds: parts.compactMap(\.elapsedMilliseconds).max() ?? first.elapsedMilliseconds)
        }
        facts.netstat = combined(.windowsNetstat)
        facts.tasklist = combined(.windowsTasklist)
        facts.excludedPortRange = combined(.windowsExcludedPortRange)
        facts.dynamicPortRange = combined(.windowsDynamicPortRange)
        facts.wslVersion = combined(.wslVersion)
        facts.ipconfig = combined(.windowsIpconfig)
        return facts
    }

    /// Whether Windows programs can be run, and from which automount root.
    public enum InteropGate: Sendable, Equatable {
        /// Interop is on; the drives are under this root (`/mnt/`).
        case open(automountRoot: String)
        /// Interop is off, and why (the `wsl.conf` line, the missing or disabled binfmt_misc entry).
        case blocked(String)
    }

    /// The gate over `wsl.conf`'s text and binfmt_misc `WSLInterop` (or `-late`, `nil` when absent). Pure.
    static func gate(wslConf: String?, binfmtInterop: String?, options: Options) -> InteropGate {
        let conf = wslConf.map { WslConf(parsing: $0) }
        if conf?.interopEnabled == false { return .blocked("\(options.wslConfPath) sets [interop] enabled=false") }
        guard let binfmt = binfmtInterop else {
            return .blocked("binfmt_misc has no WSLInterop or WSLInterop-late entry: Windows programs cannot run")
        }
        if binfmt.split(separator: "\n").first.map({ String($0).trimmingSpaces() }) == "disabled" {
            return .blocked("binfmt_misc WSLInterop says disabled")
        }
        return .open(automountRoot: conf?.effectiveAutomountRoot ?? WslConf.defaultAutomountRoot)
    }

    /// The gate of this machine (edge): reads `wsl.conf` and binfmt_misc through `probe`.
    static func interopGate(probe: FileProbe, options: Options) -> InteropGate {
        var wslConf: String?
        if case .content(let bytes, _) = probe.read(options.wslConfPath, limit: 64 * 1024) {
            wslConf = String(decoding: bytes, as: UTF8.self)
        }
        return gate(wslConf: wslConf, binfmtInterop: binfmtInterop(probe), options: options)
    }

    /// The text of binfmt_misc `WSLInterop` (or `WSLInterop-late`); `nil` when neither exists.
    static func binfmtInterop(_ probe: FileProbe) -> String? {
        for path in [ProbedPath.wslInterop, ProbedPath.wslInteropLate] {
            if case .content(let bytes, _) = probe.read(path, limit: 4096) { return String(decoding: bytes, as: UTF8.self) }
        }
        return nil
    }

    /// Runs every invocation on its own thread; all share one deadline. Results in invocation order.
    static func runAll(_ invocations: [WindowsTool.Invocation], root: String, probe: FileProbe, timeout: Duration) -> [WindowsToolRun] {
        let deadline = ContinuousClock.now + timeout
        // Every run ends by the shared deadline (each kills its child then), so waiting for all is bounded too.
        return BlockingWork<WindowsToolRun>.all(invocations.map { invocation -> @Sendable () -> WindowsToolRun in
            let path = invocation.tool.path(automountRoot: root), arguments = invocation.arguments
            return { runOne(path: path, arguments: arguments, probe: probe, deadline: deadline) }
        })
    }

    static func runOne(path: String, arguments: [String], probe: FileProbe, deadline: ContinuousClock.Instant) -> WindowsToolRun {
        guard probe.isExecutableFile(path) else {
            return WindowsToolRun(output: "", spawnError: "\(path) is missing or not executable")
        }
        let started = ContinuousClock.now
        // wsl.exe writes UTF-8 only with WSL_UTF8=1 passed through WSLENV; the decoder reads UTF-16LE anyway.
        let outcome = TimedProcess.run(
            probe.resolve(path), arguments: arguments, timeout: max(.zero, deadline - started),
            environment: ["PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin", "WSL_UTF8=1", "WSLENV=WSL_UTF8"])
        let elapsed = ContinuousClock.now - started
        let milliseconds = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        switch outcome {
        case .success(let raw):
            return WindowsToolRun(output: WindowsText.decode(raw.stdout), exitStatus: raw.exitStatus, timedOut: raw.timedOut,
                                  elapsedMilliseconds: milliseconds)
        case .failure(let failure):
            return WindowsToolRun(output: "", spawnError: failure.description, elapsedMilliseconds: milliseconds)
        }
    }
}

extension WindowsFacts {
    /// Reads the Windows half of this machine (edge): `/etc/wsl.conf` and the Windows tools, with one deadline.
    /// For the gateway's bind failure path: callers decide it is a WSL machine first.
    public static func readLive(options: WindowsToolRunner.Options = .init(), fileRoot: String = "") -> WindowsFacts {
        let probe = FileProbe(root: fileRoot)
        return WindowsToolRunner.read(probe: probe, binfmtInterop: WindowsToolRunner.binfmtInterop(probe), options: options)
    }
}
