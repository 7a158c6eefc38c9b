import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

extension ScenarioTests {
    /// Issue 20 end to end: the reachability matrix in the simulator. The Windows cells come from the STAND-IN
    /// `curl.exe` (`WindowsStandIns`, `curlNamespace`): Linux's curl run with the same arguments inside the simulated
    /// "Windows" namespace, so each cell is that network's answer; Windows' localhost reaches Linux through the
    /// simulator's stand-in of WSL's localhost relay (`scripts/sim/localhost-relay.py`, docs/simulator.md).
    @Suite("20 reachability from Linux and from Windows")
    struct Reach {
        /// Stand-ins with a really-connecting curl.exe; the other tools replay recorded outputs (plus the
        /// simulator's Windows listener in netstat when `windowsPid` is given).
        static func standIns(_ session: SimSession, port: UInt16, windowsPid: Int32? = nil,
                             behaviour: [String: WindowsStandIns.Behaviour] = [:], interop: Bool = true) throws -> WindowsStandIns {
            let netstat = try WindowsHalf.text("netstat-tcp-en.txt")
                + (windowsPid.map { "  TCP    0.0.0.0:\(port)          0.0.0.0:0              LISTENING       \($0)\n" } ?? "")
            let tasklist = try WindowsHalf.text("tasklist-en.csv")
                + (windowsPid.map { "\"node.exe\",\"\($0)\",\"Console\",\"1\",\"61,220 K\"\n" } ?? "")
            return try WindowsStandIns.make(
                netstat: netstat, tasklist: tasklist, excludedPortRange: try WindowsHalf.text("excludedportrange-en.txt"),
                dynamicPortRange: try WindowsHalf.text("dynamicportrange-en.txt"), wslVersion: try WindowsHalf.text("wsl-version-en.txt"),
                behaviour: behaviour, interop: interop, curlNamespace: "wsim-\(session.id)-w")
        }

        /// The doctor's JSON (only `gateway.reach` and the checks it reads) with the stand-ins, and its wall time.
        static func reach(_ session: SimSession, _ context: ScenarioContext, _ standIns: WindowsStandIns,
                          all: Bool = false) async throws -> (ScenarioCheck, Double, ScenarioDoctorReport) {
            let start = ContinuousClock.now
            let report = try await ScenarioDoctor.report(
                session, port: context.port, stateDir: context.stateDir, extra: all ? [] : ["--only", "gateway.reach"],
                environment: ["OPENCLAW_WSL_CONF=\(standIns.wslConf)"])
            return (try report.check("gateway.reach"), WindowsHalf.seconds(ContinuousClock.now - start), report)
        }

        static func cells(_ check: ScenarioCheck) -> [[String: Any]] {
            (check.data as? [String: Any])?["cells"] as? [[String: Any]] ?? []
        }

        static func cell(_ check: ScenarioCheck, _ source: String, _ host: String) -> [String: Any]? {
            cells(check).first { $0["source"] as? String == source && $0["host"] as? String == host }
        }

        static func answer(_ check: ScenarioCheck, _ source: String, _ host: String) -> String? {
            cell(check, source, host)?["answer"] as? String
        }

        @Test("mirrored: Windows' 127.0.0.1 and localhost reach the Linux gateway (this instance), Windows' ::1 is refused; gateway probe --from windows says so")
        func mirroredShared() async throws {
            let context = try ScenarioContext()
            try await context.withMachine(.wsl2Mirrored, .clean) { session in
                let standIns = try Self.standIns(session, port: context.port)
                defer { standIns.remove() }
                let gateway = try await ScenarioGuestGateway.start(session, name: "gw", arguments: context.portAndState)
                let started = try #require(await gateway.waitUntilListening(), "no start line: \(gateway.log)")
                // The relay stand-in notices the new listener within 50 ms.
                try await Task.sleep(for: .milliseconds(300))

                let (check, wall, _) = try await Self.reach(session, context, standIns, all: true)
                #expect(Self.answer(check, "linux", "127.0.0.1") == "this-gateway", "\(check)")
                #expect(Self.answer(check, "linux", "::1") == "this-gateway", "\(check)")
                #expect(Self.answer(check, "linux", "127.0.0.2") == "refused", "\(check)")
                #expect(Self.answer(check, "windows", "127.0.0.1") == "this-gateway", "\(check)")
                #expect(Self.answer(check, "windows", "::1") == "refused", "\(check)")
                #expect(Self.answer(check, "windows", "localhost") == "this-gateway", "\(check)")
                let windows = try #require(Self.cell(check, "windows", "127.0.0.1"))
                #expect((windows["explanation"] as? [String])?.first?.contains("shares 127.0.0.1 between Windows and Linux") == true, "\(windows)")
                #expect((windows["consequence"] as? String)?.contains("opens in a Windows browser") == true, "\(windows)")
                let v6 = try #require(Self.cell(check, "windows", "::1"))
                #expect(v6["status"] as? String == "ok" && v6["expected"] as? Bool == false, "\(v6)")
                // Loopback only: the LAN address is refused by design (info), so the whole is info, never a problem.
                #expect(Self.answer(check, "linux", "192.168.1.50") == "refused", "\(check)")
                #expect(check.status == "info", "\(check)")
                print("the whole doctor with the matrix on the simulated mirrored machine (stand-ins at 150 ms): \(wall) s")

                let probe = try await session.exec(
                    ScenarioBinaries.cleanEnvironment + ["OPENCLAW_WSL_CONF=\(standIns.wslConf)", ScenarioBinaries.openclaw,
                                                         "gateway", "probe", "--from", "windows"] + context.portAndState)
                #expect(probe.status == 0, "\(probe)")
                #expect(probe.stdout.contains("from Windows to 127.0.0.1:\(context.port): this gateway"), "\(probe)")
                #expect(!probe.stdout.contains("from Linux"), "\(probe)")
                kill(started.pid, SIGTERM)
                #expect(await gateway.waitForExit() == 0, "\(gateway.log)")
            }
        }

        @Test("mirrored: a Windows program on 0.0.0.0:P shadows the gateway for Windows' 127.0.0.1: fail, naming node.exe from netstat")
        func mirroredShadow() async throws {
            let context = try ScenarioContext()
            try await context.withMachine(.wsl2Mirrored, .windowsListener) { session in
                let pid = try WindowsHalf.windowsPid(session)
                let standIns = try Self.standIns(session, port: context.port, windowsPid: pid)
                defer { standIns.remove() }
                let gateway = try await ScenarioGuestGateway.start(session, name: "gw", arguments: context.portAndState)
                let started = try #require(await gateway.waitUntilListening(), "no start line: \(gateway.log)")
                try await Task.sleep(for: .milliseconds(300))
                let (check, _, _) = try await Self.reach(session, context, standIns)
                #expect(check.status == "fail", "\(check)")
                let windows = try #require(Self.cell(check, "windows", "127.0.0.1"), "\(check)")
                #expect(windows["answer"] as? String == "other-program", "\(windows)")
                #expect(windows["who"] as? String == "a Windows program: node.exe (pid \(pid))", "\(windows)")
                #expect((windows["outcome"] as? [String: Any])?["server"] as? String == "WindowsDevServer/1.0", "\(windows)")
                // Linux's ::1 and 127.0.0.2 stay in Linux: ::1 is the gateway, 127.0.0.2 refused at once.
                #expect(Self.answer(check, "linux", "::1") == "this-gateway", "\(check)")
                #expect(Self.answer(check, "linux", "127.0.0.2") == "refused", "\(check)")
                #expect((check.raw["fix"] as? String)?.contains("taskkill") == true, "\(check)")
                kill(started.pid, SIGTERM)
                _ = await gateway.waitForExit()
            }
        }

        @Test("mirrored closed-port hang: 127.0.0.1 does not answer while 127.0.0.2 is refused at once: evidence, never a hung gateway")
        func closedPortHang() async throws {
            let context = try ScenarioContext()
            try await context.withMachine(.wsl2Mirrored, .closedPortHang) { session in
                let standIns = try Self.standIns(session, port: context.port)
                defer { standIns.remove() }
                let (check, _, _) = try await Self.reach(session, context, standIns)
                #expect(Self.answer(check, "linux", "127.0.0.1") == "no-answer", "\(check)")
                #expect(Self.answer(check, "linux", "127.0.0.2") == "refused", "\(check)")
                let evidence = (check.data as? [String: Any])?["evidence"] as? [String] ?? []
                #expect(evidence.first?.contains("agrees with the verdict") == true, "\(check)")
                #expect(check.status == "info", "\(check)")
                for message in check.messages { #expect(!message.contains("hung gateway") || message.contains("not a hung gateway"), "\(message)") }
            }
        }

        @Test("item 4: a gateway on the Windows side answers Linux's 127.0.0.1 under mirrored networking: named, where, and the exit-78 trap")
        func windowsSideGateway() async throws {
            let context = try ScenarioContext()
            try await context.withMachine(.wsl2Mirrored, .clean) { session in
                let standIns = try Self.standIns(session, port: context.port)
                defer { standIns.remove() }
                let other = context.otherStateDir()
                defer { try? FileManager.default.removeItem(atPath: other) }
                // A second instance on the "Windows" side. The simulator shares one kernel, so that side's own boot id
                // (another system's) is a file bind-mounted over /proc/sys/kernel/random/boot_id in its mount namespace.
                let script = #"echo 5f1c0d3e-0000-4000-8000-0000000000w1 > "$SIM_DIR/win-boot-id"; "#
                    + #"( unshare --mount sh -c 'mount --bind "$SIM_DIR/win-boot-id" /proc/sys/kernel/random/boot_id && exec "$@"' sh "$@" "#
                    + #"< /dev/null > "$SIM_DIR/wingw.log" 2>&1 & )"#
                let start = try await session.execWindows(
                    ["/bin/sh", "-c", script, "sh"]
                        + ScenarioBinaries.openclawCommand(["gateway", "run", "--port", String(context.port), "--state-dir", other]))
                #expect(start.status == 0, "\(start)")
                let logPath = session.stateDirectory + "/wingw.log"
                var windowsGateway: (pid: Int32, instance: String)?
                let deadline = ContinuousClock.now + TestDeadline.process
                while windowsGateway == nil && ContinuousClock.now < deadline {
                    windowsGateway = ScenarioGuestGateway.startLine((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "")
                    if windowsGateway == nil { try await Task.sleep(for: .milliseconds(100)) }
                }
                let started = try #require(windowsGateway, "no start line: \((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "")")
                defer { kill(started.pid, SIGTERM) }

                let (check, _, _) = try await Self.reach(session, context, standIns)
                let linux = try #require(Self.cell(check, "linux", "127.0.0.1"), "\(check)")
                #expect(linux["answer"] as? String == "other-gateway" && linux["instanceId"] as? String == started.instance, "\(linux)")
                #expect((linux["whereabouts"] as? String)?.hasPrefix("on another system") == true, "\(linux)")
                #expect(Self.answer(check, "windows", "127.0.0.1") == "other-gateway", "\(check)")
                // ::1 and 127.0.0.2 stay in Linux, where nothing listens.
                #expect(Self.answer(check, "linux", "::1") == "refused", "\(check)")
                #expect(Self.answer(check, "linux", "127.0.0.2") == "refused", "\(check)")
                let findings = (check.data as? [String: Any])?["findings"] as? [String] ?? []
                #expect(findings.first?.contains("gateway on the Windows side (instance \(started.instance)") == true, "\(findings)")
                #expect(findings.contains { $0.contains("exits 78") }, "\(findings)")
                #expect(check.status == "warn" && check.title == findings.first, "\(check)")
                #expect((check.raw["fix"] as? String)?.contains("--port N") == true, "\(check)")
            }
        }

        @Test("NAT: WSL's localhost relay brings Windows' 127.0.0.1 to the Linux gateway; the VM address is refused by design (loopback bind)")
        func natRelay() async throws {
            let context = try ScenarioContext()
            try await context.withMachine(.wsl2NAT, .clean) { session in
                let standIns = try Self.standIns(session, port: context.port)
                defer { standIns.remove() }
                let gateway = try await ScenarioGuestGateway.start(session, name: "gw", arguments: context.portAndState)
                let started = try #require(await gateway.waitUntilListening(), "no start line: \(gateway.log)")
                try await Task.sleep(for: .milliseconds(300))
                let (check, _, _) = try await Self.reach(session, context, standIns)
                #expect(Self.answer(check, "windows", "127.0.0.1") == "this-gateway", "\(check)")
                let relay = try #require(Self.cell(check, "windows", "127.0.0.1"))
                #expect((relay["explanation"] as? [String])?.first?.contains("wslrelay.exe") == true, "\(relay)")
                let vm = try #require(Self.cell(check, "windows", "172.28.16.5"), "\(check)")
                #expect(vm["answer"] as? String == "refused" && vm["status"] as? String == "info", "\(vm)")
                #expect((vm["fix"] as? String)?.contains("--bind lan") == true, "\(vm)")
                #expect(check.status == "info", "\(check)")
                kill(started.pid, SIGTERM)
                _ = await gateway.waitForExit()
            }
        }

        @Test("NAT with localhostForwarding=false in .wslconfig: no relay; Windows' 127.0.0.1 is refused, and the check says which key")
        func natNoForwarding() async throws {
            let context = try ScenarioContext()
            try await context.withMachine(.wsl2NAT, .noLocalhostForwarding) { session in
                let standIns = try Self.standIns(session, port: context.port)
                defer { standIns.remove() }
                let gateway = try await ScenarioGuestGateway.start(session, name: "gw", arguments: context.portAndState)
                let started = try #require(await gateway.waitUntilListening(), "no start line: \(gateway.log)")
                let (check, _, _) = try await Self.reach(session, context, standIns)
                let windows = try #require(Self.cell(check, "windows", "127.0.0.1"), "\(check)")
                #expect(windows["answer"] as? String == "refused", "\(windows)")
                #expect(windows["expected"] as? Bool == false && windows["status"] as? String == "info", "\(windows)")
                #expect((windows["explanation"] as? [String])?.first?.contains("localhostForwarding=false") == true, "\(windows)")
                #expect((windows["fix"] as? String)?.contains("localhostForwarding=true") == true, "\(windows)")
                #expect(Self.answer(check, "linux", "127.0.0.1") == "this-gateway", "\(check)")
                kill(started.pid, SIGTERM)
                _ = await gateway.waitForExit()
            }
        }

        @Test("interop off: every Windows cell says 'not tried: interop is off' with wsl.conf's reason; curl.exe hanging: no answer in time, bounded")
        func interopOffAndHang() async throws {
            let context = try ScenarioContext()
            try await context.withMachine(.wsl2Mirrored, .clean) { session in
                let off = try Self.standIns(session, port: context.port, interop: false)
                defer { off.remove() }
                let (check, _, _) = try await Self.reach(session, context, off)
                let windows = Self.cells(check).filter { $0["source"] as? String == "windows" }
                #expect(windows.count == 3, "\(check)")
                for cell in windows {
                    #expect(cell["answer"] as? String == "not-tried", "\(cell)")
                    #expect((cell["notTried"] as? String)?.hasPrefix("interop is off: \(off.wslConf) sets [interop] enabled=false") == true, "\(cell)")
                }

                let hanging = try Self.standIns(session, port: context.port, behaviour: ["curl.exe": .hang])
                defer { hanging.remove() }
                let (slow, wall, _) = try await Self.reach(session, context, hanging, all: true)
                for host in ["127.0.0.1", "::1", "localhost"] {
                    #expect(Self.answer(slow, "windows", host) == "no-answer", "\(slow)")
                }
                print("the whole doctor on the simulated mirrored machine with curl.exe hanging: \(wall) s")
                #expect(wall < 10, "the Windows deadline (1.5 s) bounds the hang")
            }
        }
    }
}
