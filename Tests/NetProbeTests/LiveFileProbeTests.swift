import Foundation
import Testing
@testable import NetProbe
@testable import NetProbeLive
#if canImport(Glibc)
import Glibc
#endif

/// FileProbe: bounded, non-blocking reads of regular files only.
@Suite("FileProbe")
struct LiveFileProbeTests {
    @Test("reads a file, truncates at the limit, and says so")
    func boundedRead() throws {
        let tree = try LiveTemporaryTree("probe")
        defer { tree.remove() }
        try tree.write("a/file", String(repeating: "x", count: 10_000))
        let probe = FileProbe(root: tree.root)
        #expect(probe.read("/a/file", limit: 20_000) == .content(Array(repeating: UInt8(ascii: "x"), count: 10_000), truncated: false))
        #expect(probe.read("/a/file", limit: 10_000) == .content(Array(repeating: UInt8(ascii: "x"), count: 10_000), truncated: false))
        #expect(probe.read("/a/file", limit: 100) == .content(Array(repeating: UInt8(ascii: "x"), count: 100), truncated: true))
    }

    @Test("missing, FIFO, directory and dangling symlink")
    func special() throws {
        let tree = try LiveTemporaryTree("probe-special")
        defer { tree.remove() }
        let probe = FileProbe(root: tree.root)
        #expect(probe.read("/nothing") == .missing)
        #expect(probe.read("/nothing/below") == .missing)
        #expect(mkfifo(tree.root + "/fifo", 0o644) == 0)
        #expect(probe.read("/fifo") == .notRegular(kind: "FIFO"))
        #expect(probe.read("/") == .notRegular(kind: "directory"))
        #expect(symlink("/definitely/not/here", tree.root + "/dangling") == 0)
        #expect(probe.exists("/dangling") == .present)
        #expect(probe.read("/dangling") == .missing)
        #expect(probe.exists("/nothing") == .absent)
    }

    @Test("/proc files (size 0 in stat) are read to the end")
    func procFiles() {
        guard case .content(let bytes, false) = FileProbe().read("/proc/self/status") else {
            Issue.record("could not read /proc/self/status")
            return
        }
        #expect(String(decoding: bytes, as: UTF8.self).contains("Pid:\t\(getpid())"))
    }

    @Test("directory listings are bounded")
    func listing() throws {
        let tree = try LiveTemporaryTree("probe-list")
        defer { tree.remove() }
        for index in 0..<20 { try tree.makeDirectory("users/u\(index)") }
        let probe = FileProbe(root: tree.root)
        #expect(probe.directoryEntries("/users", limit: 5)?.count == 5)
        #expect(probe.directoryEntries("/users", limit: 100)?.count == 20)
        #expect(probe.directoryEntries("/missing", limit: 5) == nil)
    }

    @Test(".wslconfig: first user by name that has one, bounded in size")
    func wslconfig() throws {
        let tree = try LiveTemporaryTree("probe-wslconfig")
        defer { tree.remove() }
        try tree.makeDirectory("Users/Administrator")
        try tree.write("Users/bob/.wslconfig", String(repeating: "#", count: WslConfigFinder.sizeLimit + 10))
        try tree.write("Users/carol/.wslconfig", "[wsl2]\n")
        let probe = FileProbe(root: tree.root)
        // On its own thread (the mounts unknown, or /Users on a mount of its own) and inline (on the root file system).
        let ownMount = "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n2 1 0:9 / /Users rw - 9p drvfs rw\n"
        for mountinfo in [nil, ownMount] {
            guard case .found(let file, let truncated) = WslConfigFinder.find(
                probe: probe, usersRoot: "/Users", timeout: .seconds(5), mountinfo: mountinfo)
            else {
                Issue.record("no .wslconfig found (mountinfo \(mountinfo ?? "nil"))")
                return
            }
            #expect(file.path == "/Users/bob/.wslconfig")
            #expect(truncated && file.text.utf8.count == WslConfigFinder.sizeLimit)
            #expect(WslConfigFinder.find(probe: probe, usersRoot: "/NoUsers", timeout: .seconds(5), mountinfo: mountinfo) == .none)
        }
        // Inline, the search is not bounded by the timeout: it finishes even with none at all.
        let rootOnly = "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n3 1 0:5 / /proc rw - proc proc rw\n"
        guard case .found(let inline, _) = WslConfigFinder.find(probe: probe, usersRoot: "/Users", timeout: .zero, mountinfo: rootOnly) else {
            Issue.record("the inline search did not find the .wslconfig")
            return
        }
        #expect(inline.path == "/Users/bob/.wslconfig")
        #expect(WslConfigFinder.find(probe: probe, usersRoot: "/NoUsers", timeout: .zero, mountinfo: rootOnly) == .none)
    }
}
