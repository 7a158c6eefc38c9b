import Foundation
import Gateway
import GatewayLive
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `gateway stop` signals only the kernel's lock holder, when it is a gateway whose start time and boot id match the
/// metadata (issue 9, item 4). In the serialized end-to-end suite.
extension GatewayEndToEndTests {
    /// A Python program that takes the flock on argv[1] itself, says `locked`, and `exec`s `sleep 600` (same pid, so
    /// `/proc/locks` names the sleep as the holder).
    static let sleepHoldingLock = """
        import fcntl, os, sys
        fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.set_inheritable(fd, True)
        print("locked", flush=True)
        os.execv("/bin/sleep", ["sleep", "600"])
        """

    /// Overwrites the lock file's contents in place (same inode: the kernel's lock stays on it).
    static func writeInPlace(_ path: String, _ text: String) throws {
        let fd = open(path, O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC)
        try #require(fd >= 0, "open \(path): errno \(errno)")
        defer { close(fd) }
        let bytes = Array(text.utf8)
        #expect(bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == bytes.count)
    }

    static func metadataJSON(pid: Int32, startTime: UInt64, port: UInt16) throws -> String {
        let metadata = InstanceMetadata(
            pid: pid, processStartTime: startTime, bootId: ProcessInfoReader.bootId(), instanceId: "forged", port: port,
            bindAddresses: ["127.0.0.1"], strategy: "pidfile", version: "forged", startedAt: "2026-01-01T00:00:00Z", status: .ready)
        return String(decoding: try JSONEncoder().encode(metadata), as: UTF8.self) + "\n"
    }

    /// Polls `/proc/<pid>/stat` until `condition` holds (a last look at the deadline).
    static func waitForStat(_ pid: Int32, _ condition: @escaping (ProcessStat) -> Bool) async -> ProcessStat? {
        let clock = ContinuousClock()
        let deadline = clock.now + TestDeadline.process
        while clock.now < deadline {
            if let stat = ProcessInfoReader.stat(pid: pid), condition(stat) { return stat }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return ProcessInfoReader.stat(pid: pid).flatMap { condition($0) ? $0 : nil }
    }

    /// A `sleep` (python's flock, then exec) holding the gateway's lock, with metadata naming it: its own pid, start
    /// time and boot id, which pass a metadata-only check.
    static func sleepHoldingLockWithForgedMetadata(_ gw: Gateway) async throws -> SpawnedChild {
        let lockDirectory = gw.stateDir + "/run"
        try FileManager.default.createDirectory(atPath: lockDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let lockPath = lockDirectory + "/gateway-\(gw.port).lock"
        let sleeper = try SpawnedChild.start("/usr/bin/env", ["python3", "-c", Self.sleepHoldingLock, lockPath])
        do {
            #expect(await sleeper.waitForOutput("locked"), "\(sleeper.stderr)")
            let stat = try #require(await Self.waitForStat(sleeper.pid) { $0.comm == "sleep" }, "the holder did not exec sleep")
            try Self.writeInPlace(lockPath, try Self.metadataJSON(pid: sleeper.pid, startTime: stat.startTime, port: gw.port))
            return sleeper
        } catch {
            sleeper.terminate()
            throw error
        }
    }

    @Test("stop: a `sleep` holding the flock with metadata naming it is not signalled; clear message, exit 1")
    func stopRefusesSleepHoldingLock() async throws {
        try Self.requireBinary()
        let gw = Gateway()
        let sleeper = try await Self.sleepHoldingLockWithForgedMetadata(gw)
        defer { sleeper.terminate() }

        let stop = try await gw.command(["gateway", "stop", "--timeout", "2"])
        #expect(stop.code == 1, "\(stop)")
        #expect(stop.err.contains("not signalling") && stop.err.contains("not an OpenClaw gateway"), "\(stop.err)")
        #expect(!stop.out.contains("Stopped"), "\(stop.out)")
        #expect(sleeper.isRunning, "the sleep was signalled")
    }

    @Test("status agrees with stop: a `sleep` holding the flock with metadata naming it is not a verified gateway; a real gateway is")
    func statusDoesNotVerifySleepHoldingLock() async throws {
        try Self.requireBinary()
        let gw = Gateway()
        let sleeper = try await Self.sleepHoldingLockWithForgedMetadata(gw)
        defer { sleeper.terminate() }

        let status = try await gw.command(["gateway", "status", "--json", "--no-probe"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(status.out.utf8)) as? [String: Any], "\(status)")
        #expect(object["lock"] as? String == "held", "\(status.out)")
        #expect(object["processVerified"] as? Bool == false, "\(status.out)")
        #expect((object["processVerifiedReason"] as? String)?.contains("not an OpenClaw gateway") == true, "\(status.out)")
        let text = try await gw.command(["gateway", "status", "--no-probe"])
        #expect(text.out.contains("Process: not verified:") && text.out.contains("not an OpenClaw gateway"), "\(text.out)")
        #expect(sleeper.isRunning)
    }

    @Test("stop: a gateway stopped with SIGSTOP gets SIGCONT with SIGTERM and exits 0")
    func stopWakesStoppedGateway() async throws {
        try Self.requireBinary()
        let gw = Gateway()
        let gateway = try gw.start()
        defer { gateway.terminate() }
        #expect(await gateway.waitForOutput("listening on ws://127.0.0.1:\(gw.port)"), "stderr: \(gateway.stderr)")
        gateway.signal(SIGSTOP)
        #expect(await Self.waitForStat(gateway.pid) { $0.state == "T" } != nil, "the gateway did not stop")
        let stop = try await gw.command(["gateway", "stop"])
        #expect(stop.code == 0 && stop.out.contains("pid \(gateway.pid)"), "\(stop)")
        #expect(await gateway.waitForExit() == 0, "stderr: \(gateway.stderr)")
    }

    @Test("stop --stop-timeout MS (milliseconds) waits for a real gateway's exit and stops it; the same gateway's status then says not running")
    func stopTimeoutInMilliseconds() async throws {
        try Self.requireBinary()
        let gw = Gateway()
        let gateway = try gw.start()
        defer { gateway.terminate() }
        #expect(await gateway.waitForOutput("listening on ws://127.0.0.1:\(gw.port)"), "stderr: \(gateway.stderr)")
        let stop = try await gw.command(["gateway", "stop", "--stop-timeout", "10000"])
        #expect(stop.code == 0 && stop.out.contains("Stopped the gateway on port \(gw.port) (pid \(gateway.pid))."), "\(stop)")
        #expect(await gateway.waitForExit() == 0, "stderr: \(gateway.stderr)")
        let status = try await gw.command(["gateway", "status", "--no-probe"])
        #expect(status.code == 3, "\(status)")
    }

    @Test("stop in another PID namespace: the holder outside is not visible, nothing is signalled; pid 1 holding the lock there is not signalled either",
          .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason))
    func stopInPIDNamespace() async throws {
        try Privilege.requireRoot()
        try Self.requireBinary()
        let gw = Gateway()
        let gateway = try gw.start()
        defer { gateway.terminate() }
        #expect(await gateway.waitForOutput("listening on ws://127.0.0.1:\(gw.port)"), "stderr: \(gateway.stderr)")
        let inside = try await SpawnedChild.run(
            "/usr/bin/unshare", ["-p", "-f", "--mount-proc", GatewayTestSupport.openclawBinary, "gateway", "stop",
                                 "--port", String(gw.port), "--state-dir", gw.stateDir, "--timeout", "2"],
            environment: ChildEnvironment.clean())
        #expect(inside.status == 1, "\(inside)")
        #expect(inside.stderr.contains("another PID namespace"), "\(inside)")
        #expect(gateway.isRunning, "the gateway outside was signalled")
        let stop = try await gw.command(["gateway", "stop"])
        #expect(stop.code == 0, "\(stop)")
        #expect(await gateway.waitForExit() == 0)

        // Pid 1 of a new namespace takes the lock and writes metadata naming itself (pid 1, its own start time and
        // boot id), then runs `gateway stop` there: pid 1 is not a gateway, so it is never signalled.
        let script = """
            import fcntl, json, os, signal, subprocess, sys
            got = []
            signal.signal(signal.SIGTERM, lambda s, f: got.append(s))
            path, exe, port, state = sys.argv[1:5]
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(fd, fcntl.LOCK_EX)
            start = int(open("/proc/self/stat").read().rsplit(")", 1)[1].split()[19])
            boot = open("/proc/sys/kernel/random/boot_id").read().strip()
            meta = {"pid": os.getpid(), "processStartTime": start, "bootId": boot, "instanceId": "forged", "port": int(port),
                    "bindAddresses": ["127.0.0.1"], "strategy": "pidfile", "version": "x", "startedAt": "t", "status": "ready"}
            os.ftruncate(fd, 0)
            os.pwrite(fd, (json.dumps(meta) + "\\n").encode(), 0)
            r = subprocess.run([exe, "gateway", "stop", "--port", port, "--state-dir", state, "--timeout", "2"],
                               capture_output=True, text=True)
            print("pid", os.getpid())
            print("rc", r.returncode)
            print("err", r.stderr.strip())
            print("got-term", bool(got), flush=True)
            """
        let lockPath = gw.stateDir + "/run/gateway-\(gw.port).lock"
        let pid1 = try await SpawnedChild.run(
            "/usr/bin/unshare", ["-p", "-f", "--mount-proc", "/usr/bin/env", "python3", "-c", script, lockPath,
                                 GatewayTestSupport.openclawBinary, String(gw.port), gw.stateDir],
            environment: ChildEnvironment.clean())
        #expect(pid1.status == 0, "\(pid1)")
        #expect(pid1.stdout.contains("pid 1\n") && pid1.stdout.contains("rc 1\n"), "\(pid1)")
        #expect(pid1.stdout.contains("not an OpenClaw gateway"), "\(pid1)")
        #expect(pid1.stdout.contains("got-term False"), "pid 1 was signalled: \(pid1)")
    }

    @Test("status and stop refuse a FIFO lock file at once (they used to hang); run exits 78 for a FIFO and for a directory")
    func fifoAndDirectoryLockFiles() async throws {
        try Self.requireBinary()
        let gw = Gateway()
        let lockDirectory = gw.stateDir + "/run"
        try FileManager.default.createDirectory(atPath: lockDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let lockPath = lockDirectory + "/gateway-\(gw.port).lock"
        #expect(mkfifo(lockPath, 0o600) == 0)
        let status = try await gw.command(["gateway", "status", "--no-probe"])
        #expect(status.code == 1 && status.err.contains("not a regular file"), "\(status)")
        let stop = try await gw.command(["gateway", "stop"])
        #expect(stop.code == 1 && stop.err.contains("not a regular file"), "\(stop)")
        let run = try gw.start()
        #expect(await run.waitForExit() == 78, "stderr: \(run.stderr)")
        #expect(run.stderr.contains("not a regular file"))

        #expect(unlink(lockPath) == 0 && mkdir(lockPath, 0o700) == 0)
        let runOnDirectory = try gw.start()
        #expect(await runOnDirectory.waitForExit() == 78, "stderr: \(runOnDirectory.stderr)")
        #expect(runOnDirectory.stderr.contains("not a regular file"))
    }
}
