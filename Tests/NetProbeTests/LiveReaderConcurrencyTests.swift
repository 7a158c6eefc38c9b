import Foundation
import Testing
@testable import NetProbe
@testable import NetProbeLive

/// `LiveReader.read()` reads systemd's record (`SupervisorReader`) on its own thread while the rest, the Windows
/// tools included, is read: a run costs the longer of the two, not their sum. STAND-INS: the Windows tools
/// (`netstat.exe`, ... under a fake tree's `/mnt/c/Windows/System32/`; no machine here runs Windows) and
/// `systemctl` are shell scripts that sleep a known time (1 s) and answer; the timing is a ratio of the same run's
/// parts, never a wall-clock limit.
@Suite("LiveReader: Windows tools and the supervisor record concurrently")
struct LiveReaderConcurrencyTests {
    static let delay = "1"

    static func tree() throws -> LiveTemporaryTree {
        let tree = try LiveTemporaryTree("concurrent")
        try tree.write("proc/version", "Linux version 5.15.153.1-microsoft-standard-WSL2 (root@65c757a075e2) #1 SMP\n")
        try tree.write("proc/sys/kernel/osrelease", "5.15.153.1-microsoft-standard-WSL2\n")
        try tree.write("proc/sys/fs/binfmt_misc/WSLInterop", "enabled\ninterpreter /init\nflags: PF\noffset 0\nmagic 4d5a\n")
        for tool in ["netstat.exe", "tasklist.exe", "netsh.exe", "wsl.exe"] {
            try tree.write("mnt/c/Windows/System32/\(tool)",
                           "#!/bin/sh\n# stand-in for Windows' \(tool): no machine here runs Windows\nsleep \(delay)\necho stand-in\n", mode: 0o755)
        }
        try tree.makeDirectory("run/systemd/system")  // sd_booted: a systemd manager to ask
        try tree.write("stand-ins/systemctl", "#!/bin/sh\n# stand-in for a slow systemctl\nsleep \(delay)\necho ActiveState=active\necho NRestarts=0\n",
                       mode: 0o755)
        return tree
    }

    static func options(_ tree: LiveTemporaryTree, windows: Bool, supervisor: Bool) -> LiveReader.Options {
        LiveReader.Options(
            fileRoot: tree.root, environment: [:], readsSocketTables: false,
            windows: windows ? WindowsToolRunner.Options(timeout: .seconds(30)) : nil,
            supervisor: supervisor ? SupervisorReader.Options(
                scopes: [.system], showTimeout: .seconds(30), systemctlCandidates: [tree.root + "/stand-ins/systemctl"],
                journalctlCandidates: ["/nonexistent/journalctl"]) : nil)
    }

    static func timed(_ options: LiveReader.Options) -> (MachineFacts, Double) {
        let start = ContinuousClock.now
        let facts = LiveReader(options: options).read()
        let elapsed = ContinuousClock.now - start
        return (facts, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    @Test("both sections are read, and together they take clearly less than one after the other")
    func concurrent() throws {
        let tree = try Self.tree()
        defer { tree.remove() }
        let (windowsOnly, w) = Self.timed(Self.options(tree, windows: true, supervisor: false))
        let (supervisorOnly, s) = Self.timed(Self.options(tree, windows: false, supervisor: true))
        let (both, b) = Self.timed(Self.options(tree, windows: true, supervisor: true))
        #expect(windowsOnly.windows?.netstat?.output.contains("stand-in") == true, "\(String(describing: windowsOnly.windows))")
        #expect(supervisorOnly.systemdShow?.first?.properties.isEmpty == false, "\(String(describing: supervisorOnly.systemdShow))")
        // Both ran in the combined read.
        #expect(both.windows?.netstat?.output.contains("stand-in") == true, "\(String(describing: both.windows))")
        #expect(both.windows?.wslVersion?.timedOut == false)
        #expect(both.systemdShow?.first?.properties.isEmpty == false, "\(String(describing: both.systemdShow))")
        // Each part sleeps 1 s: sequential would be about w + s; concurrent about max(w, s).
        print("LiveReader timing: windows \(String(format: "%.2f", w)) s, supervisor \(String(format: "%.2f", s)) s, both \(String(format: "%.2f", b)) s")
        #expect(b < 0.8 * (w + s), "both \(b) s vs windows \(w) s + supervisor \(s) s")
    }
}
