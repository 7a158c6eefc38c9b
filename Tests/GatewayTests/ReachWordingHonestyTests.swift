import NetProbe
import Testing
@testable import Gateway

/// What the matrix and the planner say must be what is known: an unread lock is unknown (as `gateway.lock` says),
/// native Linux's cells follow Linux's rules, and a refusal names the bind mode as it was given or defaulted.
@Suite("Reach and plan wording: only what is known")
struct ReachWordingHonestyTests {
    static let facts = CaptureReader.parse(text: """
        ### ip-addr
        1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
            inet 127.0.0.1/8 scope host lo
        """, file: "/t/wording.txt")
    static let native = EnvironmentVerdict(kind: .native, confidence: .high, evidence: [])
    static let refused = ReachObservation(target: ReachTarget(source: .linux, role: .loopback, host: "127.0.0.1"),
                                          result: ProbeResult(host: "127.0.0.1", port: 18789, outcome: .refused, elapsedMicros: 50))

    static func view(lock: LockState?) -> SituationView {
        SituationView.derive(facts: facts, verdict: native, configuration: StartConfiguration(),
                             observations: SituationObservations(lockPath: "/t/gateway-18789.lock", lock: lock, reach: [refused]))
    }

    @Test("a lock that was not read is unknown in the matrix too: never 'no gateway holds the lock'")
    func unreadLockIsUnknown() throws {
        let unread = try #require(Self.view(lock: nil).reach.cell(.linux, "127.0.0.1"))
        #expect(!unread.explanation.joined().contains("no gateway holds the lock"), "\(unread.explanation)")
        #expect(unread.explanation.joined().contains("whether a gateway holds the lock is unknown"), "\(unread.explanation)")
        let free = try #require(Self.view(lock: .free(metadata: nil)).reach.cell(.linux, "127.0.0.1"))
        #expect(free.explanation.joined().contains("no gateway holds the lock"), "\(free.explanation)")
        #expect(free.status == unread.status)
    }

    @Test("a not-tried cell on native Linux follows Linux's rules, not WSL's")
    func nativeNotTried() throws {
        let target = ReachTarget(source: .linux, role: .lanAddress, host: "192.168.1.5")
        for (mode, words) in [(ReachConditions.Mode.native, "by Linux's rules"), (.container, "by Linux's rules"),
                              (.nat, "by WSL's rules"), (.unknown, "by the rules of an unknown environment")] {
            let m = ReachMatrix.judge([ReachObservation(target: target, notTried: "no LAN address")],
                                      conditions: ReachConditions(mode: mode, port: 18789, binds: ["127.0.0.1"], running: false))
            let cell = try #require(m.cells.first)
            #expect(cell.explanation.first?.hasPrefix("\(words), if tried: ") == true, "\(mode): \(cell.explanation)")
        }
    }

    @Test("--bind-host without --bind custom names the mode as it came: typed, defaulted, from a variable or a file")
    func bindHostRefusalNamesTheOrigin() throws {
        func message(_ source: ConfigSource?, _ mode: BindMode = .loopback) throws -> String {
            var c = StartConfiguration()
            c.bindMode = mode
            c.bindHost = "10.0.0.5"
            c.bindModeSource = source
            guard case .failure(let refusal) = StartPlanner.plan(verdict: Self.native, configuration: c) else {
                Issue.record("no refusal")
                return ""
            }
            return refusal.message
        }
        let defaulted = try message(.fallback)
        #expect(defaulted.contains("--bind was not given: it defaults to loopback") && !defaulted.contains("got --bind"), "\(defaulted)")
        #expect(try message(.option, .lan).contains("(got --bind lan)"))
        #expect(try message(.environment(variable: "OPENCLAW_GATEWAY_BIND"), .lan).contains("got OPENCLAW_GATEWAY_BIND=lan"))
        #expect(try message(.file(path: "/s/openclaw.json", line: 3)).contains("got gateway.bind \"loopback\" from /s/openclaw.json line 3"))
    }
}
