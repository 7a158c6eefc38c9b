import Foundation
import NetProbe
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The live checks against real processes, sockets, lock files and unit files, and `--fix`.
@Suite("openclaw-doctor live states", .serialized)
struct DoctorLiveStateTests {
    func startGateway(port: UInt16, stateDir: String) async throws -> SpawnedChild {
        let child = try SpawnedChild.start(DoctorTestSupport.openclawBinary, ["gateway", "run", "--port", String(port), "--state-dir", stateDir],
                                     environment: ChildEnvironment.clean())
        // Generous: the machine may be busy with builds; the wait ends as soon as the line appears.
        let up = await child.waitForOutput("listening on ws://127.0.0.1:\(port)", timeout: TestDeadline.process)
        try #require(up, "gateway did not start: \(child.stdout) \(child.stderr)")
        return child
    }

    @Test("held by our gateway: port ok, lock ok with its pid, probe agrees; another state dir sees a foreign gateway")
    func ourGateway() async throws {
        try DoctorHarness.requireBinaries()
        let h = DoctorHarness()
        defer { h.cleanUp() }
        let gateway = try await startGateway(port: h.port, stateDir: h.stateDir)
        defer { gateway.terminate() }
        let mirrored = LiveVerdict.current().wslNetworkingMode == .mirrored

        let (run, report) = try await h.json([])
        #expect(run.code == report.expectedExitCode)
        #expect(report.status("gateway.port") == "ok" && report.title("gateway.port").contains("our gateway (pid \(gateway.pid)"), "\(report.title("gateway.port"))")
        #expect(report.status("gateway.lock") == "ok" && report.title("gateway.lock").contains("pid \(gateway.pid)"))
        #expect((report.check("gateway.lock")?["data"] as? [String: Any])?["held"] as? Bool == true)
        if !mirrored {
            #expect(report.status("gateway.probe") == "ok" && report.title("gateway.probe").contains("agree"), "\(report.check("gateway.probe") ?? [:])")
        }

        // The same port seen from another state directory: the lock there is free, the port is held by a process
        // that is not "our" gateway, and the probe finds a gateway that does not hold this lock.
        var other = h
        other = DoctorHarness(port: h.port)
        defer { other.cleanUp() }
        let (otherRun, otherReport) = try await other.json([])
        #expect(otherRun.code == 1)
        #expect(otherReport.status("gateway.port") == "fail" && otherReport.title("gateway.port").contains("another Linux process"))
        #expect(otherReport.status("gateway.lock") == "ok" && otherReport.title("gateway.lock").contains("free"))
        if !mirrored { #expect(otherReport.status("gateway.probe") == "warn") }
    }

    @Test("another Linux process (python3 http.server): port fails naming it, probe sees HTTP, exit 1")
    func anotherProcess() async throws {
        try DoctorHarness.requireBinaries()
        let h = DoctorHarness()
        defer { h.cleanUp() }
        let server = try SpawnedChild.start("/usr/bin/env", ["python3", "-m", "http.server", String(h.port), "--bind", "127.0.0.1"],
                                      environment: ChildEnvironment.clean())
        defer { server.terminate() }
        var listening = false
        for _ in 0..<100 where !listening {
            listening = (try? GatewayWireClient(host: "127.0.0.1", port: h.port)) != nil
            if !listening { try await Task.sleep(for: .milliseconds(50)) }
        }
        try #require(listening, "http.server did not start: \(server.stderr)")
        let (run, report) = try await h.json([])
        #expect(run.code == 1)
        #expect(report.status("gateway.port") == "fail")
        let detail = (report.check("gateway.port")?["detail"] as? [String]) ?? []
        #expect(detail.contains { $0.contains("pid \(server.pid)") && $0.contains("http.server") }, "\(detail)")
        #expect((report.check("gateway.port")?["fix"] as? String)?.contains("kill \(server.pid)") == true)
        if LiveVerdict.current().wslNetworkingMode != .mirrored {
            #expect(report.status("gateway.probe") == "info")
            #expect(report.title("gateway.probe").contains("127.0.0.1 http-not-websocket"))
        }
        let text = try await h.run([])
        #expect(text.stdout.contains("✗ gateway.port: port \(h.port) is held by another Linux process"))
    }

    @Test("a stale lock file (its gateway gone) is free; an unsafe lock dir (0755, symlink) fails")
    func lockStates() async throws {
        try DoctorHarness.requireBinaries()
        let h = DoctorHarness()
        defer { h.cleanUp() }
        let gateway = try await startGateway(port: h.port, stateDir: h.stateDir)
        gateway.signal(SIGKILL)
        _ = await gateway.waitForExit()
        let (_, stale) = try await h.json([])
        #expect(stale.status("gateway.lock") == "ok" && stale.title("gateway.lock").contains("free: no gateway holds"))
        #expect(((stale.check("gateway.lock")?["detail"] as? [String]) ?? []).contains { $0.contains("pid \(gateway.pid)") })

        let lockDir = h.stateDir + "/run"
        chmod(lockDir, 0o755)
        let (loose, looseReport) = try await h.json([])
        #expect(loose.code == 1 && looseReport.status("gateway.lock") == "fail" && looseReport.title("gateway.lock").contains("755"))
        var st = stat()
        #expect(lstat(lockDir, &st) == 0 && st.st_mode & 0o777 == 0o755, "a report (without --fix) changes nothing")

        try FileManager.default.removeItem(atPath: lockDir)
        let elsewhere = h.stateDir + "/elsewhere"
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.createSymbolicLink(atPath: lockDir, withDestinationPath: elsewhere)
        let (linked, linkedReport) = try await h.json([])
        #expect(linked.code == 1 && linkedReport.status("gateway.lock") == "fail" && linkedReport.title("gateway.lock").contains("symlink"))
    }

    @Test("systemd units in a temporary HOME: the generated unit is ok, one without 78 warns, two for one port warn")
    func units() async throws {
        try DoctorHarness.requireBinaries()
        let h = DoctorHarness()
        defer { h.cleanUp() }
        let dir = h.home + "/.config/systemd/user"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let unit = try await DoctorTestSupport.run(DoctorTestSupport.openclawBinary, ["gateway", "unit", "--port", String(h.port)],
                                                   environment: ChildEnvironment.clean(home: h.home))
        try #require(unit.code == 0 && unit.stdout.contains("RestartPreventExitStatus=78"), "\(unit.stderr)")
        try unit.stdout.write(toFile: dir + "/openclaw-gateway.service", atomically: true, encoding: .utf8)
        let (_, good) = try await h.json(["--only", "supervisor.systemd"])
        #expect(good.status("supervisor.systemd") == "ok", "\(good.check("supervisor.systemd") ?? [:])")

        try unit.stdout.replacingOccurrences(of: "RestartPreventExitStatus=78\n", with: "")
            .write(toFile: dir + "/openclaw-gateway.service", atomically: true, encoding: .utf8)
        let (noPrevent, bad) = try await h.json(["--only", "supervisor.systemd"])
        #expect(noPrevent.code == 1 && bad.status("supervisor.systemd") == "warn")
        #expect(bad.check("supervisor.systemd")?["path"] as? String == dir + "/openclaw-gateway.service")

        try unit.stdout.write(toFile: dir + "/openclaw-gateway.service", atomically: true, encoding: .utf8)
        try unit.stdout.write(toFile: dir + "/openclaw-gateway-copy.service", atomically: true, encoding: .utf8)
        let (two, twoReport) = try await h.json(["--only", "supervisor.systemd"])
        #expect(two.code == 1 && twoReport.status("supervisor.systemd") == "warn")
        #expect(((twoReport.check("supervisor.systemd")?["detail"] as? [String]) ?? []).contains { $0.contains("has 2 units") })
    }

    @Test("--fix --dry-run changes nothing and proposes no unit where supervisor.systemd is ok; --fix creates/tightens the lock dir and repairs a unit lacking 78; JSON stays alone on stdout")
    func fix() async throws {
        try DoctorHarness.requireBinaries()
        let h = DoctorHarness()
        defer { h.cleanUp() }
        let lockDir = h.stateDir + "/run"
        let unitDir = h.home + "/.config/systemd/user"
        let unitPath = unitDir + "/openclaw-gateway.service"
        let dry = try await h.run(["--fix", "--dry-run"])
        #expect(dry.stdout.contains("fix [gateway.lock]"))
        #expect(!dry.stdout.contains("fix [supervisor.systemd]"), "no unit installed: supervisor.systemd is ok, nothing to repair\n\(dry.stdout)")
        #expect(dry.stdout.contains("✓ supervisor.systemd"), "\(dry.stdout)")
        #expect(dry.stdout.contains("before: \(lockDir) does not exist") && dry.stdout.contains("dry run: not applied"))
        #expect(!FileManager.default.fileExists(atPath: lockDir) && !FileManager.default.fileExists(atPath: unitPath))

        // A unit of ours without RestartPreventExitStatus=78: supervisor.systemd warns, --fix rewrites it.
        try FileManager.default.createDirectory(atPath: unitDir, withIntermediateDirectories: true)
        let generated = try await DoctorTestSupport.run(
            DoctorTestSupport.openclawBinary, ["gateway", "unit", "--port", String(h.port), "--state-dir", h.stateDir],
            environment: ChildEnvironment.clean(home: h.home))
        try #require(generated.code == 0, "\(generated.stderr)")
        try generated.stdout.replacingOccurrences(of: "RestartPreventExitStatus=78\n", with: "")
            .write(toFile: unitPath, atomically: true, encoding: .utf8)
        let applied = try await h.run(["--fix"])
        #expect(applied.stdout.contains("fix [supervisor.systemd]") && applied.stdout.contains("applied"), "\(applied.stdout)")
        var st = stat()
        #expect(lstat(lockDir, &st) == 0 && st.st_mode & 0o777 == 0o700)
        let unit = try String(contentsOfFile: unitPath, encoding: .utf8)
        #expect(unit.contains("RestartPreventExitStatus=78") && unit.contains("--port \(h.port)") && unit.contains("--state-dir \(h.stateDir)"))
        let exec = unit.split(separator: "\n").first { $0.hasPrefix("ExecStart=") }.map { String($0.dropFirst(10).split(separator: " ")[0]) } ?? ""
        #expect(exec.hasPrefix("/") && FileManager.default.isExecutableFile(atPath: exec), "ExecStart runs an absolute, existing openclaw: \(exec)")
        #expect(applied.stdout.contains("✓ supervisor.systemd") && applied.stdout.contains("✓ gateway.lock"))

        chmod(lockDir, 0o755)
        let jsonFix = try await h.run(["--fix", "--json"])
        try DoctorSchema.validate(jsonFix.stdout)
        #expect(jsonFix.stderr.contains("before: \(lockDir) mode 755") && jsonFix.stderr.contains("after:  \(lockDir) mode 700"))
        #expect(lstat(lockDir, &st) == 0 && st.st_mode & 0o777 == 0o700)
        let again = try await h.run(["--fix", "--dry-run"])
        #expect(again.stdout.contains("fix: nothing to repair"))
    }

    @Test("--fix never chmods through a symlinked state directory, never replaces a symlinked unit, never deletes a `.bak` directory")
    func fixTouchesOnlyWhatIsOurs() async throws {
        try DoctorHarness.requireBinaries()
        let h = DoctorHarness()
        defer { h.cleanUp() }
        // The state directory is a symlink to a fake root whose `run` (0755) holds other files, as `/` and `/run` do.
        let fakeRoot = (h.stateDir as NSString).deletingLastPathComponent + "/fakeroot"
        try FileManager.default.createDirectory(atPath: fakeRoot + "/run", withIntermediateDirectories: true)
        chmod(fakeRoot + "/run", 0o755)
        _ = FileManager.default.createFile(atPath: fakeRoot + "/run/other.pid", contents: Data("1".utf8))
        try FileManager.default.createSymbolicLink(atPath: h.stateDir, withDestinationPath: fakeRoot)
        // The unit path is a symlink to a unit (without RestartPreventExitStatus=78) kept elsewhere.
        let unitDirectory = h.home + "/.config/systemd/user"
        try FileManager.default.createDirectory(atPath: unitDirectory, withIntermediateDirectories: true)
        let unitPath = unitDirectory + "/openclaw-gateway.service"
        let unit = try await DoctorTestSupport.run(DoctorTestSupport.openclawBinary, ["gateway", "unit", "--port", String(h.port)],
                                                   environment: ChildEnvironment.clean(home: h.home))
        let original = unit.stdout.replacingOccurrences(of: "RestartPreventExitStatus=78\n", with: "")
        let elsewhere = h.home + "/kept.service"
        try original.write(toFile: elsewhere, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: unitPath, withDestinationPath: elsewhere)

        let fixed = try await h.run(["--fix"])
        #expect(fixed.code == 1, "\(fixed.stdout) \(fixed.stderr)")
        #expect(!fixed.stdout.contains("fix [gateway.lock]"), "\(fixed.stdout)")
        #expect(fixed.stdout.contains("failed: \(unitPath) is a symbolic link"), "\(fixed.stdout)")
        var st = stat()
        #expect(lstat(fakeRoot + "/run", &st) == 0 && st.st_mode & 0o777 == 0o755, "the symlink's target was chmodded")
        #expect(try String(contentsOfFile: elsewhere, encoding: .utf8) == original)
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: unitPath)) == elsewhere)

        // A real unit file lacking 78, and a directory where the backup name would be: kept, the old unit goes to .bak.1.
        try FileManager.default.removeItem(atPath: unitPath)
        try original.write(toFile: unitPath, atomically: false, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: unitPath + ".bak", withIntermediateDirectories: true)
        try "precious".write(toFile: unitPath + ".bak/keep", atomically: false, encoding: .utf8)
        let replaced = try await h.run(["--fix"])
        #expect(replaced.stdout.contains("fix [supervisor.systemd]") && replaced.stdout.contains("applied"), "\(replaced.stdout)")
        #expect(try String(contentsOfFile: unitPath + ".bak/keep", encoding: .utf8) == "precious")
        #expect(try String(contentsOfFile: unitPath + ".bak.1", encoding: .utf8) == original)
        #expect(try String(contentsOfFile: unitPath, encoding: .utf8).contains("RestartPreventExitStatus=78"))
    }
}

