import Foundation
@testable import NetProbe
@testable import NetProbeLive
import Testing
import TestSupport

/// `SupervisorReader` asks nothing that cannot answer (`SystemdPresence`, sd_booted's rule) and asks `systemctl show`
/// once per scope for every unit. STAND-INS: `systemctl` and `journalctl` are shell scripts that record each call in
/// a file (no systemd runs as PID 1 here; the real systemd tests boot one in a container).
@Suite("Supervisor reader: what it asks, and how often")
struct SupervisorPresenceTests {
    struct Tree {
        let root: String
        var calls: String { root + "/calls" }

        init(booted: Bool, journal: Bool = false, userRuntime: Bool = false) throws {
            root = TestDirectory.make("presence")
            let fm = FileManager.default
            if booted { try fm.createDirectory(atPath: root + "/run/systemd/system", withIntermediateDirectories: true) }
            if journal {
                // As journald stores it: one directory per machine id, the system journal file in it.
                let machine = root + "/var/log/journal/0123456789abcdef0123456789abcdef"
                try fm.createDirectory(atPath: machine, withIntermediateDirectories: true)
                try Data("LPKSHHRH".utf8).write(to: URL(fileURLWithPath: machine + "/system.journal"))
            }
            if userRuntime { try fm.createDirectory(atPath: root + "/run/user/1000/systemd/private", withIntermediateDirectories: true) }
            // Two property blocks, whatever the units: the reader asks for two.
            try stub("systemctl", "echo \"$*\" >> \(calls)\nprintf 'LoadState=loaded\\nNRestarts=3\\n\\nLoadState=not-found\\nNRestarts=0\\n'\n")
            try stub("journalctl", "echo \"journalctl $*\" >> \(calls)\n")
        }

        func stub(_ name: String, _ body: String) throws {
            let path = root + "/" + name
            try ("#!/bin/sh\n# stand-in for \(name): records each call\n" + body).write(toFile: path, atomically: true, encoding: .utf8)
            chmod(path, 0o755)
        }

        func reader(scopes: [SystemdScope] = [.user, .system], environment: [String: String] = [:]) -> SupervisorReader {
            SupervisorReader(options: .init(
                units: SupervisorReader.Options.units(port: 18789), scopes: scopes,
                environment: environment, systemctlCandidates: [root + "/systemctl"],
                journalctlCandidates: [root + "/journalctl"], fileRoot: root))
        }

        var recorded: [String] {
            ((try? String(contentsOfFile: calls, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }

        func remove() { try? FileManager.default.removeItem(atPath: root) }
    }

    @Test("the presence rule: /run/systemd/system, the user manager's socket or bus, the journal directories")
    func presenceRule() throws {
        let none = try Tree(booted: false)
        defer { none.remove() }
        let absent = SystemdPresence.read(root: none.root, environment: ["XDG_RUNTIME_DIR": "/run/user/1000"])
        #expect(absent == SystemdPresence(systemBooted: false, userManagerReachable: false, journalStored: false))
        #expect(absent.showNotAsked(.system) == SystemdPresence.notBooted && absent.showNotAsked(.user) == SystemdPresence.notBooted)
        #expect(absent.journalNotAsked?.contains("no journal here") == true)

        let booted = try Tree(booted: true, journal: true, userRuntime: true)
        defer { booted.remove() }
        let present = SystemdPresence.read(root: booted.root, environment: ["XDG_RUNTIME_DIR": "/run/user/1000"])
        #expect(present == SystemdPresence(systemBooted: true, userManagerReachable: true, journalStored: true))
        #expect(present.showNotAsked(.system) == nil && present.showNotAsked(.user) == nil && present.journalNotAsked == nil)
        // No runtime directory named: the user manager cannot be reached; a session bus address is enough.
        let noRuntime = SystemdPresence.read(root: booted.root, environment: [:])
        #expect(noRuntime.showNotAsked(.user)?.contains("no user manager") == true && noRuntime.showNotAsked(.system) == nil)
        #expect(SystemdPresence.read(root: booted.root, environment: ["DBUS_SESSION_BUS_ADDRESS": "unix:path=/x"]).userManagerReachable)
        // A journal stored from an earlier boot is read even when systemd does not run now.
        let stored = try Tree(booted: false, journal: true)
        defer { stored.remove() }
        #expect(SystemdPresence.read(root: stored.root, environment: [:]).journalNotAsked == nil)
        // Journal directories without a journal file (a container image's empty /var/log/journal, a machine-id
        // directory with only a non-journal file): nothing to read, journalctl is not asked.
        let empty = try Tree(booted: false)
        defer { empty.remove() }
        try FileManager.default.createDirectory(atPath: empty.root + "/var/log/journal/0123456789abcdef0123456789abcdef",
                                                withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: empty.root + "/run/log/journal", withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: empty.root + "/var/log/journal/0123456789abcdef0123456789abcdef/notes.txt"))
        #expect(SystemdPresence.read(root: empty.root, environment: [:]).journalNotAsked?.contains("no journal file") == true)
        // A journal file directly in /run/log/journal (volatile storage, no machine-id directory) counts.
        try Data("LPKSHHRH".utf8).write(to: URL(fileURLWithPath: empty.root + "/run/log/journal/system@0001.journal~"))
        #expect(SystemdPresence.read(root: empty.root, environment: [:]).journalNotAsked == nil)
    }

    @Test("not booted with systemd: no systemctl and no journalctl run, every unit says why")
    func notBooted() throws {
        let tree = try Tree(booted: false)
        defer { tree.remove() }
        let (show, journal) = tree.reader().read()
        #expect(tree.recorded.isEmpty, "\(tree.recorded)")
        #expect(show?.count == 4 && show?.allSatisfy { $0.skipped == SystemdPresence.notBooted } == true)
        #expect(journal.count == 2 && journal.allSatisfy { $0.skipped?.contains("no journal here") == true })
    }

    @Test("booted: one systemctl show per scope names every unit; states follow the blocks in order")
    func oneShowPerScope() throws {
        let tree = try Tree(booted: true, journal: true, userRuntime: true)
        defer { tree.remove() }
        let (show, journal) = tree.reader(environment: ["XDG_RUNTIME_DIR": "/run/user/1000"]).read()
        let shows = tree.recorded.filter { $0.hasPrefix("show ") || $0.hasPrefix("--user show ") }
        #expect(shows.count == 2, "\(tree.recorded)")
        #expect(shows.allSatisfy { $0.hasSuffix("-- openclaw-gateway.service openclaw-gateway-18789.service") })
        #expect(shows.filter { $0.hasPrefix("--user ") }.count == 1)
        #expect(tree.recorded.filter { $0.hasPrefix("journalctl ") }.count == 2)
        let states = try #require(show)
        #expect(states.map(\.unit) == ["openclaw-gateway.service", "openclaw-gateway-18789.service",
                                       "openclaw-gateway.service", "openclaw-gateway-18789.service"])
        #expect(states.map(\.scope) == [.user, .user, .system, .system])
        #expect(states.map(\.restarts) == [3, 0, 3, 0] && states.map(\.isLoaded) == [true, false, true, false])
        #expect(journal.map(\.scope) == [.user, .system] && journal.allSatisfy { $0.skipped == nil })
    }

    @Test("a show that answers fewer blocks than units asked records that, not a guess")
    func blockCountMismatch() throws {
        let tree = try Tree(booted: true)
        defer { tree.remove() }
        try tree.stub("systemctl", "printf 'LoadState=loaded\\nNRestarts=1\\n'\n")
        let states = try #require(tree.reader(scopes: [.system]).read().show)
        #expect(states.count == 2 && states.allSatisfy { $0.skipped == "systemctl show answered 1 property blocks for 2 units" })
    }

    @Test("show blocks: split on empty lines, CRLF tolerated, no empty block")
    func blocks() {
        #expect(SupervisorSections.parseShowBlocks("A=1\nB=\n\nA=2\r\n\r\n\n") == [["A": "1", "B": ""], ["A": "2"]])
        #expect(SupervisorSections.parseShowBlocks("").isEmpty && SupervisorSections.parseShowBlocks("\n\n").isEmpty)
    }

    @Test("the scopes run at once: two slow scopes cost about one")
    func scopesConcurrently() throws {
        let tree = try Tree(booted: true, userRuntime: true)
        defer { tree.remove() }
        try tree.stub("systemctl", "sleep 1\nprintf 'LoadState=loaded\\n\\nLoadState=loaded\\n'\n")
        func timed(_ scopes: [SystemdScope]) -> Double {
            let reader = SupervisorReader(options: .init(
                units: SupervisorReader.Options.units(port: 18789), scopes: scopes,
                environment: ["XDG_RUNTIME_DIR": "/run/user/1000"], systemctlCandidates: [tree.root + "/systemctl"],
                journalctlCandidates: ["/nonexistent/journalctl"], fileRoot: tree.root))
            let start = ContinuousClock.now
            _ = reader.read()
            let elapsed = ContinuousClock.now - start
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }
        let one = timed([.system])
        let both = timed([.user, .system])
        // Each systemctl sleeps 1 s: one after the other would be about 2 x one.
        #expect(both < 1.6 * one, "both scopes \(both) s, one scope \(one) s")
    }
}
