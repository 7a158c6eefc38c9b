import Foundation
import Glibc
import Testing
@testable import NetProbe
@testable import NetProbeLive
import TestSupport

@Suite("Port owners from /proc")
struct PortOwnerTests {
    @Test("a listener of this test process is found with our pid and isSelf")
    func ownListener() throws {
        let (fd, port) = try TestSockets.listen(host: "127.0.0.1", port: 0)
        defer { _ = close(fd) }
        let owners = PortOwners.listeners(port: port)
        let mine = try #require(owners.first { $0.pid == getpid() })
        #expect(mine.isSelf)
        #expect(mine.localAddress == "127.0.0.1")
        #expect(mine.uid == getuid())
        #expect(mine.user == PortOwners.userName(uid: getuid()))
        #expect(mine.comm?.isEmpty == false)
        #expect(mine.cmdline?.first?.isEmpty == false)
        #expect(owners.count == 1)
    }

    @Test("an IPv6 listener is found on ::1", .enabled(if: TestSockets.hasIPv6Loopback, "no ::1 here"))
    func ipv6Listener() throws {
        let (fd, port) = try TestSockets.listen(host: "::1", port: 0)
        defer { _ = close(fd) }
        let owners = PortOwners.listeners(port: port)
        #expect(owners.map(\.localAddress) == ["::1"])
        #expect(owners.first?.isSelf == true)
    }

    @Test("a child process's listener is found with the child's pid and command line")
    func childListener() async throws {
        let script = "import socket,time\ns=socket.socket()\ns.bind(('127.0.0.1',0))\ns.listen()\n"
            + "print(s.getsockname()[1],flush=True)\ntime.sleep(600)\n"
        let child = try SpawnedChild.start("/usr/bin/env", ["python3", "-c", script, "netprobe-port-owner-test"])
        defer { child.terminate() }
        try #require(await child.waitForOutput("\n"), "python3 printed no port: \(child.stderr)")
        let line = child.stdout.split(separator: "\n").first.map(String.init) ?? ""
        let port = try #require(UInt16(line))
        let owners = PortOwners.listeners(port: port)
        let owner = try #require(owners.first)
        #expect(owners.count == 1)
        #expect(owner.pid == child.pid)
        #expect(!owner.isSelf)
        #expect(owner.cmdline?.last == "netprobe-port-owner-test")
        #expect(owner.cmdline?.contains("-c") == true)
        #expect(owner.comm?.hasPrefix("python") == true)
        #expect(owner.summary.contains("pid \(child.pid)"))
    }

    @Test("exact port match: a listener on a port whose digits contain P's is not an owner of P")
    func exactMatch() throws {
        // Find P (4 digits) and Q = P*10+d (5 digits, ephemeral range) that are both free, and listen on both.
        for _ in 0..<50 {
            let (qfd, q) = try TestSockets.listen(host: "127.0.0.1", port: 0)
            guard q >= 10000 else { _ = close(qfd); continue }
            let p = q / 10
            guard let (pfd, _) = try? TestSockets.listen(host: "127.0.0.1", port: p) else { _ = close(qfd); continue }
            defer { _ = close(pfd); _ = close(qfd) }
            #expect(String(q).contains(String(p)))
            let owners = PortOwners.listeners(port: p)
            #expect(owners.count == 1)
            let inodeP = try #require(owners.first?.inode)
            let ownersQ = PortOwners.listeners(port: q)
            #expect(ownersQ.count == 1)
            #expect(ownersQ.first?.inode != inodeP)
            return
        }
        Issue.record("found no free pair of ports P and P*10+d")
    }

    @Test("a connected (non-listening) socket on the port is not an owner")
    func onlyListeners() throws {
        let peer = try TestPeer { fd, peer in peer.hold(fd) }
        defer { peer.stop() }
        let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { _ = close(client) }
        _ = SocketAddress(host: "127.0.0.1", port: peer.port)?.withSockaddr { connect(client, $0, $1) }
        let owners = PortOwners.listeners(port: peer.port)
        #expect(owners.count == 1)  // the listener, not the accepted or the client socket
    }

    @Test("a fake /proc: inode to pid through fd links, unreadable and foreign entries skipped, hidden holders")
    func fakeProc() throws {
        let root = TestDirectory.make("netprobe-proc")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fm = FileManager.default
        try fm.createDirectory(atPath: "\(root)/net", withIntermediateDirectories: true)
        let header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
        let tcp = header
            + "   0: 0100007F:4965 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 111 1 0 100 0 0 10 0\n"
            + "   1: 00000000:4965 00000000:0000 0A 00000000:00000000 00:00000000 00000000  4242        0 222 1 0 100 0 0 10 0\n"
            + "   2: 0100007F:E9AC 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 333 1 0 100 0 0 10 0\n"
        try tcp.write(toFile: "\(root)/net/tcp", atomically: true, encoding: .utf8)
        // Two processes share inode 111 (a forked server); pid 20 has an unrelated socket; "self" is no pid.
        for (pid, links) in [("10", ["socket:[111]", "/dev/null"]), ("11", ["socket:[111]"]), ("20", ["socket:[333]"]),
                             ("self", ["socket:[222]"])] {
            try fm.createDirectory(atPath: "\(root)/\(pid)/fd", withIntermediateDirectories: true)
            for (index, target) in links.enumerated() {
                try fm.createSymbolicLink(atPath: "\(root)/\(pid)/fd/\(index)", withDestinationPath: target)
            }
        }
        try "server\n".write(toFile: "\(root)/10/comm", atomically: true, encoding: .utf8)
        try Data("/usr/bin/server\0--port\018789\0".utf8).write(to: URL(fileURLWithPath: "\(root)/10/cmdline"))
        // pid 30 has no fd directory at all (like an unreadable one).
        try fm.createDirectory(atPath: "\(root)/30", withIntermediateDirectories: true)

        let owners = PortOwners.listeners(port: 18789, procRoot: root)
        #expect(owners.count == 3)
        let hidden = try #require(owners.first { $0.pid == nil })
        #expect(hidden.uid == 4242 && hidden.inode == 222 && hidden.localAddress == "0.0.0.0")
        #expect(hidden.summary == "uid 4242, process not visible (0.0.0.0)")
        let visible = owners.filter { $0.pid != nil }
        #expect(visible.map(\.pid) == [10, 11])
        #expect(visible[0].comm == "server")
        #expect(visible[0].cmdline == ["/usr/bin/server", "--port", "18789"])
        #expect(visible[1].comm == nil && visible[1].cmdline == nil)
        #expect(visible.allSatisfy { $0.inode == 111 && !$0.isSelf })
        #expect(PortOwners.listeners(port: 1, procRoot: root).isEmpty)
        #expect(PortOwners.listeners(port: 18789, procRoot: "\(root)/missing").isEmpty)
    }

    @Test("a fake /proc: the verified holder's own fd first; the full scan when it does not hold every socket")
    func verifiedHolderFirst() throws {
        let root = TestDirectory.make("netprobe-proc-holder")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fm = FileManager.default
        try fm.createDirectory(atPath: "\(root)/net", withIntermediateDirectories: true)
        let header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
        // Port 18790 (0x4966): two sockets (127.0.0.1 and 0.0.0.0), both held by pids 40 and 41 (a fork).
        // Port 18791 (0x4967): 555 held by 40 and 50, 666 by 50 only.
        let tcp = header
            + "   0: 0100007F:4966 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 444 1 0 100 0 0 10 0\n"
            + "   1: 00000000:4966 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 445 1 0 100 0 0 10 0\n"
            + "   2: 0100007F:4967 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 555 1 0 100 0 0 10 0\n"
            + "   3: 00000000:4967 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 666 1 0 100 0 0 10 0\n"
        try tcp.write(toFile: "\(root)/net/tcp", atomically: true, encoding: .utf8)
        for (pid, links) in [("40", ["socket:[444]", "socket:[445]", "socket:[555]"]), ("41", ["/dev/null", "socket:[445]", "socket:[444]"]),
                             ("50", ["socket:[555]", "socket:[666]"]), ("60", ["socket:[9]"])] {
            try fm.createDirectory(atPath: "\(root)/\(pid)/fd", withIntermediateDirectories: true)
            for (index, target) in links.enumerated() {
                try fm.createSymbolicLink(atPath: "\(root)/\(pid)/fd/\(index)", withDestinationPath: target)
            }
        }
        func pids(_ port: UInt16, _ holder: Int32?) -> [String] {
            PortOwners.listeners(port: port, procRoot: root, verifiedHolder: holder).map { "\($0.localAddress) \($0.pid ?? -1)" }
        }
        // Without a verified holder, the scan names every process sharing the sockets.
        #expect(pids(18790, nil) == ["0.0.0.0 40", "0.0.0.0 41", "127.0.0.1 40", "127.0.0.1 41"])
        // The verified holder holds both sockets: it alone is named, for each (whichever of the two it is).
        #expect(pids(18790, 41) == ["0.0.0.0 41", "127.0.0.1 41"])
        #expect(pids(18790, 40) == ["0.0.0.0 40", "127.0.0.1 40"])
        // A verified holder that holds none of them (60), or has no fd directory (99): the full scan names the real ones.
        #expect(pids(18790, 60) == pids(18790, nil))
        #expect(pids(18790, 99) == pids(18790, nil))
        // It holds one of the port's two sockets (40 holds 555, not 666): the full scan, both holders of 555 named.
        #expect(pids(18791, 40) == ["0.0.0.0 50", "127.0.0.1 40", "127.0.0.1 50"])
        #expect(pids(18791, 50) == ["0.0.0.0 50", "127.0.0.1 50"])
    }

    @Test("a real fork shares a listening socket: the verified holder alone, or the full scan naming both")
    func verifiedHolderRealFork() async throws {
        // The parent listens, forks a child that keeps the socket, and prints both pids.
        let script = "import os,socket,time\ns=socket.socket()\ns.bind(('127.0.0.1',0))\ns.listen()\n"
            + "c=os.fork()\nif c==0:\n time.sleep(600)\n os._exit(0)\n"
            + "print(s.getsockname()[1],c,flush=True)\ntime.sleep(600)\n"
        let parent = try SpawnedChild.start("/usr/bin/env", ["python3", "-c", script, "netprobe-port-owner-fork"])
        defer { parent.terminate() }
        try #require(await parent.waitForOutput("\n"), "python3 printed no port: \(parent.stderr)")
        let fields = (parent.stdout.split(separator: "\n").first ?? "").split(separator: " ")
        let port = try #require(fields.first.flatMap { UInt16($0) })
        let forked = try #require(fields.last.flatMap { Int32($0) })
        defer { _ = kill(forked, SIGKILL) }
        #expect(PortOwners.listeners(port: port).compactMap(\.pid) == [parent.pid, forked].sorted())
        #expect(PortOwners.listeners(port: port, verifiedHolder: parent.pid).compactMap(\.pid) == [parent.pid])
        #expect(PortOwners.listeners(port: port, verifiedHolder: forked).compactMap(\.pid) == [forked])
        // This test process holds no socket of the port: the full scan still names both real holders.
        let scanned = PortOwners.listeners(port: port, verifiedHolder: getpid())
        #expect(scanned.compactMap(\.pid) == [parent.pid, forked].sorted())
        #expect(scanned.allSatisfy { !$0.isSelf })
    }

    @Test("cmdline splitting and socket link parsing")
    func helpers() {
        #expect(PortOwners.splitCmdline(Array("a\0b c\0\0d\0".utf8)) == ["a", "b c", "", "d"])
        #expect(PortOwners.splitCmdline(Array("no-nul".utf8)) == ["no-nul"])
        #expect(PortOwners.splitCmdline([]) == [])
        #expect(PortOwners.socketInode("socket:[12345]") == 12345)
        #expect(PortOwners.socketInode("pipe:[12345]") == nil)
        #expect(PortOwners.socketInode("socket:[x]") == nil)
        #expect(PortOwners.userName(uid: 0) == "root")
    }
}

@Suite("PortHolder classification and bind attempts")
struct PortHolderTests {
    static let visible = PortOwner(pid: 42, comm: "node", cmdline: ["node", "gw"], user: "u", uid: 1000, inode: 1, localAddress: "127.0.0.1")
    static let hidden = PortOwner(pid: nil, uid: 4242, inode: 2, localAddress: "0.0.0.0")

    @Test("classify covers every case")
    func classify() {
        #expect(PortHolder.classify(bindResult: .succeeded, owners: []) == .free)
        #expect(PortHolder.classify(bindResult: .addressInUse, owners: []) == .outsideLinux)
        #expect(PortHolder.classify(bindResult: .addressInUse, owners: [Self.visible]) == .linuxProcesses([Self.visible]))
        #expect(PortHolder.classify(bindResult: .addressInUse, owners: [Self.hidden]) == .hiddenLinuxProcess(uid: 4242))
        #expect(PortHolder.classify(bindResult: .addressInUse, owners: [Self.hidden, Self.visible])
            == .linuxProcesses([Self.hidden, Self.visible]))
        #expect(PortHolder.classify(bindResult: .failed(errno: EACCES), owners: []) == .bindFailed(errno: EACCES))
        #expect(PortHolder.classify(bindResult: .failed(errno: EACCES), owners: [Self.visible]) == .linuxProcesses([Self.visible]))
        #expect(BindAttempt.from(errno: EADDRINUSE) == .addressInUse)
        #expect(BindAttempt.from(errno: EACCES) == .failed(errno: EACCES))
    }

    @Test("tryBind on a real socket: free, in use by our listener, bad host")
    func tryBind() throws {
        let (fd, port) = try TestSockets.listen(host: "127.0.0.1", port: 0)
        #expect(PortHolder.tryBind(host: "127.0.0.1", port: port) == .addressInUse)
        let holder = PortHolder.classify(bindResult: PortHolder.tryBind(host: "127.0.0.1", port: port),
                                         owners: PortOwners.listeners(port: port))
        guard case .linuxProcesses(let owners) = holder else {
            Issue.record("expected linux-processes, got \(holder)")
            _ = close(fd)
            return
        }
        #expect(owners.first?.isSelf == true)
        _ = close(fd)
        #expect(PortHolder.tryBind(host: "127.0.0.1", port: port) == .succeeded)
        // tryBind closed its socket: binding again right away still works.
        #expect(PortHolder.tryBind(host: "127.0.0.1", port: port) == .succeeded)
        #expect(PortHolder.tryBind(host: "localhost", port: port) == .failed(errno: EINVAL))
        #expect(PortHolder.tryBind(host: "192.0.2.1", port: port) == .failed(errno: EADDRNOTAVAIL))
    }

    @Test("JSON shape {holder, ...} round-trips")
    func json() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for holder in [PortHolder.free, .outsideLinux, .hiddenLinuxProcess(uid: 7), .bindFailed(errno: 13), .linuxProcesses([Self.visible])] {
            let data = try encoder.encode(holder)
            #expect(try JSONDecoder().decode(PortHolder.self, from: data) == holder)
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(object["holder"] as? String == holder.name)
        }
        #expect(String(decoding: try encoder.encode(PortHolder.outsideLinux), as: UTF8.self) == #"{"holder":"outside-linux"}"#)
    }
}
