import NetProbe
import Testing
@testable import Gateway
@testable import GatewayServer

/// The reachability matrix per mode: who answers each cell, whether that is what WSL's rules lead to expect, and the
/// explanation and fix in WSL's terms.
@Suite("Reachability matrix")
struct ReachMatrixTests {
    static let port: UInt16 = 18789
    static let me = "inst-me"

    static func conditions(_ mode: ReachConditions.Mode, binds: [String] = ["127.0.0.1", "::1"], running: Bool = true,
                           localhostForwarding: Bool? = nil, hostAddressLoopback: Bool? = nil) -> ReachConditions {
        ReachConditions(mode: mode, port: port, localhostForwarding: localhostForwarding, hostAddressLoopback: hostAddressLoopback,
                        binds: binds, running: running, instanceId: running ? me : nil, holderPid: running ? 4242 : nil)
    }

    static func seen(_ source: ReachSource, _ role: ReachRole, _ host: String, _ outcome: ProbeOutcome, ms: Int64 = 3) -> ReachObservation {
        ReachObservation(target: ReachTarget(source: source, role: role, host: host),
                         result: ProbeResult(host: host, port: port, outcome: outcome, elapsedMicros: ms * 1000))
    }

    static func gateway(_ id: String = me, bootId: String? = nil, pid: Int32? = nil) -> ProbeOutcome {
        .gateway(identity: GatewayIdentity(instanceId: id, pid: pid, version: "2026.1", bootId: bootId), isSelf: false)
    }

    static let http404 = ProbeOutcome.httpNotWebSocket(status: 404, server: "WindowsDevServer/1.0")

    @Test("NAT, loopback bind: Linux loopback and Windows 127.0.0.1 (through wslrelay) reach this gateway; LAN and VM address refused by design")
    func natLoopback() throws {
        let m = ReachMatrix.judge([
            Self.seen(.linux, .loopback, "127.0.0.1", Self.gateway()),
            Self.seen(.linux, .ipv6Loopback, "::1", Self.gateway()),
            Self.seen(.linux, .secondLoopback, "127.0.0.2", .refused),
            Self.seen(.linux, .lanAddress, "172.28.16.5", .refused),
            Self.seen(.windows, .loopback, "127.0.0.1", Self.gateway()),
            Self.seen(.windows, .vmAddress, "172.28.16.5", .refused),
        ], conditions: Self.conditions(.nat))
        #expect(m.cells.map(\.answer.name) == ["this-gateway", "this-gateway", "refused", "refused", "this-gateway", "refused"])
        #expect(m.cells.map(\.status) == [.ok, .ok, .ok, .info, .ok, .info])
        let windows = try #require(m.cell(.windows, "127.0.0.1"))
        #expect(windows.explanation[0].contains("wslrelay.exe") && windows.explanation[0].contains("localhostForwarding=true by default"))
        #expect(windows.consequence?.contains("the Control UI at http://127.0.0.1:18789 opens in a Windows browser") == true)
        let lan = try #require(m.cell(.linux, "172.28.16.5"))
        #expect(lan.explanation[0].contains("binds loopback only") && lan.explanation[0].contains("netsh interface portproxy add v4tov4"))
        #expect(lan.fix?.contains("--bind lan") == true && lan.fix?.contains("OPENCLAW_GATEWAY_TOKEN") == true)
        let vm = try #require(m.cell(.windows, "172.28.16.5"))
        #expect(vm.explanation[0].contains("through WSL's localhost relay on 127.0.0.1"))
        #expect(m.status == .info && m.evidence.isEmpty && m.findings.isEmpty)
    }

    @Test("NAT with localhostForwarding=false: Windows 127.0.0.1 refused is the setting's doing, with the key to change")
    func natNoForwarding() throws {
        let m = ReachMatrix.judge([Self.seen(.windows, .loopback, "127.0.0.1", .refused)],
                                  conditions: Self.conditions(.nat, localhostForwarding: false))
        let cell = try #require(m.cells.first)
        #expect(cell.expectation.reaches == false && cell.status == .info)
        #expect(cell.explanation[0].contains("localhostForwarding=false"))
        #expect(cell.fix?.contains("localhostForwarding=true") == true)
        // The same refusal with forwarding on is a warning: the relay should have answered.
        let on = ReachMatrix.judge([Self.seen(.windows, .loopback, "127.0.0.1", .refused)], conditions: Self.conditions(.nat))
        #expect(on.cells[0].status == .warn)
        #expect(on.cells[0].consequence?.contains("does not open in a Windows browser") == true)
    }

    @Test("mirrored: Windows 127.0.0.1 shares the gateway, ::1 is not bridged, localhost says to use 127.0.0.1")
    func mirroredShared() throws {
        let m = ReachMatrix.judge([
            Self.seen(.windows, .loopback, "127.0.0.1", Self.gateway()),
            Self.seen(.windows, .ipv6Loopback, "::1", .refused),
            Self.seen(.windows, .localhost, "localhost", Self.gateway()),
        ], conditions: Self.conditions(.mirrored))
        #expect(m.cells.map(\.status) == [.ok, .ok, .ok])
        #expect(m.cells[0].explanation[0].contains("shares 127.0.0.1 between Windows and Linux"))
        #expect(m.cells[1].expectation.reaches == false && m.cells[1].explanation[0].contains("::1 is not bridged"))
        #expect(m.cells[2].explanation[0].contains("use http://127.0.0.1:18789 from Windows"))
    }

    @Test("a non-gateway answer is never pinned on the lock holder: through Windows it is a Windows program, beside a foreign Linux listener it is that one")
    func answererIsNotTheHolder() throws {
        let ours = PortOwner(pid: 4242, comm: "openclaw", uid: 1000, inode: 1, localAddress: "127.0.0.1")
        let foreign = PortOwner(pid: 777, comm: "python3", uid: 1000, inode: 2, localAddress: "0.0.0.0")
        for mode in [ReachConditions.Mode.mirrored, .nat] {
            // netstat.exe did not answer: only the Linux listeners are known, and the one there is our gateway.
            let m = ReachMatrix.judge([
                Self.seen(.linux, .loopback, "127.0.0.1", Self.http404),
                Self.seen(.windows, .loopback, "127.0.0.1", Self.http404),
            ], conditions: Self.conditions(mode), linuxOwners: [ours], windowsHolders: nil)
            for cell in m.cells {
                guard case .otherProgram(_, let who) = cell.answer else { Issue.record("\(mode): \(cell.answer)"); continue }
                #expect(who?.contains("pid 4242") != true, "\(mode) \(cell.target): \(who ?? "nil")")
            }
            #expect(m.cell(.windows, "127.0.0.1").map { cell in
                if case .otherProgram(_, let who) = cell.answer { return who == "a Windows program" } else { return false }
            } == true, "\(mode)")
        }
        let beside = ReachMatrix.judge([Self.seen(.linux, .loopback, "127.0.0.1", Self.http404)],
                                       conditions: Self.conditions(.native), linuxOwners: [ours, foreign])
        guard case .otherProgram(_, let who) = beside.cells[0].answer else { Issue.record("\(beside.cells[0].answer)"); return }
        #expect(who == "a Linux process: pid 777 python3")
        // Under mirrored networking too: a Linux listener named as the answerer gets a Linux fix, not taskkill.
        let mirroredLinux = ReachMatrix.judge([Self.seen(.linux, .loopback, "127.0.0.1", Self.http404)],
                                              conditions: Self.conditions(.mirrored, running: false), linuxOwners: [foreign])
        guard case .otherProgram(_, let named) = mirroredLinux.cells[0].answer else { Issue.record("\(mirroredLinux.cells[0].answer)"); return }
        #expect(named == "a Linux process: pid 777 python3")
        #expect(mirroredLinux.cells[0].fix.map { !$0.contains("taskkill") && !$0.contains("on Windows") } == true,
                "\(mirroredLinux.cells[0].fix ?? "nil")")
        // With no gateway running, a Linux listener means a start would exit 75, not that it would be shadowed.
        #expect(!mirroredLinux.cells[0].explanation.contains { $0.contains("would be shadowed") }, "\(mirroredLinux.cells[0].explanation)")
        #expect(mirroredLinux.cells[0].explanation.contains { $0.contains("would not start") && $0.contains("exits 75") })
    }

    @Test("mirrored: a Windows program on 127.0.0.1 shadows the gateway (fail, named by netstat.exe); 127.0.0.2 is the Linux-only control")
    func mirroredShadow() throws {
        let holder = WindowsPortHolder(pid: 9001, image: "node.exe", endpoints: ["0.0.0.0:18789"])
        let m = ReachMatrix.judge([
            Self.seen(.linux, .loopback, "127.0.0.1", Self.http404),
            Self.seen(.linux, .secondLoopback, "127.0.0.2", .refused),
            Self.seen(.windows, .loopback, "127.0.0.1", Self.http404),
        ], conditions: Self.conditions(.mirrored), linuxOwners: [], windowsHolders: [holder])
        #expect(m.cells[0].status == .fail && m.cells[2].status == .fail)
        guard case .otherProgram(let answered, let who) = m.cells[2].answer else { Issue.record("\(m.cells[2].answer)"); return }
        #expect(answered == "http-not-websocket (HTTP 404, server WindowsDevServer/1.0)")
        #expect(who == "a Windows program: node.exe (pid 9001)")
        #expect(m.cells[2].fix?.contains("taskkill") == true)
        #expect(m.cells[0].consequence?.contains("reach another program") == true)
        #expect(m.status == .fail)
        // The same answer with no gateway running is a warning: a start would bind 127.0.0.1 and be shadowed...
        let idle = ReachMatrix.judge([Self.seen(.linux, .loopback, "127.0.0.1", Self.http404)],
                                     conditions: Self.conditions(.mirrored, running: false), linuxOwners: [])
        #expect(idle.cells[0].status == .warn, "\(idle.cells[0].explanation)")
        #expect(idle.cells[0].explanation.contains { $0.contains("a gateway started here would be shadowed") })
        // ...unless the gateway would not bind there at all.
        let elsewhere = ReachMatrix.judge([Self.seen(.linux, .loopback, "127.0.0.1", Self.http404)],
                                          conditions: Self.conditions(.mirrored, binds: ["127.0.0.2"], running: false))
        #expect(elsewhere.cells[0].status == .info)
    }

    @Test("a hanging 127.0.0.1 beside a refused 127.0.0.2 is evidence of mirrored routing, never a hung gateway")
    func closedPortHang() throws {
        let observations = [
            Self.seen(.linux, .loopback, "127.0.0.1", .timeout, ms: 500),
            Self.seen(.linux, .secondLoopback, "127.0.0.2", .refused, ms: 0),
        ]
        let mirrored = ReachMatrix.judge(observations, conditions: Self.conditions(.mirrored, running: false))
        #expect(mirrored.cells[0].status == .info)
        #expect(mirrored.cells[0].explanation.contains { $0.contains("can hang instead of being refused") && $0.contains("not a hung gateway") })
        let evidence = try #require(mirrored.evidence.first)
        #expect(evidence.contains("127.0.0.2:18789 was refused in 0 ms") && evidence.contains("agrees with the verdict"))
        // Under NAT the same pair points at a firewall, not at WSL.
        let nat = ReachMatrix.judge(observations, conditions: Self.conditions(.nat, running: false))
        #expect(nat.evidence.first?.contains("firewall rule dropping SYNs") == true)
        // A refused 127.0.0.1 gives no evidence.
        let refused = ReachMatrix.judge([Self.seen(.linux, .loopback, "127.0.0.1", .refused), observations[1]],
                                        conditions: Self.conditions(.mirrored, running: false))
        #expect(refused.evidence.isEmpty)
        // With the gateway running and bound there, a hang is a warning.
        let running = ReachMatrix.judge(observations, conditions: Self.conditions(.mirrored))
        #expect(running.cells[0].status == .warn)
    }

    @Test("a gateway on the Windows side answering 127.0.0.1 under mirrored networking is named, with the exit-78 trap")
    func windowsSideGateway() throws {
        let m = ReachMatrix.judge([
            Self.seen(.linux, .loopback, "127.0.0.1", Self.gateway("win-gw")),
            Self.seen(.linux, .ipv6Loopback, "::1", .refused),
        ], conditions: Self.conditions(.mirrored, running: false), linuxOwners: [])
        guard case .otherGateway(let identity, let whereabouts, _) = m.cells[0].answer else { Issue.record("\(m.cells[0].answer)"); return }
        #expect(identity.instanceId == "win-gw" && whereabouts.hasPrefix("on the Windows side"))
        #expect(m.findings.count == 3)
        #expect(m.findings[0].contains("gateway on the Windows side (instance win-gw, version 2026.1)"))
        #expect(m.findings[2].contains("exits 78"))
        #expect(m.findingsFix?.contains("--port N") == true)
        #expect(m.status == .warn)
        // A second gateway in this Linux (same boot id) is another gateway, but not a Windows-side one.
        let linux = ReachMatrix.judge([Self.seen(.linux, .loopback, "127.0.0.1", Self.gateway("other", bootId: "boot-1"))],
                                      conditions: Self.conditions(.mirrored, running: false), linuxBootId: "boot-1")
        guard case .otherGateway(_, let place, _) = linux.cells[0].answer else { Issue.record("\(linux.cells[0].answer)"); return }
        #expect(place == "in this Linux (same boot id)")
        #expect(linux.findings.isEmpty)
    }

    @Test("mirrored with hostAddressLoopback=true and a LAN bind: the LAN address goes through Windows; the Hyper-V firewall command is named")
    func mirroredLan() throws {
        let m = ReachMatrix.judge([Self.seen(.linux, .lanAddress, "192.168.1.50", Self.gateway())],
                                  conditions: Self.conditions(.mirrored, binds: ["0.0.0.0"], hostAddressLoopback: true))
        let cell = m.cells[0]
        #expect(cell.status == .ok && cell.expectation.routedThroughWindows)
        #expect(cell.explanation[0].contains("table 128"))
        #expect(cell.explanation[0].contains(ReachExpectation.hyperVFirewallCommand))
        #expect(ReachExpectation.hyperVFirewallCommand.contains("{40E0AC32-46A5-438A-A0B2-2B479E8F2E90}"))
    }

    @Test("bridged and virtioproxy: Windows' loopback is unknown, never claimed; none: Windows cannot reach the VM; WSL1 shares everything")
    func otherModes() {
        let refused = [Self.seen(.windows, .loopback, "127.0.0.1", .refused)]
        for mode in [ReachConditions.Mode.bridged, .virtioproxy, .unknown] {
            let m = ReachMatrix.judge(refused, conditions: Self.conditions(mode))
            #expect(m.cells[0].expectation.reaches == nil, "\(mode)")
            #expect(m.cells[0].status == .ok, "\(mode): an unknown expectation is not a warning")
        }
        let none = ReachMatrix.judge(refused, conditions: Self.conditions(.none))
        #expect(none.cells[0].expectation.reaches == false && none.cells[0].explanation[0].contains("mode none"))
        let wsl1 = ReachMatrix.judge(refused, conditions: Self.conditions(.wsl1))
        #expect(wsl1.cells[0].expectation.reaches == true && wsl1.cells[0].status == .warn)
        #expect(wsl1.cells[0].explanation[0].contains("one TCP/IP stack"))
    }

    @Test("mirrored with no gateway running: no cell claims a bind that did not happen")
    func noGatewayNoBindClaim() {
        for side in [ReachSource.linux, .windows] {
            let m = ReachMatrix.judge([Self.seen(side, .loopback, "127.0.0.1", .timeout)],
                                      conditions: Self.conditions(.mirrored, running: false))
            let text = m.cells[0].explanation.joined(separator: "; ")
            #expect(!text.contains("the gateway's bind reserved") && !text.contains("(the bind reserved"), "\(side): \(text)")
            #expect(text.contains("none runs now"), "\(side): \(text)")
            let running = ReachMatrix.judge([Self.seen(side, .loopback, "127.0.0.1", .timeout)], conditions: Self.conditions(.mirrored))
            #expect(running.cells[0].explanation.joined().contains("reserved the port on Windows"))
        }
    }

    @Test("interop off: every Windows cell is 'not tried' with the reason, and does not count towards the status")
    func notTried() {
        let target = ReachTarget(source: .windows, role: .loopback, host: "127.0.0.1")
        let m = ReachMatrix.judge([
            Self.seen(.linux, .loopback, "127.0.0.1", Self.gateway()),
            ReachObservation(target: target, notTried: "interop is off: /etc/wsl.conf sets [interop] enabled=false"),
        ], conditions: Self.conditions(.nat))
        #expect(m.cells[1].answer == .notTried("interop is off: /etc/wsl.conf sets [interop] enabled=false"))
        #expect(m.cells[1].status == .notTried && m.cells[1].explanation.first?.hasPrefix("by WSL's rules, if tried: ") == true)
        // The reason is printed once per cell (a tester saw it twice: in the answer and again as the explanation).
        let line = m.lines().first { $0.hasPrefix("from Windows to 127.0.0.1") } ?? ""
        #expect(line.components(separatedBy: "interop is off").count == 2, "\(line)")
        #expect(m.status == .ok)
        #expect(ReachMatrix.judge([], conditions: Self.conditions(.nat)).status == .notTried)
    }

    @Test("a listener that binds 127.0.0.1 but is refused there from Linux is a warning; a gateway reached where the rules say no is a note")
    func surprises() {
        let m = ReachMatrix.judge([
            Self.seen(.linux, .loopback, "127.0.0.1", .refused),
            Self.seen(.linux, .secondLoopback, "127.0.0.2", Self.gateway()),
        ], conditions: Self.conditions(.native))
        #expect(m.cells[0].status == .warn && m.cells[0].explanation.last?.contains("although the gateway listens on 127.0.0.1 and ::1") == true)
        #expect(m.cells[1].status == .info)
    }

    @Test("the targets per environment: Windows rows only on WSL, the VM address only under NAT, the LAN address from the default route")
    func targets() {
        func verdict(_ kind: EnvironmentKind, _ mode: WSLNetworkingMode? = nil) -> EnvironmentVerdict {
            EnvironmentVerdict(kind: kind, wslNetworkingMode: mode, confidence: .high, evidence: [])
        }
        var facts = MachineFacts(origin: .live)
        facts.addresses = [
            InterfaceAddress(interface: "lo", family: .inet, local: "127.0.0.1", prefixLength: 8, scope: "host"),
            InterfaceAddress(interface: "docker0", family: .inet, local: "172.17.0.1", prefixLength: 16, scope: "global"),
            InterfaceAddress(interface: "eth0", family: .inet, local: "172.28.16.5", prefixLength: 20, scope: "global"),
        ]
        facts.routes = [Route(family: .inet, destination: "default", gateway: "172.28.16.1", device: "eth0")]
        #expect(ReachTargets.lanAddress(facts) == "172.28.16.5")
        func hosts(_ v: EnvironmentVerdict) -> [String] {
            ReachTargets.plan(facts: facts, environment: EnvironmentView.derive(facts: facts, verdict: v))
                .map { "\($0.source.rawValue):\($0.host)" }
        }
        #expect(hosts(verdict(.native)) == ["linux:127.0.0.1", "linux:::1", "linux:127.0.0.2", "linux:172.28.16.5"])
        #expect(hosts(verdict(.wsl2, .nat)).suffix(4) == ["windows:127.0.0.1", "windows:::1", "windows:localhost", "windows:172.28.16.5"])
        #expect(hosts(verdict(.wsl2, .mirrored)).last == "windows:localhost")
        #expect(hosts(verdict(.container)).count == 4)
        facts.addresses = facts.addresses?.filter { $0.interface == "lo" }
        #expect(ReachTargets.lanAddress(facts) == nil)
    }
}
