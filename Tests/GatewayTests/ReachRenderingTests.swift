import NetProbe
import Testing
@testable import Gateway

/// What the matrix prints: every address with a port in brackets when it is IPv6 (one renderer, `HostPort`), the
/// NAT relay's rules as WSL's source has them (`ReachExpectation.relaySource`), and why nothing is tried from Windows
/// where this is not WSL.
@Suite("Reachability matrix: rendering, the NAT relay's rules, no Windows side")
struct ReachRenderingTests {
    static let port: UInt16 = 18789

    static func seen(_ source: ReachSource, _ role: ReachRole, _ host: String, _ outcome: ProbeOutcome) -> ReachObservation {
        ReachObservation(target: ReachTarget(source: source, role: role, host: host),
                         result: ProbeResult(host: host, port: port, outcome: outcome, elapsedMicros: 3000))
    }

    /// Every string a matrix prints (lines, headline, fix, JSON strings).
    static func texts(_ m: ReachMatrix) -> [String] {
        func strings(_ value: JSONValue) -> [String] {
            switch value {
            case .string(let s): return [s]
            case .array(let a): return a.flatMap(strings)
            case .object(let o): return o.values.flatMap(strings)
            default: return []
            }
        }
        return m.lines() + [m.headline] + (m.fix.map { [$0] } ?? []) + strings(m.json)
    }

    @Test("every mode, bind set, side and answer: an IPv6 address followed by its port is always in brackets",
          arguments: [ReachConditions.Mode.native, .container, .wsl1, .nat, .mirrored, .virtioproxy, .bridged, .none, .unknown])
    func ipv6Bracketed(_ mode: ReachConditions.Mode) {
        let v6Hosts = ["::1", "::", "fd00::5", "fe80::215:5dff:fe01:2"]
        let bindSets = [["127.0.0.1", "::1"], ["127.0.0.1"], ["::1"], ["0.0.0.0", "::"], ["::"], ["fd00::5"]]
        let outcomes: [ProbeOutcome] = [
            .gateway(identity: GatewayIdentity(instanceId: "inst-me"), isSelf: false),
            .gateway(identity: GatewayIdentity(instanceId: "inst-other", pid: 9, bootId: "other"), isSelf: false),
            .httpNotWebSocket(status: 404, server: "X"), .refused, .timeout, .unreachable(error: "EHOSTUNREACH"),
        ]
        let targets = [
            (ReachSource.linux, ReachRole.loopback, "127.0.0.1"), (.linux, .ipv6Loopback, "::1"), (.linux, .secondLoopback, "127.0.0.2"),
            (.linux, .lanAddress, "fd00::5"), (.windows, .loopback, "127.0.0.1"), (.windows, .ipv6Loopback, "::1"),
            (.windows, .localhost, "localhost"), (.windows, .vmAddress, "172.28.16.5"),
        ]
        for binds in bindSets {
            for running in [true, false] {
                for forwarding in [nil, true, false] as [Bool?] {
                    let c = ReachConditions(mode: mode, port: Self.port, localhostForwarding: forwarding, binds: binds, running: running,
                                            instanceId: running ? "inst-me" : nil, holderPid: running ? 4242 : nil)
                    for outcome in outcomes {
                        let m = ReachMatrix.judge(targets.map { Self.seen($0.0, $0.1, $0.2, outcome) }, conditions: c)
                        for text in Self.texts(m) {
                            for host in v6Hosts {
                                let bare = text.replacingOccurrences(of: "[\(host)]:\(Self.port)", with: "")
                                #expect(!bare.contains("\(host):\(Self.port)"), "\(mode) \(binds) \(outcome.name): \(text)")
                            }
                        }
                    }
                }
            }
        }
    }

    @Test("HostPort: IPv6 literals (with a zone too) in brackets, an already bracketed host left alone, IPv4 and names as they are")
    func hostPort() {
        #expect(HostPort.text("::1", 18789) == "[::1]:18789")
        #expect(HostPort.text("[::1]", 18789) == "[::1]:18789")
        #expect(HostPort.text("fe80::1%eth0", 1) == "[fe80::1%eth0]:1")
        #expect(HostPort.text("127.0.0.1", 80) == "127.0.0.1:80")
        #expect(HostPort.text("localhost", 80) == "localhost:80")
        #expect(HostPort.url(scheme: "http", host: "::1", port: 5, path: "/x") == "http://[::1]:5/x")
        #expect(IPAddressText.hostPort("::", 1) == "[::]:1")
    }

    @Test("NAT relay, as WSL's source has it: Windows' [::1] only through an IPv6 listener on ::1 or ::, Windows' 127.0.0.1 only through an IPv4 one; a lone :: is not known for 127.0.0.1")
    func natRelayRules() throws {
        func expect(_ host: String, _ binds: [String]) -> ReachExpectation {
            ReachExpectation.expect(ReachTarget(source: .windows, role: host == "::1" ? .ipv6Loopback : .loopback, host: host),
                                    ReachConditions(mode: .nat, port: Self.port, binds: binds, running: true))
        }
        let v6 = expect("::1", ["127.0.0.1", "::1"])
        #expect(v6.reaches == true && v6.because.contains("listens on Windows' [::1]:18789 while a Linux IPv6 listener on ::1 or :: holds port 18789"), "\(v6.because)")
        #expect(v6.because.contains("connects each client to Linux's [::1]:18789") && v6.because.contains("wslrelay/localhost.cpp"), "\(v6.because)")
        // IPv6 loopback off: the gateway binds 127.0.0.1 only, so Windows' ::1 is not relayed (it was assumed to be).
        let v4Only = expect("::1", ["127.0.0.1"])
        #expect(v4Only.reaches == false && v4Only.because.contains("is not relayed"), "\(v4Only.because)")
        #expect(expect("127.0.0.1", ["127.0.0.1"]).reaches == true)
        #expect(expect("127.0.0.1", ["0.0.0.0"]).reaches == true)
        #expect(expect("::1", ["0.0.0.0"]).reaches == false)
        #expect(expect("127.0.0.1", ["::1"]).reaches == false)
        let dual = expect("127.0.0.1", ["::"])
        #expect(dual.reaches == nil && dual.because.hasPrefix("not known"), "\(dual.because)")
        #expect(expect("::1", ["::"]).reaches == true)
        // localhost: ::1 not relayed but 127.0.0.1 is: say which one to use.
        let localhost = ReachExpectation.expect(ReachTarget(source: .windows, role: .localhost, host: "localhost"),
                                                ReachConditions(mode: .nat, port: Self.port, binds: ["127.0.0.1"], running: true))
        #expect(localhost.reaches == true && localhost.because.contains("use http://127.0.0.1:18789 from Windows"), "\(localhost.because)")
    }

    @Test("native Linux: no Windows rows, and the matrix says why (not WSL, the verdict, what would say WSL) in text and JSON; WSL: no such sentence")
    func noWindowsSide() throws {
        var facts = MachineFacts(origin: .live)
        facts.addresses = [InterfaceAddress(interface: "lo", family: .inet, local: "127.0.0.1", prefixLength: 8, scope: "host")]
        func view(_ kind: EnvironmentKind, _ mode: WSLNetworkingMode? = nil) -> SituationView {
            SituationView.derive(
                facts: facts, verdict: EnvironmentVerdict(kind: kind, wslNetworkingMode: mode, confidence: .high, evidence: []),
                configuration: StartConfiguration(port: Self.port),
                observations: SituationObservations(lockPath: "/x", lock: .absent, reach: [Self.seen(.linux, .loopback, "127.0.0.1", .refused)]))
        }
        let native = view(.native).reach
        let windows = native.only([.windows])
        #expect(windows.cells.isEmpty)
        #expect(windows.headline.hasPrefix("nothing is tried from Windows: not WSL: native Linux (the verdict: native Linux (high confidence))"), "\(windows.headline)")
        #expect(windows.headline.contains("uname -r") && windows.headline.contains("WSLInterop"), "\(windows.headline)")
        guard case .object(let json) = windows.json else { Issue.record("\(windows.json)"); return }
        #expect(json["windowsNotTried"] == .string(windows.headline))
        // The doctor's lines (every side) say it once, after the Linux rows.
        #expect(native.lines().last == windows.headline, "\(native.lines())")
        #expect(native.only([.linux]).windowsNotTried == nil)
        #expect(view(.container).reach.windowsNotTried?.contains("not WSL: a container") == true)
        #expect(view(.wsl2, .mirrored).reach.windowsNotTried == nil)
        #expect(view(.unknown).reach.windowsNotTried == nil, "unknown: the Windows rows are planned and say why each was not tried")
    }
}
