import Foundation
import Testing
@testable import NetProbe
import NetProbeLive
import TestSupport

/// Issue 19's leftover (microsoft/WSL 5514: `listen EACCES ... 0.0.0.0:5037` raised no Windows question): a refused
/// bind stated anywhere in the reporter's lines, in any runtime's words, is read (`RefusedBinds`), and "what would
/// decide it" asks for Windows' exclusion table naming each refused port as pasted; EADDRINUSE asks who holds it.
@Suite("Triage: a refused bind asks the Windows questions")
struct RefusedBindTests {
    @Test("each runtime's words: the cause, and the port the line names (never a clock)", arguments: [
        ("ERROR: Failed to serve: Error: listen EACCES: permission denied 0.0.0.0:5037", RefusedBind.Cause.accessDenied, 5037),
        ("listen tcp 127.0.0.1:2222: bind: An attempt was made to access a socket in a way forbidden by its access permissions.", .accessDenied, 2222),
        ("OSError: [WinError 10013] An attempt was made to access a socket in a way forbidden by its access permissions ('0.0.0.0', 8085)", .accessDenied, 8085),
        ("listen tcp :80: bind: permission denied", .accessDenied, 80),
        ("Error: listen EADDRINUSE: address already in use :::8080", .addressInUse, 8080),
        ("Apr 27 10:55:10 host node[41017]: Gateway failed to start: another gateway instance is already listening on ws://127.0.0.1:18789", .addressInUse, 18789),
        ("ERROR:    [Errno 98] error while attempting to bind on address ('127.0.0.1', 8000): address already in use", .addressInUse, 8000),
        ("Error response from daemon: Ports are not available: exposing port TCP 0.0.0.0:5432 -> 0.0.0.0:0: listen tcp 0.0.0.0:5432: bind: Only one usage of each socket address (protocol/network address/port) is normally permitted.", .addressInUse, 5432),
    ])
    func forms(line: String, cause: RefusedBind.Cause, port: Int) throws {
        let found = try #require(RefusedBinds.parse(line), "\(line)")
        #expect(found.cause == cause && found.port == port, "\(line): \(found)")
    }

    @Test("not a refused bind: prose about permissions, a word inside a longer one; a line without a port names none")
    func notRefusals() {
        #expect(RefusedBinds.parse("Permission denied (publickey).") == nil)
        #expect(RefusedBinds.parse("EACCESS_LIST is set") == nil)
        #expect(RefusedBinds.parse("cat: /etc/shadow: Permission denied") == nil)
        #expect(RefusedBinds.parse("2026-04-27T10:55:10.402+02:00 bind EACCES")?.port == nil)
        #expect(RefusedBinds.port(in: "at 10:55:10 and 10:55 it failed") == nil)
    }

    static func asks(_ text: String, port: Int? = nil) -> [DecidingFact] {
        let reading = IssueReportReader.read(text: text, file: "r.md")
        return DecidingFacts.missing(reading.facts, verdict: Classifier.classify(reading.facts), port: port,
                                     refusedBinds: reading.refusedBinds)
    }

    @Test("EACCES in another program's output on a Windows paste (5514's shape, constructed): the exclusion table first, naming port 5037 and its line")
    func eaccesOtherProgram() throws {
        let text = """
            # Environment
            ```
            C:\\Users\\someone>serve -p 5037 .
            WARNING: Checking for updates failed
            ERROR: Failed to serve: Error: listen EACCES: permission denied 0.0.0.0:5037
                at Server.setupListenHandle [as _listen2] (net.js:1296:21)
            ```
            """
        let asks = Self.asks(text)
        let netsh = try #require(asks.firstIndex { $0.command == "netsh interface ipv4 show excludedportrange protocol=tcp" }, "\(asks)")
        #expect(asks[netsh].why.contains("port 5037 (EACCES, line 5)"), "\(asks[netsh].why)")
        let netstat = try #require(asks.firstIndex { $0.command == "netstat -ano | findstr :5037" }, "\(asks)")
        #expect(netsh < netstat, "EACCES: the exclusion table is asked first")
        // The same line on a native Linux machine asks nothing of Windows.
        let native = Self.asks("$ uname -r\n6.8.0-45-generic\n$ ip -br a\nlo UNKNOWN 127.0.0.1/8\neth0 UP 192.168.1.20/24\n" + text)
        #expect(!native.contains { $0.command.hasPrefix("netsh") }, "\(native)")
    }

    @Test("below 1024 the ask says Linux refuses an unprivileged bind too; a refusal with no port asks without naming one")
    func privilegedAndUnnamed() throws {
        let low = Self.asks("$ uname -r\n5.15.167.4-microsoft-standard-WSL2\nlisten tcp :80: bind: permission denied\n")
        let why = try #require(low.first { $0.command.hasPrefix("netsh") }?.why)
        #expect(why.contains("port 80 (permission denied, line 3)") && why.contains("ip_unprivileged_port_start"), "\(why)")
        let unnamed = Self.asks("$ uname -r\n5.15.167.4-microsoft-standard-WSL2\nError: bind EACCES\n")
        #expect(unnamed.contains { $0.command.hasPrefix("netsh") && $0.why.contains("the port refused with no number pasted (EACCES, line 3)") }, "\(unnamed)")
    }

    @Test("EADDRINUSE asks who holds the port first; another person's refusal is not the reporter's")
    func addressInUse() throws {
        let asks = Self.asks("$ uname -r\n5.15.167.4-microsoft-standard-WSL2\nError: listen EADDRINUSE: address already in use :::8080\n")
        let netstat = try #require(asks.firstIndex { $0.command == "netstat -ano | findstr :8080" }, "\(asks)")
        let netsh = try #require(asks.firstIndex { $0.command.hasPrefix("netsh") })
        #expect(netstat < netsh)
        let thread = "reporter · description · 2024-01-01\n$ uname -r\n5.15.167.4-microsoft-standard-WSL2\nhelper · comment · 2024-01-02\nError: listen EACCES: permission denied 0.0.0.0:5037\n"
        let reading = IssueReportReader.read(text: thread, file: "t.md")
        #expect(reading.refusedBinds.isEmpty, "\(reading.refusedBinds)")
    }

    @Test("public report: sakai135/wsl-vpnkit 230, Go's WSAEACCES words in the issue's title, port 2222 named in the ask")
    func publicVpnkit() throws {
        let reading = try IssueReportReader.load(path: Fixtures.path("issues/wslvpnkit230-wsaeacces-2222.md"))
        #expect(reading.refusedBinds.map(\.port) == [2222] && reading.refusedBinds.first?.cause == .accessDenied, "\(reading.refusedBinds)")
        let asks = DecidingFacts.missing(reading.facts, verdict: Classifier.classify(reading.facts), refusedBinds: reading.refusedBinds)
        #expect(asks.contains { $0.command.hasPrefix("netsh") && $0.why.contains("port 2222 (forbidden by its access permissions (WSAEACCES), line 3)") }, "\(asks)")
        #expect(asks.contains { $0.command == "netstat -ano | findstr :2222" }, "\(asks)")
    }
}
