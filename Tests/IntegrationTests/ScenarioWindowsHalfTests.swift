import Foundation
import Testing
import TestSupport

extension ScenarioTests {
    /// Issue 11 end to end: WSL2 mirrored with the simulator's "Windows" listener on the port, STAND-IN Windows tools
    /// (no machine here runs Windows: scripts replaying recorded outputs, see `WindowsStandIns`) and a stand-in for
    /// WSL's bind hook (`LD_PRELOAD` shim answering EADDRINUSE for the Windows-held port).
    @Suite("11 wsl2-mirrored: the Windows half")
    struct WindowsHalf {
        static func text(_ name: String) throws -> String {
            let raw = try String(contentsOfFile: Fixtures.path("windows/\(name)"), encoding: .utf8)
            return raw.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("# source:") }
                .joined(separator: "\n")
        }

        /// The recorded English netstat plus the row of the simulated Windows listener (its real pid) on `port`.
        static func standIns(port: UInt16, windowsPid: Int32, excluded: String? = nil,
                             behaviour: [String: WindowsStandIns.Behaviour] = [:], interop: Bool = true) throws -> WindowsStandIns {
            let netstat = try text("netstat-tcp-en.txt")
                + (excluded == nil ? "  TCP    0.0.0.0:\(port)          0.0.0.0:0              LISTENING       \(windowsPid)\n" : "")
            let tasklist = try text("tasklist-en.csv") + "\"node.exe\",\"\(windowsPid)\",\"Console\",\"1\",\"61,220 K\"\n"
            var ranges = try text("excludedportrange-en.txt")
            if let excluded { ranges = ranges.replacingOccurrences(of: "      5357        5357\n", with: "      5357        5357\n\(excluded)\n") }
            return try WindowsStandIns.make(
                netstat: netstat, tasklist: tasklist, excludedPortRange: ranges,
                dynamicPortRange: try text("dynamicportrange-en.txt"), wslVersion: try text("wsl-version-en.txt"),
                behaviour: behaviour, interop: interop)
        }

        static func windowsPid(_ session: SimSession) throws -> Int32 {
            let text = try String(contentsOfFile: session.stateDirectory + "/windows.pid", encoding: .utf8)
            return try #require(Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)))
        }

        /// `openclaw gateway run` in the guest in the foreground, with the bind hook and the stand-ins.
        static func gatewayRun(_ session: SimSession, _ context: ScenarioContext, _ standIns: WindowsStandIns, hook: String,
                               errno: Int32? = nil) async throws -> (ChildResult, Double) {
            var environment = ["LD_PRELOAD=\(hook)", "WSIM_WINDOWS_HELD_PORT=\(context.port)", "OPENCLAW_WSL_CONF=\(standIns.wslConf)"]
            if let errno { environment.append("WSIM_BIND_ERRNO=\(errno)") }
            let start = ContinuousClock.now
            let result = try await session.exec(
                ScenarioBinaries.cleanEnvironment + environment + [ScenarioBinaries.openclaw, "gateway", "run"] + context.portAndState,
                timeout: .seconds(60))
            return (result, seconds(ContinuousClock.now - start))
        }

        static func doctor(_ session: SimSession, _ context: ScenarioContext, _ standIns: WindowsStandIns, hook: String?)
            async throws -> (ScenarioDoctorReport, Double)
        {
            var environment = ["OPENCLAW_WSL_CONF=\(standIns.wslConf)"]
            if let hook { environment += ["LD_PRELOAD=\(hook)", "WSIM_WINDOWS_HELD_PORT=\(context.port)"] }
            let start = ContinuousClock.now
            let report = try await ScenarioDoctor.report(session, port: context.port, stateDir: context.stateDir, environment: environment)
            return (report, seconds(ContinuousClock.now - start))
        }

        static func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }

        @Test("a Windows listener on P: gateway run exits 75 naming node.exe and its pid; windows.port-holder says the same")
        func heldOnWindows() async throws {
            let context = try ScenarioContext()
            try await context.withMachine(.wsl2Mirrored, .windowsListener) { session in
                let pid = try Self.windowsPid(session)
                let standIns = try Self.standIns(port: context.port, windowsPid: pid)
                defer { standIns.remove() }
                let hook = try standIns.buildBindHook()
                let (run, _) = try await Self.gatewayRun(session, context, standIns, hook: hook)
                #expect(run.status == 75, "\(run)")
                #expect(run.stderr.contains("port \(context.port) is held on Windows by node.exe (pid \(pid))"), "\(run)")
                #expect(run.stderr.contains("taskkill /PID \(pid)"), "\(run)")
                for words in scenarioAnotherInstanceWords { #expect(!run.stderr.contains(words), "\(run)") }

                let (report, wall) = try await Self.doctor(session, context, standIns, hook: hook)
                let holder = try report.check("windows.port-holder")
                #expect(holder.status == "fail", "\(holder)")
                #expect(holder.title.hasPrefix("port \(context.port) is held on Windows by node.exe (pid \(pid))"), "\(holder)")
                #expect(try report.check("windows.interop").status == "ok")
                #expect(try report.check("windows.excluded-port").status == "ok")
                #expect(try report.check("wsl.version").title == "WSL 1.2.5.0, kernel 5.15.90.1, Windows 10.0.19045.3393")
                print("windows-half timing: doctor wall time with stand-ins answering at 150 ms each: \(String(format: "%.2f", wall)) s")

                // gateway probe / status name the Windows program behind the non-gateway answer on 127.0.0.1.
                let conf = "OPENCLAW_WSL_CONF=\(standIns.wslConf)"
                let probe = try await session.exec(ScenarioBinaries.cleanEnvironment + [conf, ScenarioBinaries.openclaw, "gateway",
                                                                                        "probe", "--port", String(context.port)])
                #expect(probe.status == 3 && probe.stdout.contains("answered by node.exe (pid \(pid)) on Windows"), "\(probe)")
                let status = try await session.exec(ScenarioBinaries.cleanEnvironment + [conf, ScenarioBinaries.openclaw, "gateway",
                                                                                         "status"] + context.portAndState)
                #expect(status.stdout.contains("answered by node.exe (pid \(pid)) on Windows"), "\(status)")

                // capture writes the Windows sections decoded to UTF-8; --snapshot replays them to the same verdict.
                let captureFile = standIns.directory + "/capture.txt"
                let capture = try await session.exec(ScenarioBinaries.doctorCommand(["capture", "--no-redact", "-o", captureFile],
                                                                                     environment: [conf]))
                #expect(capture.status == 0, "\(capture)")
                let captured = try String(contentsOfFile: captureFile, encoding: .utf8)
                for section in ["windows-netstat", "windows-tasklist", "windows-excludedportrange", "windows-dynamicportrange",
                                "wsl-version", "wsl-conf"] {
                    #expect(captured.contains("### \(section)\n"), "no \(section) in the capture")
                }
                #expect(captured.contains("WSL version: 1.2.5.0\nKernel version: 5.15.90.1") && !captured.contains("\r"))
                let replay = try await ScenarioDoctor.report(session, port: context.port, stateDir: context.stateDir,
                                                             extra: ["--snapshot", captureFile])
                let replayed = try replay.check("windows.port-holder")
                #expect(replayed.status == "fail" && replayed.title == holder.title, "\(replayed)")
                let redacted = try await session.exec(ScenarioBinaries.doctorCommand(["capture"], environment: [conf]))
                #expect(redacted.stdout.contains("### windows-netstat\n") && redacted.stdout.contains(":\(context.port) "), "\(redacted)")
            }
        }

        @Test("P inside an excluded range: windows.excluded-port fail and gateway run exits 75 naming the range")
        func excludedRange() async throws {
            let context = try ScenarioContext()
            try await context.withMachine(.wsl2Mirrored, .clean) { session in
                let low = context.port - 5, high = context.port &+ 94
                let standIns = try Self.standIns(port: context.port, windowsPid: 1, excluded: "     \(low)       \(high)")
                defer { standIns.remove() }
                let hook = try standIns.buildBindHook()
                // Windows refuses binds inside an excluded range with an access error.
                let (run, _) = try await Self.gatewayRun(session, context, standIns, hook: hook, errno: EACCES)
                #expect(run.status == 75, "\(run)")
                #expect(run.stderr.contains("port \(context.port) is inside a Windows excluded port range \(low)-\(high) (reserved by Hyper-V/WinNAT)"), "\(run)")
                let (report, _) = try await Self.doctor(session, context, standIns, hook: nil)
                let excluded = try report.check("windows.excluded-port")
                #expect(excluded.status == "fail" && excluded.title.contains("\(low)-\(high)"), "\(excluded)")
            }
        }

        @Test("a hanging netstat.exe costs no more than the deadline; the doctor reports it, the gateway still exits 75")
        func hangingStandIn() async throws {
            let context = try ScenarioContext()
            try await context.withMachine(.wsl2Mirrored, .windowsListener) { session in
                let standIns = try Self.standIns(port: context.port, windowsPid: try Self.windowsPid(session),
                                                 behaviour: ["netstat.exe": .hang])
                defer { standIns.remove() }
                let hook = try standIns.buildBindHook()
                let (report, wall) = try await Self.doctor(session, context, standIns, hook: hook)
                let holder = try report.check("windows.port-holder")
                #expect(holder.status == "skip" && holder.title.contains("netstat.exe did not answer in time"), "\(holder)")
                // The kill came at the deadline (1500 ms), not when the stand-in would have finished (600 s).
                let interop = try report.check("windows.interop")
                let line = try #require(interop.detail.first { $0.hasPrefix("windows-netstat:") }, "\(interop)")
                let killedAfter = try #require(Int(line.split(separator: " ").last { Int($0) != nil } ?? ""), "\(line)")
                #expect(killedAfter >= 1400 && killedAfter < 4000, "\(line)")
                print("windows-half timing: doctor wall time with netstat.exe hanging (deadline 1500 ms): \(String(format: "%.2f", wall)) s")
                let (run, _) = try await Self.gatewayRun(session, context, standIns, hook: hook)
                #expect(run.status == 75, "\(run)")
                #expect(run.stderr.contains("netstat.exe did not answer"), "\(run)")
            }
        }

        @Test("no interop: windows.interop warn naming the wsl.conf line; gateway run keeps the old message and says why")
        func noInterop() async throws {
            let context = try ScenarioContext()
            try await context.withMachine(.wsl2Mirrored, .windowsListener) { session in
                let standIns = try Self.standIns(port: context.port, windowsPid: try Self.windowsPid(session), interop: false)
                defer { standIns.remove() }
                let hook = try standIns.buildBindHook()
                let (report, _) = try await Self.doctor(session, context, standIns, hook: nil)
                let interop = try report.check("windows.interop")
                #expect(interop.status == "warn" && interop.title.contains("enabled=false"), "\(interop)")
                #expect(try report.check("windows.port-holder").status == "skip")
                let (run, _) = try await Self.gatewayRun(session, context, standIns, hook: hook)
                #expect(run.status == 75, "\(run)")
                #expect(run.stderr.contains("but no Linux process holds it."), "\(run)")
                #expect(run.stderr.contains("The Windows holder could not be named: \(standIns.wslConf) sets [interop] enabled=false."), "\(run)")
            }
        }
    }
}
