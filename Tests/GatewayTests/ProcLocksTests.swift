import Foundation
import Testing
import TestSupport
@testable import Gateway
import GatewayLive
@testable import GatewayServer
#if canImport(Glibc)
import Glibc
#endif

/// The `/proc/locks` parser (pure; example lines as Linux 6.x prints them, plus properties over random and mutated
/// input) and its agreement with the kernel for a real `flock`.
@Suite("/proc/locks")
struct ProcLocksTests {
    static let sample = """
        1: FLOCK  ADVISORY  WRITE 15621 fe:00:16221406 0 EOF
        1: -> FLOCK  ADVISORY  WRITE 15700 fe:00:16221406 0 EOF
        2: POSIX  ADVISORY  WRITE 812 00:1a:2051 0 EOF
        3: OFDLCK ADVISORY  READ  -1 00:05:1047 0 EOF
        4: FLOCK  ADVISORY  READ  900 fe:00:16221406 0 EOF
        5: LEASE  ACTIVE    READ  77 103:02:5 0 EOF
        6: FLOCK  ADVISORY  WRITE 15622 fe:01:16221406 0 EOF
        """

    @Test("parses every line kind; waiters, readers, POSIX locks and other devices are not exclusive flock holders")
    func sampleLines() {
        let parsed = ProcLocks.parse(Self.sample)
        #expect(parsed.malformedLines == 0)
        #expect(parsed.entries.count == 7)
        #expect(parsed.entries[0] == ProcLockEntry(id: 1, isWaiter: false, kind: "FLOCK", mode: "WRITE", pid: 15621,
                                                    file: FileIdentity(major: 0xfe, minor: 0, inode: 16221406)))
        #expect(parsed.entries[1].isWaiter && parsed.entries[1].pid == 15700)
        #expect(parsed.entries[3].kind == "OFDLCK" && parsed.entries[3].pid == -1)
        #expect(parsed.entries[5].file == FileIdentity(major: 0x103, minor: 2, inode: 5))
        let file = FileIdentity(major: 0xfe, minor: 0, inode: 16221406)
        #expect(ProcLocks.exclusiveFlockHolders(of: file, in: parsed.entries) == [15621])
        #expect(ProcLocks.exclusiveFlockHolders(of: FileIdentity(major: 0, minor: 0x1a, inode: 2051), in: parsed.entries).isEmpty)
    }

    @Test("malformed lines are counted and skipped, never guessed at")
    func malformed() {
        let text = "garbage\n1: FLOCK ADVISORY WRITE\n2: FLOCK  ADVISORY  WRITE abc fe:00:1 0 EOF\n"
            + "3: FLOCK  ADVISORY  WRITE 5 fe:00 0 EOF\n4: FLOCK  ADVISORY  WRITE 5 <none>:0 0 EOF\n"
            + "5: FLOCK  ADVISORY  WRITE 6 fe:00:7 0 EOF\n\n"
        let parsed = ProcLocks.parse(text)
        #expect(parsed.malformedLines == 5)
        #expect(parsed.entries.map(\.pid) == [6])
    }

    @Test("st_dev decodes to the kernel's major:minor (glibc's encoding, large numbers included)")
    func deviceDecoding() {
        #expect(FileIdentity(device: 0xfe00, inode: 1) == FileIdentity(major: 0xfe, minor: 0, inode: 1))
        // makedev(0x1234, 0x56789) in glibc's encoding.
        let major: UInt64 = 0x1234, minor: UInt64 = 0x56789
        let dev = ((major & 0xfff) << 8) | ((major & ~0xfff) << 32) | (minor & 0xff) | ((minor & ~0xff) << 12)
        #expect(FileIdentity(device: dev, inode: 9) == FileIdentity(major: 0x1234, minor: 0x56789, inode: 9))
    }

    @Test("property: random and mutated input never crashes, and every entry found re-parses from its own line")
    func property() {
        var generator = SeededGenerator(seed: 0x10c5)
        let seed = Array(Self.sample.utf8)
        for round in 0..<3000 {
            let input = round % 3 == 0 ? generator.bytes(Int.random(in: 0...200, using: &generator)) : generator.mutate(seed)
            let text = String(decoding: input, as: UTF8.self)
            let parsed = ProcLocks.parse(text)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: true).filter { !$0.allSatisfy { $0 == " " || $0 == "\t" } }
            #expect(parsed.entries.count + parsed.malformedLines == lines.count, "round \(round)")
            for entry in parsed.entries {
                #expect(entry.pid >= -1 && !entry.kind.isEmpty && !entry.mode.isEmpty)
            }
        }
        // Generated well-formed lines round-trip.
        for _ in 0..<500 {
            let pid = Int32.random(in: 1...4_000_000, using: &generator)
            let file = FileIdentity(major: UInt32.random(in: 0...0xfff, using: &generator),
                                    minor: UInt32.random(in: 0...0xfffff, using: &generator),
                                    inode: UInt64.random(in: 0...UInt64(Int64.max), using: &generator))
            let line = "7: FLOCK  ADVISORY  WRITE \(pid) \(String(file.major, radix: 16)):\(String(file.minor, radix: 16)):\(file.inode) 0 EOF"
            #expect(ProcLocks.parse(line).entries == [ProcLockEntry(id: 7, isWaiter: false, kind: "FLOCK", mode: "WRITE", pid: pid, file: file)])
        }
    }

    @Test("the kernel lists this process as the exclusive holder of a real flock, by the file's fstat identity")
    func realFlock() throws {
        let path = TestDirectory.make("proclocks") + "/f.lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        try #require(fd >= 0)
        defer { close(fd) }
        var st = stat()
        #expect(fstat(fd, &st) == 0)
        let file = FileIdentity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
        let table = try #require(ProcessInfoReader.procLocks())
        #expect(ProcLocks.exclusiveFlockHolders(of: file, in: ProcLocks.parse(table).entries).isEmpty)
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
        let held = try #require(ProcessInfoReader.procLocks())
        #expect(ProcLocks.exclusiveFlockHolders(of: file, in: ProcLocks.parse(held).entries) == [getpid()])
    }
}

/// Which process `gateway stop` may signal (pure).
@Suite("Stop verification")
struct StopVerificationTests {
    static let metadata = InstanceMetadata(
        pid: 4242, processStartTime: 777, bootId: "boot-a", instanceId: "i", port: 18789, bindAddresses: ["127.0.0.1"],
        strategy: "pidfile", version: "v", startedAt: "t", status: .ready)

    static func facts(_ pid: Int32, start: UInt64 = 777, state: String = "S", exe: ExecutableMatch = .sameAsCaller) -> [Int32: HolderFacts] {
        [pid: HolderFacts(stat: ProcessStat(pid: pid, comm: "openclaw", state: state, startTime: start), executable: exe)]
    }

    static func decide(holders: [Int32], facts: [Int32: HolderFacts], boot: String = "boot-a") -> Result<Int32, StopVerification.Refusal> {
        StopVerification.decide(metadata: metadata, lockPath: "/l", holders: holders, facts: facts, bootId: boot)
    }

    @Test("the kernel's holder that is a gateway with the metadata's start time and boot id is signalled")
    func accepted() {
        #expect(Self.decide(holders: [4242], facts: Self.facts(4242)) == .success(4242))
        #expect(Self.decide(holders: [4242], facts: Self.facts(4242, exe: .named(path: "/opt/openclaw (deleted)"))) == .success(4242))
        // Another PID namespace's view of the same process: the kernel's pid is used, never the metadata's.
        #expect(Self.decide(holders: [99], facts: Self.facts(99)) == .success(99))
    }

    @Test("refused: no holder visible (another PID namespace), a sleep, another start time or boot, a zombie, two holders")
    func refused() {
        func reason(_ r: Result<Int32, StopVerification.Refusal>) -> String {
            if case .failure(let refusal) = r { return refusal.reason }
            return "signalled \(r)"
        }
        #expect(reason(Self.decide(holders: [], facts: [:])).contains("another PID namespace"))
        #expect(reason(Self.decide(holders: [4242], facts: Self.facts(4242, exe: .other(path: "/usr/bin/sleep")))).contains("runs /usr/bin/sleep, not an OpenClaw gateway"))
        #expect(reason(Self.decide(holders: [4242], facts: Self.facts(4242, exe: .unreadable(errno: 13)))).contains("cannot be read"))
        #expect(reason(Self.decide(holders: [4242], facts: Self.facts(4242, start: 778))).contains("not at tick 777"))
        #expect(reason(Self.decide(holders: [4242], facts: Self.facts(4242), boot: "boot-b")).contains("boot id"))
        #expect(reason(Self.decide(holders: [4242], facts: Self.facts(4242), boot: "")).contains("boot id"))
        #expect(reason(Self.decide(holders: [4242], facts: Self.facts(4242, state: "Z"))).contains("has exited"))
        #expect(reason(Self.decide(holders: [4242], facts: [:])).contains("has exited"))
        #expect(reason(Self.decide(holders: [1, 2], facts: Self.facts(1))).contains("several holders"))
        // Pid 1 named by forged metadata but holding nothing is never a candidate.
        var forged = Self.metadata
        forged.pid = 1
        #expect(reason(StopVerification.decide(metadata: forged, lockPath: "/l", holders: [], facts: Self.facts(1), bootId: "boot-a"))
                .contains("no process holding"))
    }

    @Test("executables: the name `openclaw` (also after an upgrade deleted the file) is a gateway; anything else is not")
    func executableNames() {
        #expect(GatewayExecutable.classify(linkTarget: "/usr/local/bin/openclaw") == .named(path: "/usr/local/bin/openclaw"))
        #expect(GatewayExecutable.classify(linkTarget: "/opt/openclaw (deleted)").isGateway)
        #expect(!GatewayExecutable.classify(linkTarget: "/usr/bin/sleep").isGateway)
        #expect(!GatewayExecutable.classify(linkTarget: "/usr/bin/openclaw-doctor").isGateway)
        #expect(!GatewayExecutable.classify(linkTarget: "/tmp/openclaw/sleep").isGateway)
        #expect(GatewayExecutable.match(pid: getpid()) == .sameAsCaller)
        #expect(!GatewayExecutable.match(pid: -5).isGateway)
    }
}
