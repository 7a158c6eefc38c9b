import Foundation
import Testing
import TestSupport

/// The scenarios of `scripts/wsl-sim` produce the behaviour they name, with real sockets.
@Suite("Simulator scenarios")
struct SimScenarioTests {
    static func trimmed(_ text: String?) -> String {
        (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("mirrored + windows-listener: 127.0.0.1:PORT in the guest reaches the Windows program through loopback0",
          .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason),
          arguments: [SimMachine.defaultPort, 28080])
    func mirroredWindowsListener(port: UInt16) async throws {
        try Privilege.requireRoot()
        let result = try await SimMachine.run(
            layout: .wsl2Mirrored, scenario: .windowsListener, port: port,
            command: simSectionScript([
                "listening": "ss -Htln 'sport = :\(port)'",
                "txbefore": "cat /sys/class/net/loopback0/statistics/tx_packets",
                "http": simHTTPGet("127.0.0.1", port),
                "txafter": "cat /sys/class/net/loopback0/statistics/tx_packets",
            ]))
        #expect(result.status == 0, "\(result)")
        let out = simSections(result.stdout)
        #expect(Self.trimmed(out["listening"]).isEmpty, "no guest socket may hold the port: \(out["listening"] ?? "")")
        #expect(simServerHeader(out["http"]) == "WindowsDevServer/1.0", "answer: \(out["http"] ?? "nil")")
        #expect(out["http"]?.hasPrefix("HTTP/1.1 404") == true)
        let before = Int(Self.trimmed(out["txbefore"])) ?? Int.max
        let after = Int(Self.trimmed(out["txafter"])) ?? 0
        #expect(after > before, "the connection must leave through loopback0 (tx \(before) -> \(after))")
    }

    @Test("nat + windows-listener: 127.0.0.1 stays inside Linux; Windows answers on the gateway address",
          .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason))
    func natWindowsListener() async throws {
        try Privilege.requireRoot()
        let port = SimMachine.defaultPort
        let result = try await SimMachine.run(
            layout: .wsl2NAT, scenario: .windowsListener,
            command: simSectionScript([
                "loopback": simHTTPGet("127.0.0.1", port) + "; echo status=$?",
                "gateway": simHTTPGet("172.28.16.1", port),
            ]))
        #expect(result.status == 0, "\(result)")
        let out = simSections(result.stdout)
        #expect(simServerHeader(out["loopback"]) == nil)
        #expect(out["loopback"]?.contains("status=1") == true, "refused, not answered: \(out["loopback"] ?? "")")
        #expect(simServerHeader(out["gateway"]) == "WindowsDevServer/1.0")
    }

    @Test("closed-port-hang: a connect to 127.0.0.1:PORT times out instead of being refused",
          .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason),
          arguments: [SimLayout.wsl2Mirrored, .native])
    func closedPortHang(layout: SimLayout) async throws {
        try Privilege.requireRoot()
        let port = SimMachine.defaultPort
        let connect = "timeout 2 bash -c 'exec 3<>/dev/tcp/127.0.0.1/\(port)'; echo $?"
        let otherPort = "timeout 2 bash -c 'exec 3<>/dev/tcp/127.0.0.1/\(port + 1)'; echo $?"
        let clock = ContinuousClock()
        let start = clock.now
        let result = try await SimMachine.run(
            layout: layout, scenario: .closedPortHang,
            command: simSectionScript(["hang": connect, "other": otherPort]))
        let elapsed = clock.now - start
        #expect(result.status == 0, "\(result)")
        let out = simSections(result.stdout)
        #expect(Self.trimmed(out["hang"]) == "124", "timeout(1) reports 124 when the connect hangs")
        #expect(Self.trimmed(out["other"]) == "1", "another closed port is refused at once")
        #expect(elapsed >= .seconds(2))

        let control = try await SimMachine.run(
            layout: layout, command: simSectionScript(["refused": connect]))
        #expect(Self.trimmed(simSections(control.stdout)["refused"]) == "1", "without the scenario: refused")
    }

    @Test("linux-foreign-listener: the pid file names a live guest process that listens on 127.0.0.1:PORT",
          .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason),
          arguments: [SimLayout.native, .wsl2NAT, .wsl2Mirrored, .container])
    func foreignListener(layout: SimLayout) async throws {
        try Privilege.requireRoot()
        let port = SimMachine.defaultPort
        let result = try await SimMachine.run(
            layout: layout, scenario: .linuxForeignListener,
            command: simSectionScript([
                "pid": "cat \"$SIM_DIR/foreign.pid\"",
                "alive": "kill -0 \"$(cat \"$SIM_DIR/foreign.pid\")\" && echo yes",
                "ss": "ss -Htlnp 'sport = :\(port)'",
                "http": simHTTPGet("127.0.0.1", port),
            ]))
        #expect(result.status == 0, "\(result)")
        let out = simSections(result.stdout)
        let pid = try #require(Int32(Self.trimmed(out["pid"])), "pid file: \(out["pid"] ?? "nil")")
        #expect(Self.trimmed(out["alive"]) == "yes")
        #expect(out["ss"]?.contains("127.0.0.1:\(port)") == true, "ss: \(out["ss"] ?? "")")
        #expect(out["ss"]?.contains("pid=\(pid),") == true, "the listener is the pid in the file: \(out["ss"] ?? "")")
        // In mirrored mode the connection goes out through loopback0 and "Windows" hands it back (hairpin).
        #expect(simServerHeader(out["http"]) == "ForeignLinuxApp/1.0", "answer: \(out["http"] ?? "nil")")
        #expect(!simProcessAlive(pid), "the listener must be gone after teardown")
    }

    @Test("mirrored clean: a guest listener on 127.0.0.1 is reached through Windows' hairpin",
          .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason))
    func mirroredHairpin() async throws {
        try Privilege.requireRoot()
        let port: UInt16 = 18790
        // The client connects once the server listens (not after a fixed sleep: on a loaded machine python takes
        // seconds to start, and a connect before the listen is refused through the hairpin, an empty reply).
        let server = "timeout 300 python3 -c 'import socket; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); "
            + "s.bind((\"127.0.0.1\", \(port))); s.listen(); c, a = s.accept(); print(a[0]); c.sendall(b\"hi\")' "
            + "> \"$SIM_DIR/peer\" & srv=$!; "
            + "until ss -Htln 'sport = :\(port)' | grep -q .; do kill -0 $srv 2>/dev/null || break; sleep 0.05; done"
        let result = try await SimMachine.run(
            layout: .wsl2Mirrored,
            command: simSectionScript([
                "server": server,
                "txbefore": "cat /sys/class/net/loopback0/statistics/tx_packets",
                "reply": "timeout 60 bash -c 'exec 3<>/dev/tcp/127.0.0.1/\(port); cat <&3'; echo",
                "txafter": "cat /sys/class/net/loopback0/statistics/tx_packets",
                "peer": "wait; cat \"$SIM_DIR/peer\"",
            ]))
        #expect(result.status == 0, "\(result)")
        let out = simSections(result.stdout)
        #expect(Self.trimmed(out["reply"]) == "hi")
        let before = Int(Self.trimmed(out["txbefore"])) ?? Int.max
        let after = Int(Self.trimmed(out["txafter"])) ?? 0
        #expect(after > before, "the connection must leave through loopback0")
        // The peer address is the guest's eth0 address, not 127.0.0.1: the packets came back in over loopback0.
        #expect(Self.trimmed(out["peer"]) == "192.168.1.50")
    }
}
