import Testing
import NetProbe
@testable import Gateway
@testable import GatewayServer

@Suite("Start planner")
struct StartPlannerTests {
    static func verdict(_ kind: EnvironmentKind, _ mode: WSLNetworkingMode? = nil) -> EnvironmentVerdict {
        EnvironmentVerdict(kind: kind, wslNetworkingMode: mode, confidence: .high, evidence: [])
    }

    static let autoRows: [(EnvironmentKind, WSLNetworkingMode?, InstanceCheckStrategy)] = [
        (.native, nil, .loopbackProbe),
        (.wsl1, nil, .loopbackProbe),
        (.wsl2, .nat, .loopbackProbe),
        (.wsl2, .bridged, .loopbackProbe),
        (.wsl2, .mirrored, .pidfile),
        (.wsl2, .virtioproxy, .pidfile),
        (.wsl2, WSLNetworkingMode.none, .pidfile),
        (.wsl2, .unknown, .pidfile),
        (.wsl2, nil, .pidfile),
        (.unknown, nil, .pidfile),
        (.container, nil, .loopbackProbe),
    ]

    @Test("auto strategy for every environment row", arguments: 0..<autoRows.count)
    func autoStrategy(row: Int) throws {
        let (kind, mode, expected) = Self.autoRows[row]
        let plan = try StartPlanner.plan(verdict: Self.verdict(kind, mode), configuration: StartConfiguration()).get()
        #expect(plan.strategy == expected)
        #expect(plan.reasons.contains { $0.hasPrefix("instance check \(expected.rawValue)") })
        #expect(plan.reasons.contains("the instance lock (flock) is taken in every strategy"))
        #expect(plan.bindAddresses == ["127.0.0.1", "::1"])
    }

    @Test("forced strategies override the environment")
    func forced() throws {
        let mirrored = Self.verdict(.wsl2, .mirrored)
        let probe = try StartPlanner.plan(verdict: mirrored, configuration: .init(instanceCheck: .loopbackProbe)).get()
        #expect(probe.strategy == .loopbackProbe)
        #expect(probe.reasons.contains { $0.hasPrefix("warning:") && $0.contains("mirrored") })
        let pid = try StartPlanner.plan(verdict: Self.verdict(.native), configuration: .init(instanceCheck: .pidfile)).get()
        #expect(pid.strategy == .pidfile)
        #expect(!pid.reasons.contains { $0.hasPrefix("warning:") })
    }

    @Test("loopback binds ::1 only where available")
    func loopbackIPv6() throws {
        let without = try StartPlanner.plan(verdict: Self.verdict(.native), configuration: .init(ipv6LoopbackAvailable: false)).get()
        #expect(without.bindAddresses == ["127.0.0.1"])
    }

    @Test("container: bind auto means 0.0.0.0 and needs a token")
    func containerAuto() throws {
        let container = Self.verdict(.container)
        let refused = StartPlanner.plan(verdict: container, configuration: .init(bindMode: .auto))
        #expect(refused.map(\.bindAddresses).mapError { PlanRefusalText($0.message) } == .failure(PlanRefusalText(
            "Refusing to bind gateway to 0.0.0.0 without auth. Set --token or OPENCLAW_GATEWAY_TOKEN, or use --bind loopback.")))
        let plan = try StartPlanner.plan(verdict: container, configuration: .init(bindMode: .auto, tokenPresent: true)).get()
        #expect(plan.bindAddresses == ["0.0.0.0"])
        #expect(plan.strategy == .loopbackProbe)
        let native = try StartPlanner.plan(verdict: Self.verdict(.native), configuration: .init(bindMode: .auto)).get()
        #expect(native.bindAddresses == ["127.0.0.1", "::1"])
    }

    @Test("lan and custom addresses need a token unless loopback")
    func auth() throws {
        let v = Self.verdict(.native)
        guard case .failure(let lan) = StartPlanner.plan(verdict: v, configuration: .init(bindMode: .lan)) else {
            Issue.record("lan without token must be refused"); return
        }
        #expect(lan.message.hasPrefix("Refusing to bind gateway to 0.0.0.0 without auth"))
        #expect(try StartPlanner.plan(verdict: v, configuration: .init(bindMode: .lan, tokenPresent: true)).get().bindAddresses == ["0.0.0.0"])
        guard case .failure(let custom) = StartPlanner.plan(verdict: v, configuration: .init(bindMode: .custom, bindHost: "192.168.1.5")) else {
            Issue.record("custom LAN address without token must be refused"); return
        }
        #expect(custom.message.contains("192.168.1.5"))
        #expect(try StartPlanner.plan(verdict: v, configuration: .init(bindMode: .custom, bindHost: "127.0.0.2")).get().bindAddresses == ["127.0.0.2"])
        #expect(try StartPlanner.plan(verdict: v, configuration: .init(bindMode: .custom, bindHost: "::1")).get().bindAddresses == ["::1"])
    }

    @Test("malformed bind options are refused")
    func malformed() {
        let v = Self.verdict(.native)
        #expect(throws: PlanRefusal.self) { try StartPlanner.plan(verdict: v, configuration: .init(bindMode: .custom)).get() }
        #expect(throws: PlanRefusal.self) {
            try StartPlanner.plan(verdict: v, configuration: .init(bindMode: .custom, bindHost: "localhost", tokenPresent: true)).get()
        }
        #expect(throws: PlanRefusal.self) {
            try StartPlanner.plan(verdict: v, configuration: .init(bindMode: .loopback, bindHost: "127.0.0.1")).get()
        }
    }

    @Test("IP literal recognition")
    func ipText() {
        #expect(IPAddressText.isLoopback("127.0.0.1"))
        #expect(IPAddressText.isLoopback("127.9.9.9"))
        #expect(IPAddressText.isLoopback("::1"))
        #expect(IPAddressText.isLoopback("::ffff:127.0.0.1"))
        #expect(!IPAddressText.isLoopback("0.0.0.0"))
        #expect(!IPAddressText.isLoopback("::"))
        #expect(!IPAddressText.isLoopback("128.0.0.1"))
        #expect(!IPAddressText.isLoopback("localhost"))
        #expect(IPAddressText.hostPort("::1", 5) == "[::1]:5")
        #expect(IPAddressText.hostPort("127.0.0.1", 5) == "127.0.0.1:5")
    }
}

/// A refusal's sentence, for comparing `Result`s by message.
private struct PlanRefusalText: Error, Equatable {
    var text: String
    init(_ text: String) { self.text = text }
}
