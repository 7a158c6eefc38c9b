import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

extension ScenarioTests {
    /// No check contradicts another on the same address, in every simulated machine, with and without a gateway running
    /// inside: `gateway.probe`, `gateway.lock` and `gateway.reach` of one doctor run, and `openclaw gateway status
    /// --reach`, each read one probe per address (the derived view's), so they carry the same result and never say
    /// "agree with the lock" beside a warning that the lock holder is not reached there. The Windows cells come from
    /// the stand-in curl.exe that really connects (docs/simulator.md).
    @Suite("20 agreement: one probe per address, read alike by every check")
    struct Agreement {
        static let machines: [(SimLayout, SimScenario)] = [
            (.wsl2Mirrored, .clean), (.wsl2Mirrored, .windowsListener), (.wsl2Mirrored, .closedPortHang),
            (.wsl2Mirrored, .linuxForeignListener), (.wsl2NAT, .clean), (.wsl2NAT, .noLocalhostForwarding),
            (.wsl2NAT, .closedPortHang), (.native, .clean), (.native, .closedPortHang), (.native, .linuxForeignListener),
            (.container, .clean),
        ]

        static func cells(_ reach: Any?) -> [[String: Any]] {
            (reach as? [String: Any])?["cells"] as? [[String: Any]] ?? []
        }

        static func linuxCell(_ reach: Any?, _ host: String) -> [String: Any]? {
            cells(reach).first { $0["source"] as? String == "linux" && $0["host"] as? String == host }
        }

        static func isProblem(_ cell: [String: Any]?) -> Bool {
            ["warn", "fail"].contains(cell?["status"] as? String ?? "")
        }

        /// The answer a reach cell must have for a probe verdict (the same result, in the matrix's words).
        static func answers(for verdict: String) -> Set<String> {
            switch verdict {
            case "gateway": return ["this-gateway", "other-gateway"]
            case "timeout": return ["no-answer"]
            case "refused", "reset", "self-connect": return ["refused"]
            case "unreachable": return ["unreachable"]
            default: return ["other-program"]
            }
        }

        /// Every assertion over one doctor report and one `gateway status --json --reach`.
        static func assertAgreement(_ report: ScenarioDoctorReport, status: [String: Any], label: String) throws {
            let probe = try report.check("gateway.probe")
            let reach = try report.check("gateway.reach")
            let lock = try report.check("gateway.lock")
            let held = (lock.data as? [String: Any])?["held"] as? Bool == true
            for host in ["127.0.0.1", "::1"] {
                let entry = try #require(scenarioProbeEntry(probe, host: host), "\(label): \(probe)")
                let verdict = (entry["outcome"] as? [String: Any])?["verdict"] as? String ?? "?"
                let cell = try #require(Self.linuxCell(reach.data, host), "\(label): \(reach)")
                // One probe: the very same result (outcome and elapsed time), not a second probe at another moment.
                #expect((cell["outcome"] as? [String: Any])?["verdict"] as? String == verdict, "\(label) \(host): \(cell) vs \(entry)")
                #expect(cell["elapsedMs"] as? Int == (entry["elapsedMicros"] as? Int).map { $0 / 1000 }, "\(label) \(host): \(cell) vs \(entry)")
                #expect(Self.answers(for: verdict).contains(cell["answer"] as? String ?? "?"), "\(label) \(host): \(cell)")
                if held && Self.isProblem(cell) {
                    #expect(probe.status == "warn" || probe.status == "fail", "\(label) \(host): \(probe) beside \(cell)")
                    #expect(!probe.title.contains("agree with the lock"), "\(label): \(probe.title) beside \(cell)")
                }
            }
            if held && probe.status == "ok" {
                #expect(!Self.cells(reach.data).contains { $0["source"] as? String == "linux" && Self.isProblem($0)
                    && ["127.0.0.1", "::1"].contains($0["host"] as? String ?? "") }, "\(label): \(probe) beside \(reach)")
            }

            // `gateway status --reach`: its probe lines and its matrix are one result per address too.
            let results = (status["probe"] as? [String: Any])?["results"] as? [[String: Any]] ?? []
            let statusReach = status["reach"]
            for result in results {
                let host = result["host"] as? String ?? "?"
                let cell = try #require(Self.linuxCell(statusReach, host), "\(label) status \(host): \(status)")
                #expect((cell["outcome"] as? [String: Any])?["verdict"] as? String == result["verdict"] as? String, "\(label) status \(host): \(cell) vs \(result)")
                #expect(cell["elapsedMs"] as? Int == result["elapsedMs"] as? Int, "\(label) status \(host): \(cell) vs \(result)")
                if (status["running"] as? Bool) == true && Self.isProblem(cell) {
                    #expect((status["probe"] as? [String: Any])?["agreesWithLock"] as? Bool != true, "\(label) status: \(status)")
                }
            }
        }

        @Test("native Linux: gateway probe --from windows says why nothing is tried (not WSL, the verdict, what would say WSL) in text and JSON, exit 3")
        func fromWindowsOnNativeLinux() async throws {
            let context = try ScenarioContext()
            try await context.withMachine(.native, .clean) { session in
                let text = try await scenarioOpenclaw(session, ["gateway", "probe", "--from", "windows"] + context.portAndState)
                #expect(text.status == 3, "\(text)")
                #expect(text.stdout.hasPrefix("Reach: nothing is tried from Windows: not WSL: native Linux (the verdict: native Linux"), "\(text)")
                #expect(text.stdout.contains("uname -r") && text.stdout.contains("WSLInterop"), "\(text)")
                #expect(!text.stdout.contains("nothing was tried"), "\(text)")
                let json = try await scenarioOpenclaw(session, ["gateway", "probe", "--from", "windows", "--json"] + context.portAndState)
                #expect(json.status == 3, "\(json)")
                let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json)")
                let reach = try #require(object["reach"] as? [String: Any], "\(json)")
                #expect((reach["windowsNotTried"] as? String)?.hasPrefix("nothing is tried from Windows: not WSL: native Linux") == true, "\(reach)")
                #expect(Self.cells(reach).isEmpty && reach["status"] as? String == "not-tried", "\(reach)")
                // The doctor's gateway.reach says it once, after the Linux rows.
                let report = try await ScenarioDoctor.report(session, port: context.port, stateDir: context.stateDir, extra: ["--only", "gateway.reach"])
                let check = try report.check("gateway.reach")
                #expect(check.detail.last?.hasPrefix("nothing is tried from Windows: not WSL: native Linux") == true, "\(check)")
            }
        }

        @Test("the bug report carries the matrix with the loopback probe's own rows (one probe per address), and its replay shows those cells as seen")
        func bugReportCarriesOneProbe() async throws {
            let context = try ScenarioContext()
            try await context.withMachine(.wsl2Mirrored, .closedPortHang) { session in
                let standIns = try ScenarioTests.Reach.standIns(session, port: context.port)
                defer { standIns.remove() }
                let gateway = try await ScenarioGuestGateway.start(session, name: "gw", arguments: context.portAndState)
                let started = try #require(await gateway.waitUntilListening(), "no start line: \(gateway.log)")
                defer { kill(started.pid, SIGTERM) }
                let directory = TestDirectory.make("reach-bugreport")
                defer { try? FileManager.default.removeItem(atPath: directory) }
                let file = directory + "/report.txt"
                let environment = ["OPENCLAW_WSL_CONF=\(standIns.wslConf)"]
                let run = try await session.exec(ScenarioBinaries.doctorCommand(
                    ["bugreport", "-o", file, "--port", String(context.port), "--state-dir", context.stateDir], environment: environment))
                #expect(run.status == 0, "\(run)")
                let text = try String(contentsOfFile: file, encoding: .utf8)
                #expect(!text.contains("probed once, by the loopback probe"), "the skipped rows are filled in the capture")
                let reportLine = try #require(text.split(separator: "\n").last)
                let embedded = try ScenarioDoctorReport(json: String(reportLine), status: 0)
                let probe = try embedded.check("gateway.probe"), reach = try embedded.check("gateway.reach")
                #expect(probe.status == "warn" && reach.status == "warn", "\(probe) | \(reach)")
                let seen = try #require(Self.linuxCell(reach.data, "127.0.0.1"), "\(reach)")
                #expect(seen["answer"] as? String == "no-answer", "\(seen)")
                #expect(seen["elapsedMs"] as? Int == (scenarioProbeEntry(probe, host: "127.0.0.1")?["elapsedMicros"] as? Int).map { $0 / 1000 }, "\(seen)")

                let replay = try await session.exec(ScenarioBinaries.doctorCommand(["--json", "--snapshot", file, "--only", "gateway.reach"]))
                let replayed = try ScenarioDoctorReport(json: replay.stdout, status: replay.status).check("gateway.reach")
                let cell = try #require(Self.linuxCell(replayed.data, "127.0.0.1"), "\(replayed)")
                #expect(cell["answer"] as? String == "no-answer" && cell["elapsedMs"] as? Int == seen["elapsedMs"] as? Int, "\(cell) vs \(seen)")
                #expect(Self.linuxCell(replayed.data, "::1")?["answer"] as? String == "other-gateway" || Self.linuxCell(replayed.data, "::1")?["answer"] as? String == "this-gateway",
                        "\(replayed)")
            }
        }

        @Test("every simulated machine, without and with a gateway inside: no check contradicts another on an address",
              arguments: Agreement.machines.indices)
        func noContradiction(_ index: Int) async throws {
            let (layout, scenario) = Self.machines[index]
            let context = try ScenarioContext()
            try await context.withMachine(layout, scenario) { session in
                let standIns = try ScenarioTests.Reach.standIns(session, port: context.port)
                defer { standIns.remove() }
                let environment = ["OPENCLAW_WSL_CONF=\(standIns.wslConf)"]
                func observe(_ label: String) async throws {
                    let doctor = try await session.exec(
                        ScenarioBinaries.doctorCommand(["--json", "--port", String(context.port), "--state-dir", context.stateDir],
                                                       environment: environment), timeout: .seconds(60))
                    // The matrix's JSON, in every machine and state, is what docs/doctor-report.schema.json says.
                    try DoctorSchema.validate(doctor.stdout)
                    let report = try ScenarioDoctorReport(json: doctor.stdout, status: doctor.status)
                    let status = try await session.exec(
                        ScenarioBinaries.cleanEnvironment + environment + [ScenarioBinaries.openclaw, "gateway", "status", "--json", "--reach"]
                            + context.portAndState)
                    let json = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any], "\(label): \(status)")
                    try Self.assertAgreement(report, status: json, label: label)
                    // The text form: the matrix under its heading, every IPv6 address with its port in brackets.
                    let text = try await session.exec(
                        ScenarioBinaries.cleanEnvironment + environment + [ScenarioBinaries.openclaw, "gateway", "status", "--reach"]
                            + context.portAndState)
                    #expect(text.stdout.contains("\nReach: ") && text.stdout.contains("from Linux to [::1]:\(context.port): "), "\(label): \(text.stdout)")
                    #expect(!text.stdout.replacingOccurrences(of: "[::1]:\(context.port)", with: "").contains("::1:\(context.port)"), "\(label): \(text.stdout)")
                    if layout == .wsl2Mirrored || layout == .wsl2NAT {
                        #expect(text.stdout.contains("from Windows to [::1]:\(context.port): "), "\(label): \(text.stdout)")
                    }
                }
                try await observe("\(layout.rawValue)+\(scenario.rawValue), no gateway")
                // A foreign Linux listener holds the port: the gateway would exit 75, and there is no running case.
                guard scenario != .linuxForeignListener else { return }
                let gateway = try await ScenarioGuestGateway.start(session, name: "gw", arguments: context.portAndState)
                let started = try #require(await gateway.waitUntilListening(), "no start line: \(gateway.log)")
                // The relay stand-in notices the listener within 50 ms.
                try await Task.sleep(for: .milliseconds(300))
                try await observe("\(layout.rawValue)+\(scenario.rawValue), gateway pid \(started.pid)")
                kill(started.pid, SIGTERM)
                _ = await gateway.waitForExit()
            }
        }
    }
}
