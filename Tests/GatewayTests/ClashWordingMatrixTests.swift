import NetProbe
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Gateway
@testable import GatewayServer

/// Every message and note the clash decision can produce, over a matrix of inputs built through the real adapters
/// (NetProbe `ProbeResult`s, a `PortOwner` list -> `PortHolder.afterAddressInUse`): gateway wording only when
/// a process holds the lock or a probe verified another gateway's identity (upstream 53877).
@Suite("Clash wording matrix")
struct ClashWordingMatrixTests {
    /// Phrases that claim a gateway is running (lowercased).
    static let gatewayClaims = ["another gateway", "gateway instance", "already running", "as openclaw gateway",
                                "a gateway running", "gateway already"]

    static let foreign = GatewayIdentity(instanceId: "foreign1", pid: 777, version: "9", startedAt: "t", bootId: "b", port: 18789)

    static func finding(_ host: String, _ outcome: ProbeOutcome) -> ProbeResult {
        ProbeResult(host: host, port: 18789, outcome: outcome, elapsedMicros: 1)
    }

    static let outcomes: [ProbeOutcome] = [
        .refused, .timeout, .selfConnect, .reset, .notHTTP(preview: "SSH-2.0"),
        .httpNotWebSocket(status: 200, server: "python"), .httpNotWebSocket(status: 404, server: nil),
        .websocketNotGateway(reason: "no challenge"), .unreachable(error: "EADDRNOTAVAIL"),
        .gateway(identity: GatewayIdentity(instanceId: "me"), isSelf: true),
        .gateway(identity: foreign, isSelf: false),
    ]

    static var probeSets: [[ProbeResult]] {
        var sets: [[ProbeResult]] = [[]]
        for outcome in outcomes {
            sets.append([finding("127.0.0.1", outcome)])
            sets.append([finding("127.0.0.1", .refused), finding("::1", outcome)])
        }
        sets.append([finding("127.0.0.1", .httpNotWebSocket(status: 200, server: nil)), finding("::1", .timeout)])
        return sets
    }

    static var holders: [PortHolder?] {
        let python = PortOwner(pid: 555, comm: "python3", cmdline: ["python3", "-m", "http.server"], uid: 1000, inode: 1,
                               localAddress: "0.0.0.0")
        let hidden = PortOwner(pid: nil, uid: 33, inode: 2, localAddress: "127.0.0.1")
        let me = PortOwner(pid: 1, comm: "openclaw", uid: 0, inode: 3, localAddress: "127.0.0.1", isSelf: true)
        let foreignGateway = PortOwner(pid: 777, comm: "openclaw", cmdline: ["openclaw", "gateway", "run"], uid: 1000, inode: 4,
                                       localAddress: "127.0.0.1")
        return [
            nil,
            PortHolder.afterAddressInUse(owners: []),                 // empty owner table
            PortHolder.afterAddressInUse(owners: [me]),               // only this process: filtered to empty
            PortHolder.afterAddressInUse(owners: [python]),           // a foreign owner
            PortHolder.afterAddressInUse(owners: [hidden]),
            PortHolder.afterAddressInUse(owners: [hidden, python]),
            PortHolder.afterAddressInUse(owners: [foreignGateway]),   // pid matches the foreign identity
            .linuxProcesses([]),
        ]
    }

    static let binds: [BindOutcome?] = [
        nil, .succeeded, .addressInUse(address: "127.0.0.1"), .addressInUse(address: "::1"),
        .failed(address: "127.0.0.1", errno: EACCES),
    ]

    static let metadata = InstanceMetadata(
        pid: 4242, processStartTime: 1, bootId: "b", instanceId: "holder1", port: 18789, bindAddresses: ["127.0.0.1"],
        strategy: "pidfile", version: "1", startedAt: "t", status: .ready)

    static let locks: [LockOutcome] = [
        .acquired, .held(path: "/l", metadata: metadata), .held(path: "/l", metadata: nil),
        .refused(.symlink(path: "/l")), .refused(.system(call: "open", path: "/l", errno: 5)),
    ]

    static var verdicts: [EnvironmentVerdict] {
        var list = [EnvironmentKind.native, .container, .wsl1, .unknown].map {
            EnvironmentVerdict(kind: $0, confidence: .high, evidence: [])
        }
        list += WSLNetworkingMode.allCases.map { EnvironmentVerdict(kind: .wsl2, wslNetworkingMode: $0, confidence: .high, evidence: []) }
        list.append(EnvironmentVerdict(kind: .wsl2, confidence: .low, evidence: []))
        return list
    }

    @Test("no gateway wording without a lock holder or a verified identity, over every combination")
    func matrix() {
        var failures: [String] = []
        var decisions = 0
        var claimsSeen = 0
        for lock in Self.locks {
            var lockHeld = false
            var lockRefused = false
            switch lock {
            case .held: lockHeld = true
            case .refused: lockRefused = true
            case .acquired: break
            }
            for probes in Self.probeSets {
                let verified = probes.contains {
                    if case .gateway(_, let isSelf) = $0.outcome { return !isSelf }
                    return false
                }
                for bind in Self.binds {
                    for holder in Self.holders {
                        for verdict in Self.verdicts {
                            for strategy in InstanceCheckStrategy.allCases {
                                let inputs = ClashInputs(port: 18789, verdict: verdict, strategy: strategy, lock: lock,
                                                         probes: probes, bind: bind, holder: holder)
                                let decision = ClashDecider.decide(inputs)
                                decisions += 1
                                let (code, text): (Int32?, String)
                                switch decision {
                                case .proceed(let notes): (code, text) = (nil, notes.joined(separator: "\n"))
                                case .stop(let c, let message): (code, text) = (c, message)
                                }
                                let lower = text.lowercased()
                                let claims = Self.gatewayClaims.filter { lower.contains($0) }
                                if !claims.isEmpty { claimsSeen += 1 }
                                if !lockHeld && !verified {
                                    if !claims.isEmpty {
                                        failures.append("\(claims) in \(text)\n  from \(inputs)")
                                    }
                                    // 78 without a holder or identity only for a refused (unsafe) lock.
                                    if code == GatewayExit.config && !lockRefused {
                                        failures.append("exit 78 without a lock holder or verified identity: \(text)\n  from \(inputs)")
                                    }
                                }
                                if case .addressInUse? = bind, case .acquired = lock, !verified, code != GatewayExit.portHeld {
                                    // A loopback-probe start stops at the probe only for a verified identity.
                                    failures.append("EADDRINUSE without identity must exit 75, got \(code.map(String.init) ?? "proceed")")
                                }
                            }
                        }
                    }
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) bad decisions of \(decisions), first: \(failures.prefix(5).joined(separator: "\n"))")
        // The phrases are really produced where they are allowed (so the scan can fail).
        #expect(claimsSeen > 0)
        #expect(decisions > 10_000)
    }
}
