import Testing
import NetProbe
@testable import Gateway
@testable import GatewayServer

@Suite("Clash decision")
struct ClashDeciderTests {
    static let native = EnvironmentVerdict(kind: .native, confidence: .high, evidence: [])
    static let mirrored = EnvironmentVerdict(kind: .wsl2, wslNetworkingMode: .mirrored, confidence: .high, evidence: [])
    static let metadata = InstanceMetadata(
        pid: 4242, processStartTime: 99, bootId: "b", instanceId: "abc123", port: 18789,
        bindAddresses: ["127.0.0.1", "::1"], strategy: "pidfile", version: "0.1.0", startedAt: "2026-01-01T00:00:00Z",
        status: .ready)
    static let other = IdentityDocument(instanceId: "other1", pid: 777, version: "9", startedAt: "t", bootId: "b", port: 18789)

    func decide(_ inputs: ClashInputs) -> (Int32?, String) {
        switch ClashDecider.decide(inputs) {
        case .proceed(let notes): return (nil, notes.joined(separator: "\n"))
        case .stop(let code, let message): return (code, message)
        }
    }

    @Test("held lock: 78 naming pid, instance, start time, addresses and how to stop")
    func heldLock() {
        let (code, message) = decide(.init(port: 18789, verdict: Self.native, strategy: .pidfile,
                                           lock: .held(path: "/x/gateway-18789.lock", metadata: Self.metadata)))
        #expect(code == 78)
        for part in ["pid 4242", "instance abc123", "2026-01-01T00:00:00Z", "127.0.0.1:18789", "[::1]:18789",
                     "openclaw gateway stop --port 18789"] {
            #expect(message.contains(part), "missing \(part)")
        }
        let (code2, message2) = decide(.init(port: 1, verdict: Self.native, strategy: .pidfile, lock: .held(path: "/p", metadata: nil)))
        #expect(code2 == 78)
        #expect(message2.contains("/p"))
    }

    @Test("refused lock: 78 for unsafe paths, 1 for I/O errors")
    func refusedLock() {
        #expect(decide(.init(port: 1, verdict: Self.native, strategy: .pidfile, lock: .refused(.symlink(path: "/d")))).0 == 78)
        #expect(decide(.init(port: 1, verdict: Self.native, strategy: .pidfile,
                             lock: .refused(.foreignOwner(path: "/d", uid: 65534, expectedUid: 0)))).0 == 78)
        #expect(decide(.init(port: 1, verdict: Self.native, strategy: .pidfile,
                             lock: .refused(.system(call: "open", path: "/d", errno: 30)))).0 == 1)
    }

    @Test("a foreign gateway answer stops a loopback-probe start, and is only a note under pidfile")
    func probedGateway() {
        let probes = [ProbeFinding(host: "127.0.0.1", outcome: .gateway(Self.other, isSelf: false))]
        let (code, message) = decide(.init(port: 18789, verdict: Self.native, strategy: .loopbackProbe, lock: .acquired, probes: probes))
        #expect(code == 78)
        #expect(message.contains("instance other1") && message.contains("pid 777"))
        let (code2, notes) = decide(.init(port: 18789, verdict: Self.mirrored, strategy: .pidfile, lock: .acquired, probes: probes))
        #expect(code2 == nil)
        #expect(notes.contains("other1") && notes.contains("does not stop"))
        let selfProbe = [ProbeFinding(host: "127.0.0.1", outcome: .gateway(Self.other, isSelf: true))]
        #expect(decide(.init(port: 1, verdict: Self.native, strategy: .loopbackProbe, lock: .acquired, probes: selfProbe)).0 == nil)
        let http = [ProbeFinding(host: "127.0.0.1", outcome: .otherService("http-not-websocket (HTTP 404)"))]
        #expect(decide(.init(port: 1, verdict: Self.native, strategy: .loopbackProbe, lock: .acquired, probes: http)).0 == nil)
    }

    @Test("EADDRINUSE with Linux holders: 75 naming pid and command")
    func linuxHolder() {
        let holder = PortHolderFinding.processes([PortHolderProcess(pid: 555, command: "python3 -m http.server", uid: 0, localAddress: "0.0.0.0")])
        let (code, message) = decide(.init(port: 8000, verdict: Self.native, strategy: .loopbackProbe, lock: .acquired,
                                           bind: .addressInUse(address: "127.0.0.1"), holder: holder))
        #expect(code == 75)
        #expect(message.contains("pid 555") && message.contains("python3 -m http.server"))
        #expect(!message.lowercased().contains("gateway already running"))
    }

    @Test("EADDRINUSE where the holder answers as a gateway: 78 (verified identity)")
    func verifiedHolder() {
        let holder = PortHolderFinding.processes([PortHolderProcess(pid: 777, command: "openclaw gateway run", uid: 0, localAddress: "127.0.0.1")])
        let probes = [ProbeFinding(host: "127.0.0.1", outcome: .gateway(Self.other, isSelf: false))]
        let (code, message) = decide(.init(port: 18789, verdict: Self.mirrored, strategy: .pidfile, lock: .acquired,
                                           probes: probes, bind: .addressInUse(address: "127.0.0.1"), holder: holder))
        #expect(code == 78)
        #expect(message.contains("pid 777") && message.contains("other1"))
    }

    @Test("mirrored EADDRINUSE with an empty owner table: held outside Linux, 75, Windows hints")
    func mirroredOutsideLinux() {
        let (code, message) = decide(.init(port: 18789, verdict: Self.mirrored, strategy: .pidfile, lock: .acquired,
                                           bind: .addressInUse(address: "127.0.0.1"),
                                           holder: PortHolderFinding(owners: [])))
        #expect(code == 75)
        #expect(message.contains("no Linux process holds it"))
        #expect(message.contains("netstat -ano | findstr :18789"))
        #expect(message.contains("ignoredPorts") && message.contains("[experimental]"))
        let (nativeCode, nativeMessage) = decide(.init(port: 18789, verdict: Self.native, strategy: .loopbackProbe, lock: .acquired,
                                                       bind: .addressInUse(address: "127.0.0.1"), holder: .noLinuxListener))
        #expect(nativeCode == 75)
        #expect(!nativeMessage.contains("netstat -ano"))
    }

    @Test("hidden holder names the uid; other bind errors exit 1")
    func hiddenAndErrors() {
        let (code, message) = decide(.init(port: 80, verdict: Self.native, strategy: .pidfile, lock: .acquired,
                                           bind: .addressInUse(address: "127.0.0.1"), holder: .hiddenProcess(uid: 33)))
        #expect(code == 75 && message.contains("uid 33"))
        let (code2, message2) = decide(.init(port: 80, verdict: Self.native, strategy: .pidfile, lock: .acquired,
                                             bind: .failed(address: "10.9.9.9", errno: EADDRNOTAVAIL_CODE)))
        #expect(code2 == 1 && message2.contains("10.9.9.9:80") && message2.contains("not assigned"))
    }

    @Test("never 'another gateway instance' from EADDRINUSE or an HTTP answer alone")
    func neverFromAddressInUseAlone() {
        let holders: [PortHolderFinding?] = [nil, .noLinuxListener, .hiddenProcess(uid: 1),
            .processes([PortHolderProcess(pid: 1, command: "x", uid: 0, localAddress: "a")])]
        let probes: [[ProbeFinding]] = [[], [ProbeFinding(host: "127.0.0.1", outcome: .otherService("http 200"))],
                                        [ProbeFinding(host: "127.0.0.1", outcome: .noListener("timeout"))]]
        for verdict in [Self.native, Self.mirrored] {
            for strategy in InstanceCheckStrategy.allCases {
                for holder in holders {
                    for p in probes {
                        let (code, message) = decide(.init(port: 1, verdict: verdict, strategy: strategy, lock: .acquired,
                                                           probes: p, bind: .addressInUse(address: "127.0.0.1"), holder: holder))
                        #expect(code == 75)
                        #expect(!message.lowercased().contains("gateway already running"))
                        #expect(!message.lowercased().contains("another gateway instance"))
                    }
                }
            }
        }
    }
}
