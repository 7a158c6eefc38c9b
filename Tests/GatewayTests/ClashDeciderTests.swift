import Testing
#if canImport(Glibc)
import Glibc
#endif
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
    static let other = GatewayIdentity(instanceId: "other1", pid: 777, version: "9", startedAt: "t", bootId: "b", port: 18789)

    /// NetProbe's result of one probe of `host`.
    static func probe(_ host: String, _ outcome: ProbeOutcome) -> ProbeResult {
        ProbeResult(host: host, port: 18789, outcome: outcome, elapsedMicros: 1)
    }

    /// Visible Linux processes holding the port, as the port-owner table shows them (`command` split at spaces).
    static func processes(_ owners: [(pid: Int32, command: String, uid: UInt32?, address: String)]) -> PortHolder {
        .linuxProcesses(owners.map {
            PortOwner(pid: $0.pid, cmdline: $0.command.split(separator: " ").map(String.init), uid: $0.uid, inode: nil,
                      localAddress: $0.address)
        })
    }

    func decide(_ inputs: ClashInputs) -> (Int32?, String) {
        switch ClashDecider.decide(inputs) {
        case .proceed(let notes): return (nil, notes.joined(separator: "\n"))
        case .stop(let code, let message): return (code, message)
        }
    }

    @Test("held lock: 78 naming pid, instance, start time, addresses and how to stop")
    func heldLock() {
        let (code, message) = decide(.init(port: 18789, verdict: Self.native, strategy: .pidfile,
                                           lock: .held(path: "/x/gateway-18789.lock", metadata: Self.metadata),
                                           lockHolder: .verified(pid: 4242, startTime: 99)))
        #expect(code == 78)
        #expect(message.contains("kill -TERM 4242"))
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
        let probes = [Self.probe("127.0.0.1", .gateway(identity: Self.other, isSelf: false))]
        let (code, message) = decide(.init(port: 18789, verdict: Self.native, strategy: .loopbackProbe, lock: .acquired, probes: probes))
        #expect(code == 78)
        #expect(message.contains("instance other1") && !message.contains("777"), "an unconfirmed pid is never printed")
        let listening = [PortOwner(pid: 777, comm: "openclaw", uid: 0, inode: 9, localAddress: "127.0.0.1")]
        let (codeC, confirmed) = decide(.init(port: 18789, verdict: Self.native, strategy: .loopbackProbe, lock: .acquired,
                                              probes: probes, listeners: listening))
        #expect(codeC == 78 && confirmed.contains("pid 777") && confirmed.contains("kill -TERM 777"))
        let (code2, notes) = decide(.init(port: 18789, verdict: Self.mirrored, strategy: .pidfile, lock: .acquired, probes: probes))
        #expect(code2 == nil)
        #expect(notes.contains("other1") && notes.contains("does not stop"))
        let selfProbe = [Self.probe("127.0.0.1", .gateway(identity: Self.other, isSelf: true))]
        #expect(decide(.init(port: 1, verdict: Self.native, strategy: .loopbackProbe, lock: .acquired, probes: selfProbe)).0 == nil)
        let http = [Self.probe("127.0.0.1", .httpNotWebSocket(status: 404, server: nil))]
        #expect(decide(.init(port: 1, verdict: Self.native, strategy: .loopbackProbe, lock: .acquired, probes: http)).0 == nil)
    }

    @Test("EADDRINUSE with Linux holders: 75 naming pid and command")
    func linuxHolder() {
        let holder = Self.processes([(555, "python3 -m http.server", 0, "0.0.0.0")])
        let (code, message) = decide(.init(port: 8000, verdict: Self.native, strategy: .loopbackProbe, lock: .acquired,
                                           bind: .addressInUse(address: "127.0.0.1"), holder: holder))
        #expect(code == 75)
        #expect(message.contains("pid 555") && message.contains("python3 -m http.server"))
        #expect(!message.lowercased().contains("gateway already running"))
    }

    @Test("EADDRINUSE where the holder answers as a gateway: 78 (verified identity)")
    func verifiedHolder() {
        let holder = Self.processes([(777, "openclaw gateway run", 0, "127.0.0.1")])
        let probes = [Self.probe("127.0.0.1", .gateway(identity: Self.other, isSelf: false))]
        let listening = [PortOwner(pid: 777, comm: "openclaw", uid: 0, inode: 9, localAddress: "127.0.0.1")]
        let (code, message) = decide(.init(port: 18789, verdict: Self.mirrored, strategy: .pidfile, lock: .acquired,
                                           probes: probes, bind: .addressInUse(address: "127.0.0.1"), holder: holder,
                                           listeners: listening))
        #expect(code == 78)
        #expect(message.contains("pid 777") && message.contains("other1") && message.contains("kill -TERM 777"))
    }

    // Issue 23 item 7: a pid from a peer (identity document or lock metadata) is a claim. It is printed, and
    // `kill -TERM` advised, only when the kernel confirms it; otherwise the holder is unverified and the message says
    // what the socket tables show.
    static let claimsPidOne = GatewayIdentity(instanceId: "liar", pid: 1, version: "9", startedAt: "t", bootId: "b", port: 18789)
    static let bobsListener = [PortOwner(pid: nil, user: "bob", uid: 1001, inode: 424242, localAddress: "127.0.0.1")]

    @Test("item 7: a peer claiming pid 1 gets no kill advice from the probe, the note or EADDRINUSE; the tables are named")
    func claimedPidOne() {
        let probes = [Self.probe("127.0.0.1", .gateway(identity: Self.claimsPidOne, isSelf: false))]
        let visibleOther = [PortOwner(pid: 3131, comm: "python3", user: "bob", uid: 1001, inode: 5150, localAddress: "127.0.0.1")]
        for listeners in [nil, [], Self.bobsListener, visibleOther] as [[PortOwner]?] {
            let (code, message) = decide(.init(port: 18789, verdict: Self.native, strategy: .loopbackProbe, lock: .acquired,
                                               probes: probes, listeners: listeners))
            #expect(code == 78)
            #expect(!message.contains("kill -TERM") && !message.contains("pid 1 ") && !message.contains("pid 1,"), "\(message)")
            #expect(message.contains("unverified"), "\(message)")
            let (_, notes) = decide(.init(port: 18789, verdict: Self.native, strategy: .pidfile, lock: .acquired,
                                          probes: probes, listeners: listeners))
            #expect(!notes.contains("pid 1"), "\(notes)")
            let (bindCode, bindMessage) = decide(.init(
                port: 18789, verdict: Self.native, strategy: .pidfile, lock: .acquired, probes: probes,
                bind: .addressInUse(address: "127.0.0.1"),
                holder: Self.processes([(3131, "python3", 1001, "127.0.0.1")]),
                listeners: listeners))
            #expect(bindCode == 75 && !bindMessage.contains("kill -TERM"), "\(bindMessage)")
        }
        let (_, hidden) = decide(.init(port: 18789, verdict: Self.native, strategy: .loopbackProbe, lock: .acquired,
                                       probes: probes, listeners: Self.bobsListener))
        #expect(hidden.contains("inode 424242") && hidden.contains("uid 1001 bob") && hidden.contains("not visible to this user"), "\(hidden)")
        let (_, visible) = decide(.init(port: 18789, verdict: Self.native, strategy: .loopbackProbe, lock: .acquired,
                                        probes: probes, listeners: visibleOther))
        #expect(visible.contains("inode 5150") && visible.contains("pid 3131 python3"), "\(visible)")
    }

    @Test("item 7: a held lock whose holder is not verified prints no pid and no kill advice, whatever the metadata claims")
    func unverifiedLockHolder() {
        var forged = Self.metadata
        forged.pid = 1
        for holder in [nil, .notHeld, .unverifiable("/proc/locks cannot be read"),
                       .mismatch("the lock holder, pid 3131, runs /usr/bin/python3.11, not an OpenClaw gateway")] as [GatewayStopper.HolderVerification?] {
            let (code, message) = decide(.init(port: 18789, verdict: Self.native, strategy: .pidfile,
                                               lock: .held(path: "/x/gateway-18789.lock", metadata: forged),
                                               lockHolder: holder, listeners: Self.bobsListener))
            #expect(code == 78)
            #expect(!message.contains("kill -TERM") && !message.contains("pid 1,") && !message.contains("pid 1 "), "\(message)")
            #expect(message.contains("unverified") && message.contains("inode 424242"), "\(message)")
        }
    }

    @Test("mirrored EADDRINUSE with an empty owner table: held outside Linux, 75, Windows hints")
    func mirroredOutsideLinux() {
        let (code, message) = decide(.init(port: 18789, verdict: Self.mirrored, strategy: .pidfile, lock: .acquired,
                                           bind: .addressInUse(address: "127.0.0.1"),
                                           holder: PortHolder.afterAddressInUse(owners: [])))
        #expect(code == 75)
        #expect(message.contains("no Linux process holds it"))
        #expect(message.contains("netstat -ano | findstr :18789"))
        #expect(message.contains("ignoredPorts") && message.contains("[experimental]"))
        let (nativeCode, nativeMessage) = decide(.init(port: 18789, verdict: Self.native, strategy: .loopbackProbe, lock: .acquired,
                                                       bind: .addressInUse(address: "127.0.0.1"), holder: .outsideLinux))
        #expect(nativeCode == 75)
        #expect(!nativeMessage.contains("netstat -ano"))
    }

    @Test("hidden holder names the uid; other bind errors exit 1")
    func hiddenAndErrors() {
        let (code, message) = decide(.init(port: 80, verdict: Self.native, strategy: .pidfile, lock: .acquired,
                                           bind: .addressInUse(address: "127.0.0.1"), holder: .hiddenLinuxProcess(uid: 33)))
        #expect(code == 75 && message.contains("uid 33"))
        let (code2, message2) = decide(.init(port: 80, verdict: Self.native, strategy: .pidfile, lock: .acquired,
                                             bind: .failed(address: "10.9.9.9", errno: EADDRNOTAVAIL)))
        #expect(code2 == 1 && message2.contains("10.9.9.9:80") && message2.contains("not assigned"))
    }

    @Test("never 'another gateway instance' from EADDRINUSE or an HTTP answer alone")
    func neverFromAddressInUseAlone() {
        let holders: [PortHolder?] = [nil, .outsideLinux, .hiddenLinuxProcess(uid: 1),
            Self.processes([(1, "x", 0, "a")])]
        let probes: [[ProbeResult]] = [[], [Self.probe("127.0.0.1", .httpNotWebSocket(status: 200, server: nil))],
                                        [Self.probe("127.0.0.1", .timeout)]]
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
