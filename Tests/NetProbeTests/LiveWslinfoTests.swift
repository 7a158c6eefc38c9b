import Foundation
import Testing
@testable import NetProbe
@testable import NetProbeLive
#if canImport(Glibc)
import Glibc
#endif

/// `wslinfo --networking-mode` through LiveReader, with fake executables standing in for it.
@Suite("LiveReader runs wslinfo with a timeout")
struct LiveWslinfoTests {
    private func read(_ tree: LiveTemporaryTree, timeout: Duration = .milliseconds(700)) -> MachineFacts {
        LiveReader(options: .init(
            fileRoot: tree.root, environment: [:], wslinfoTimeout: timeout,
            netlinkNamespacePath: "/run/netns/netprobe-skip-\(getpid())"  // keep these tests about wslinfo
        )).read()
    }

    @Test("prints `mirrored` and exits 0")
    func mirrored() throws {
        let tree = try LiveTemporaryTree("wslinfo-ok")
        defer { tree.remove() }
        try tree.write("usr/bin/wslinfo", "#!/bin/sh\n[ \"$1\" = --networking-mode ] || exit 7\necho mirrored\n", mode: 0o755)
        #expect(read(tree).wslinfo == WslinfoResult(output: "mirrored", exitStatus: 0, timedOut: false))
    }

    @Test("\"Failed to query networking mode\" with exit 1 is kept as evidence")
    func failure() throws {
        let tree = try LiveTemporaryTree("wslinfo-fail")
        defer { tree.remove() }
        try tree.write("bin/wslinfo", "#!/bin/sh\necho 'Failed to query networking mode' >&2\nexit 1\n", mode: 0o755)
        let facts = read(tree)
        #expect(facts.wslinfo == WslinfoResult(output: "Failed to query networking mode", exitStatus: 1, timedOut: false))
        #expect(facts.paths.exists(ProbedPath.wslinfoBin) == true)
    }

    @Test("a hanging wslinfo is killed after the timeout, with its children")
    func hang() throws {
        let tree = try LiveTemporaryTree("wslinfo-hang")
        defer { tree.remove() }
        let script = """
            #!/bin/sh
            echo $$ > \(tree.root)/script.pid
            sleep 30 &
            echo $! > \(tree.root)/sleep.pid
            echo starting
            wait
            """
        try tree.write("usr/bin/wslinfo", script + "\n", mode: 0o755)
        let started = ContinuousClock.now
        let facts = read(tree, timeout: .milliseconds(400))
        let elapsed = ContinuousClock.now - started
        let result = try #require(facts.wslinfo)
        #expect(result.timedOut)
        #expect(result.exitStatus == nil)
        #expect(result.output == "starting")
        #expect(elapsed < .seconds(5), "read() took \(elapsed)")

        for file in ["script.pid", "sleep.pid"] {
            let text = try String(contentsOfFile: tree.root + "/" + file, encoding: .utf8)
            let pid = try #require(pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)))
            #expect(Self.waitUntilGone(pid), "\(file) \(pid) still running")
        }
    }

    @Test("a candidate that is not executable, or missing, is not run")
    func notExecutable() throws {
        let tree = try LiveTemporaryTree("wslinfo-noexec")
        defer { tree.remove() }
        try tree.write("usr/bin/wslinfo", "#!/bin/sh\necho mirrored\n", mode: 0o644)
        #expect(read(tree).wslinfo == nil)
        try tree.write("bin/wslinfo", "#!/bin/sh\necho nat\n", mode: 0o755)
        #expect(read(tree).wslinfo?.output == "nat")
    }

    @Test("an executable that cannot be started is a warning, not a result")
    func unstartable() throws {
        let tree = try LiveTemporaryTree("wslinfo-bad")
        defer { tree.remove() }
        try tree.write("usr/bin/wslinfo", "#!/nonexistent/interpreter\n", mode: 0o755)
        let facts = read(tree)
        #expect(facts.wslinfo == nil)
        #expect(facts.warnings.contains { $0.section == FactSection.wslinfo.rawValue })
    }

    /// `true` once `pid` no longer runs (gone, or a zombie awaiting its new parent).
    static func waitUntilGone(_ pid: pid_t) -> Bool {
        for _ in 0..<200 {
            if kill(pid, 0) != 0 && errno == ESRCH { return true }
            if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
               let close = stat.lastIndex(of: ")"),
               stat[stat.index(close, offsetBy: 2)...].hasPrefix("Z") {
                return true
            }
            usleep(10_000)
        }
        return false
    }
}
