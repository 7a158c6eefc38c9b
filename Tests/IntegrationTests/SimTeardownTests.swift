import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `scripts/wsl-sim` leaves nothing behind, recovers from a `kill -9`, and passes exit statuses through.
@Suite("Simulator lifecycle")
struct SimTeardownTests {
    /// Everything on the machine that still carries simulation `id`: namespaces, state directories, mounts in this
    /// (the host's) mount namespace, processes whose command line names it.
    static func leftovers(_ id: String) -> [String] {
        var found: [String] = []
        let netnsNames = (try? FileManager.default.contentsOfDirectory(atPath: "/run/netns")) ?? []
        found += netnsNames.filter { $0.hasPrefix("wsim-\(id)-") }.map { "netns \($0)" }
        let tmp = (try? FileManager.default.contentsOfDirectory(atPath: "/tmp")) ?? []
        found += tmp.filter { $0 == "wsl-sim.\(id)" || $0.hasPrefix("wsl-sim.\(id).") }.map { "dir /tmp/\($0)" }
        let mountinfo = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        found += mountinfo.split(separator: "\n")
            .filter { $0.contains("wsl-sim.\(id)") || $0.contains("wsim-\(id)-") }.map { "mount \($0)" }
        let me = getpid()
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(entry), pid != me, simProcessAlive(pid),
                  let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { continue }
            let cmdline = String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
            if cmdline.contains("wsl-sim.\(id)") || cmdline.contains("wsim-\(id)-") || cmdline.contains("--id \(id) ") {
                found.append("process \(pid): \(cmdline)")
            }
        }
        return found
    }

    /// Names of the host's network interfaces (`/sys/class/net` of this network namespace).
    static func hostLinks() -> Set<String> {
        Set((try? FileManager.default.contentsOfDirectory(atPath: "/sys/class/net")) ?? [])
    }

    /// Waits until the command of `run` (child `run`) has created `path`: true then; false as soon as `run` exits
    /// without it (a failed setup: its stderr says why), or after `SimMachine.deadline` (a hang). No time limit on the
    /// setup itself: on a loaded machine it takes minutes.
    static func waitForStart(_ run: SpawnedChild, _ path: String) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + SimMachine.deadline
        while clock.now < deadline {
            if FileManager.default.fileExists(atPath: path) { return true }
            if !run.isRunning { return FileManager.default.fileExists(atPath: path) }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return FileManager.default.fileExists(atPath: path)
    }

    @Test("teardown removes namespaces, interfaces, mounts, the state directory and background processes",
          .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason),
          arguments: [(SimLayout.wsl2Mirrored, SimScenario.windowsListener), (.native, .linuxForeignListener),
                      (.container, .closedPortHang), (.wsl2NAT, .windowsListener)])
    func teardownLeavesNothing(layout: SimLayout, scenario: SimScenario) async throws {
        try Privilege.requireRoot()
        let id = SimMachine.uniqueID()
        let linksBefore = Self.hostLinks()
        let result = try await SimMachine.run(
            layout: layout, scenario: scenario, id: id,
            command: ["/bin/sh", "-c", "cat \"$SIM_DIR\"/*.pid 2>/dev/null; sleep 30 & echo $!"])
        #expect(result.status == 0, "\(result)")
        let pids = result.stdout.split(separator: "\n").compactMap { Int32($0) }
        // The command's own `sleep`, the scenario's listener, and WSL's localhost relay stand-in (NAT and mirrored).
        let listener = scenario == .windowsListener || scenario == .linuxForeignListener ? 1 : 0
        let relay = layout == .wsl2Mirrored || layout == .wsl2NAT ? 1 : 0
        #expect(pids.count == 1 + listener + relay, "\(result.stdout)")
        for pid in pids { #expect(!simProcessAlive(pid), "process \(pid) survived the teardown") }
        #expect(Self.leftovers(id).isEmpty, "\(Self.leftovers(id))")
        let ours: Set<String> = ["loopback0", "lb-win", "lan0"]
        #expect(Self.hostLinks().intersection(ours).isEmpty)
        #expect(Self.hostLinks().subtracting(linksBefore).intersection(ours.union(["eth0"])).isEmpty)
    }

    @Test("a run right after a kill -9 of another run removes its leftovers and works; the killed id is reusable",
          .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason))
    func recoversFromKill9() async throws {
        try Privilege.requireRoot()
        let killed = SimMachine.uniqueID()
        let started = try SpawnedChild.start(SimMachine.scriptPath, [
            "run", "--layout", "wsl2-mirrored", "--scenario", "windows-listener", "--id", killed, "--",
            "/bin/sh", "-c", "touch \"$SIM_DIR/started\"; exec sleep 60",
        ])
        let up = await Self.waitForStart(started, "/tmp/wsl-sim.\(killed)/started")
        try #require(up, "the simulation did not start: \(started.stderr)")
        // Under the simulator's lock, so that no parallel wsl-sim (another test, another checkout's suite) removes the
        // leftovers between the kill and the look.
        let (killedStatus, leftAfterKill) = try SimMachine.holdingLock {
            started.signal(SIGKILL)
            while started.isRunning { usleep(2_000) }
            return (started.reapNow(), Self.leftovers(killed))
        }
        #expect(killedStatus == 128 + SIGKILL)
        #expect(!leftAfterKill.isEmpty, "kill -9 cannot be trapped, so its objects are still there")

        let next = try await SimMachine.run(layout: .native, command: ["/bin/true"])
        #expect(next.status == 0, "\(next)")
        #expect(Self.leftovers(killed).isEmpty, "\(Self.leftovers(killed))")

        let again = try await SimMachine.run(
            layout: .wsl2Mirrored, scenario: .windowsListener, id: killed, command: ["/bin/true"])
        #expect(again.status == 0, "\(again)")
        #expect(Self.leftovers(killed).isEmpty)
    }

    @Test("SIGTERM to a run stops the command and tears everything down",
          .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason))
    func sigtermTearsDown() async throws {
        try Privilege.requireRoot()
        let id = SimMachine.uniqueID()
        let started = try SpawnedChild.start(SimMachine.scriptPath, [
            "run", "--layout", "native", "--scenario", "linux-foreign-listener", "--id", id, "--",
            "/bin/sh", "-c", "touch \"$SIM_DIR/started\"; exec sleep 60",
        ])
        try #require(await Self.waitForStart(started, "/tmp/wsl-sim.\(id)/started"), "did not start: \(started.stderr)")
        started.signal(SIGTERM)
        let result = await started.finish(timeout: SimMachine.deadline)
        #expect(result.status == 143, "\(result)")
        #expect(!result.timedOut)
        #expect(Self.leftovers(id).isEmpty, "\(Self.leftovers(id))")
    }

    @Test("exit statuses: the command's own, 127 for a missing command, 125 for simulator errors",
          .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason))
    func exitStatuses() async throws {
        try Privilege.requireRoot()
        let own = try await SimMachine.run(layout: .wsl2NAT, command: ["/bin/sh", "-c", "echo out; echo err >&2; exit 42"])
        #expect(own.status == 42)
        #expect(own.stdout == "out\n")
        #expect(own.stderr.contains("err"))
        let missing = try await SimMachine.run(layout: .native, command: ["/nonexistent/program"])
        #expect(missing.status == 127, "\(missing)")
        let badLayout = try await SpawnedChild.run(SimMachine.scriptPath, ["run", "--layout", "wsl9", "--", "true"])
        #expect(badLayout.status == SimMachine.simulatorFailureStatus)
        #expect(badLayout.stderr.contains("unknown layout"))
        let badID = try await SpawnedChild.run(
            SimMachine.scriptPath, ["run", "--layout", "native", "--id", "Bad-ID", "--", "true"])
        #expect(badID.status == SimMachine.simulatorFailureStatus)
        let noCommand = try await SpawnedChild.run(SimMachine.scriptPath, ["run", "--layout", "native"])
        #expect(noCommand.status == SimMachine.simulatorFailureStatus)
    }

    @Test("up / exec / exec --windows / down: state persists between commands, then nothing is left",
          .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason))
    func upExecDown() async throws {
        try Privilege.requireRoot()
        let session = try await SimMachine.up(layout: .wsl2Mirrored, scenario: .windowsListener)
        do {
            let set = try await session.exec(["ip", "link", "set", "dev", "eth0", "mtu", "1280"])
            #expect(set.status == 0, "\(set)")
            let mtu = try await session.exec(["cat", "/sys/class/net/eth0/mtu"])
            #expect(mtu.stdout == "1280\n")
            let version = try await session.exec(["cat", "/proc/sys/kernel/osrelease"])
            #expect(version.stdout == "5.15.153.1-microsoft-standard-WSL2\n")
            let status = try await session.exec(["/bin/sh", "-c", "exit 7"])
            #expect(status.status == 7)
            let windows = try await session.execWindows(["ip", "-j", "addr", "show", "dev", "lb-win"])
            #expect(windows.status == 0)
            #expect(windows.stdout.contains("169.254.73.249"))
            #expect(windows.stdout.contains("00:11:22:33:44:55"))
            let duplicate = try await SimMachine.run(layout: .native, id: session.id, command: ["/bin/true"])
            #expect(duplicate.status == SimMachine.simulatorFailureStatus, "an id in use must be refused")
            #expect(!Self.leftovers(session.id).isEmpty, "a later run must not remove a live `up` simulation")
        } catch {
            try? await session.down()
            throw error
        }
        try await session.down()
        #expect(Self.leftovers(session.id).isEmpty, "\(Self.leftovers(session.id))")
        let after = try await session.exec(["/bin/true"])
        #expect(after.status == SimMachine.simulatorFailureStatus)
    }
}
