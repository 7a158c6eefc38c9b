import Foundation
import NetProbe
import Testing
import TestSupport

/// The built `openclaw-doctor` and `openclaw doctor`: exit codes, JSON on stdout only, check selection, snapshots,
/// colour, and a damaged machine view.
@Suite("openclaw-doctor command line", .serialized)
struct DoctorCommandLineTests {
    static let allIDs = [
        "env.classification", "env.wsl.requested-vs-effective", "env.wsl.config-keys", "net.loopback",
        "net.loopback-routing", "gateway.port", "gateway.probe", "gateway.reach", "gateway.lock", "gateway.state", "gateway.cmdline", "gateway.plan",
        "gateway.bind",
        "supervisor.systemd", "supervisor.journal",
        "windows.interop", "windows.port-holder", "windows.excluded-port", "windows.dynamic-range", "windows.adapters", "wsl.version",
    ]

    @Test("live --json: one valid object, the live verdict, exit 0/1 as the checks say; openclaw doctor agrees")
    func liveJSON() async throws {
        try DoctorHarness.requireBinaries()
        let h = DoctorHarness()
        defer { h.cleanUp() }
        let verdict = LiveVerdict.current()
        let (run, report) = try await h.json([])
        #expect(run.code == report.expectedExitCode, "stderr: \(run.stderr)")
        #expect(run.code == ((report["ok"] as? Bool) == true ? 0 : 1))
        #expect(LiveVerdict.matches(report["environment"], verdict), "\(report["environment"] ?? "-") vs \(verdict.summary)")
        #expect((report["checks"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == Self.allIDs)
        #expect(report["source"] as? String == "live" && report["port"] as? Int == Int(h.port))
        #expect(report.status("gateway.port") == "ok" && report.status("gateway.lock") == "ok", "\(report.statuses)")
        #expect(run.stderr.isEmpty, "stderr: \(run.stderr)")

        let (run2, report2) = try await h.json([], viaOpenclaw: true)
        #expect(run2.code == run.code)
        #expect(report2.statuses == report.statuses)
    }

    @Test("snapshots: exit 0 for a clean capture, 1 for one with a warning; live checks skip with a reason")
    func snapshotExitCodes() async throws {
        try DoctorHarness.requireBinaries()
        let h = DoctorHarness()
        defer { h.cleanUp() }
        for via in [false, true] {
            let (clean, cleanReport) = try await h.json(["--snapshot", Fixtures.path("captures/native-debian.txt")], viaOpenclaw: via)
            #expect(clean.code == 0 && cleanReport.expectedExitCode == 0, "\(cleanReport.statuses)")
            for id in ["gateway.port", "gateway.probe", "gateway.lock", "supervisor.systemd"] {
                #expect(cleanReport.status(id) == "skip")
                #expect((cleanReport.check(id)?["data"] as? [String: Any])?["reason"] as? String == "snapshot")
            }
            let (warned, warnedReport) = try await h.json(["--snapshot", Fixtures.path("captures/wsl2-mirrored-requested-but-nat.txt")], viaOpenclaw: via)
            #expect(warned.code == 1 && warnedReport.status("env.wsl.requested-vs-effective") == "warn")
            let findings = warnedReport["findings"] as? [[String: Any]] ?? []
            #expect(findings.contains { $0["checkId"] as? String == "env.wsl.requested-vs-effective" && $0["severity"] as? String == "warning" })
            let text = try await h.run(["--snapshot", Fixtures.path("captures/wsl2-mirrored-requested-but-nat.txt")], viaOpenclaw: via)
            #expect(text.code == 1)
            #expect(text.stdout.contains("! env.wsl.requested-vs-effective: requested mirrored but the machine is in nat mode"))
            #expect(text.stdout.hasSuffix("1 warning, 0 failures.\n"))
        }
    }

    @Test("exit 64 for bad arguments and unknown check ids (named), exit 2 for an unreadable snapshot; the error object in JSON mode")
    func exitTwo() async throws {
        try DoctorHarness.requireBinaries()
        let h = DoctorHarness()
        defer { h.cleanUp() }
        let cases: [([String], String, String)] = [
            (["--only", "no.such-check"], "usage", "no.such-check"),
            (["--skip", "gateway.port", "--skip", "bogus.id"], "usage", "bogus.id"),
            (["--port", "notaport"], "usage", "notaport"),
            (["--port", "0"], "usage", "--port"),
            (["--dry-run"], "usage", "--dry-run"),
            (["--fix", "--snapshot", Fixtures.path("captures/wsl2-nat.txt")], "usage", "--snapshot"),
            (["--frobnicate"], "usage", "frobnicate"),
            (["--snapshot", "/nonexistent/openclaw/capture.txt"], "snapshot-unreadable", "/nonexistent/openclaw/capture.txt"),
        ]
        for via in [false, true] {
            for (arguments, code, named) in cases {
                // A usage error is EX_USAGE (64) under both names; 2 is the doctor's "could not run".
                let exit: Int32 = code == "usage" ? 64 : 2
                let text = try await h.run(arguments, viaOpenclaw: via, plain: true)
                #expect(text.code == exit, "\(arguments): \(text.stderr)")
                #expect(text.stdout.isEmpty, "\(arguments): stdout must stay empty without --json")
                #expect(text.stderr.contains(named), "\(arguments): \(text.stderr)")
                let json = try await h.run(arguments + ["--json"], viaOpenclaw: via, plain: true)
                #expect(json.code == exit)
                try DoctorSchema.validate(json.stdout)
                let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
                let error = object["error"] as? [String: Any]
                #expect(error?["code"] as? String == code, "\(arguments)")
                #expect((error?["message"] as? String)?.contains(named) == true, "\(arguments)")
            }
        }
        let help = try await h.run(["--help"], plain: true)
        // The top page is the root command's own (the report is its run()): its options and the subcommands.
        #expect(help.code == 0 && help.stdout.contains("--list-checks") && help.stdout.contains("\nOPTIONS:\n")
                && help.stdout.contains("SUBCOMMANDS:"), "\(help.stdout)")
        let reportHelp = try await h.run(["report", "--help"], plain: true)
        #expect(reportHelp.code == 0 && reportHelp.stdout.contains("--list-checks"))
    }

    @Test("--snapshot reads no local configuration: a malformed openclaw.json and OPENCLAW_GATEWAY_* change nothing; live they are config-invalid")
    func replayIgnoresLocalConfiguration() async throws {
        try DoctorHarness.requireBinaries()
        let h = DoctorHarness()
        defer { h.cleanUp() }
        let snapshot = ["--snapshot", Fixtures.path("captures/native-debian.txt"), "--json"]
        // The plain replay first: the home holds no state directory and nothing is set.
        let runtime = (h.home as NSString).deletingLastPathComponent + "/runtime"
        try FileManager.default.createDirectory(atPath: runtime, withIntermediateDirectories: true)
        let quiet = ["XDG_RUNTIME_DIR": runtime]
        let plain = try await h.run(snapshot, plain: true, extraEnvironment: quiet)
        try DoctorSchema.validate(plain.stdout)
        let plainReport = try #require(try JSONSerialization.jsonObject(with: Data(plain.stdout.utf8)) as? [String: Any])

        // Then the same replay with a malformed file where the default state directory is ($HOME/.openclaw), and
        // every OPENCLAW_GATEWAY_* set (a token that is blank, a bind beyond loopback, a port that is not one).
        let state = h.home + "/.openclaw"
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        let file = state + "/openclaw.json"
        try "{\n  \"gateway\": {\n    \"port\": ,\n  }\n".write(toFile: file, atomically: true, encoding: .utf8)
        var local = quiet
        local["OPENCLAW_GATEWAY_TOKEN"] = "   "
        local["OPENCLAW_GATEWAY_BIND"] = "lan"
        local["OPENCLAW_GATEWAY_BIND_HOST"] = "10.9.8.7"
        local["OPENCLAW_GATEWAY_PORT"] = "notaport"
        let replay = try await h.run(snapshot, plain: true, extraEnvironment: local)
        #expect(replay.code == plain.code, "stderr: \(replay.stderr)")
        #expect(!replay.stdout.contains("config-invalid") && !replay.stderr.contains(file), "\(replay.stdout)\n\(replay.stderr)")
        try DoctorSchema.validate(replay.stdout)
        let replayReport = try #require(try JSONSerialization.jsonObject(with: Data(replay.stdout.utf8)) as? [String: Any])
        #expect(replayReport.statuses == plainReport.statuses)
        #expect(replayReport.title("gateway.plan") == plainReport.title("gateway.plan"), "\(replayReport.title("gateway.plan"))")
        #expect(replayReport.title("gateway.plan").hasSuffix("127.0.0.1:18789, [::1]:18789"), "\(replayReport.title("gateway.plan"))")

        // Live, the same file and variables are read, and the malformed file ends the report (exit 2).
        let live = try await h.run(["--json"], plain: true, extraEnvironment: local)
        #expect(live.code == 2, "\(live.stdout)\n\(live.stderr)")
        try DoctorSchema.validate(live.stdout)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(live.stdout.utf8)) as? [String: Any])
        let error = object["error"] as? [String: Any]
        #expect(error?["code"] as? String == "config-invalid", "\(live.stdout)")
    }

    @Test("gateway.bind \"custom\" in openclaw.json without a host: gateway.plan fails with the fix naming that file and line")
    func planFixNamesTheFile() async throws {
        try DoctorHarness.requireBinaries()
        let h = DoctorHarness()
        defer { h.cleanUp() }
        try FileManager.default.createDirectory(atPath: h.stateDir, withIntermediateDirectories: true)
        let file = h.stateDir + "/openclaw.json"
        try "{\n  \"gateway\": {\n    \"bind\": \"custom\"\n  }\n}\n".write(toFile: file, atomically: true, encoding: .utf8)
        let (run, report) = try await h.json(["--only", "gateway.plan", "--only", "gateway.bind"])
        #expect(run.code == 1, "\(run.stderr)")
        let plan = try #require(report.check("gateway.plan"), "\(report)")
        #expect(plan["status"] as? String == "fail" && plan["title"] as? String == "--bind custom needs --bind-host ADDRESS.", "\(plan)")
        let fix = plan["fix"] as? String ?? ""
        #expect(fix.hasPrefix("edit \(file): add gateway.customBindHost") && fix.contains("(line 3)"), "\(fix)")
        // One refusal, one fix: gateway.bind does not judge the refused plan again.
        #expect(report.status("gateway.bind") == "skip", "\(report.statuses)")
        // Given on the command line, the fix is about the option.
        let (_, optionReport) = try await h.json(["--only", "gateway.plan", "--bind", "custom"])
        #expect(optionReport.check("gateway.plan")?["fix"] as? String == "add --bind-host ADDRESS (an IP address literal), or use --bind loopback")
    }

    @Test("a replay without --port judges the port its reach probes were made for; --port still wins")
    func replayPort() async throws {
        try DoctorHarness.requireBinaries()
        let h = DoctorHarness()
        defer { h.cleanUp() }
        let probed = 28_517
        let reach = ["127.0.0.1", "::1"].map { host in
            #"{"result":{"elapsedMicros":70,"host":"\#(host)","outcome":{"verdict":"refused"},"port":\#(probed)},"target":{"host":"\#(host)","role":"\#(host == "::1" ? "ipv6-loopback" : "loopback")","source":"linux"}}"#
        }
        let capture = h.home + "/probed.txt"
        let base = try String(contentsOfFile: Fixtures.path("captures/native-debian.txt"), encoding: .utf8)
        try (base + (base.hasSuffix("\n") ? "" : "\n") + "### reach\n" + reach.joined(separator: "\n") + "\n").write(toFile: capture, atomically: true, encoding: .utf8)
        let replay = try await h.run(["--snapshot", capture, "--only", "gateway.reach", "-v"], plain: true)
        let header = replay.stdout.split(separator: "\n").first.map(String.init) ?? ""
        #expect(header.contains(", port \(probed) [snapshot"), "\(header)\n\(replay.stderr)")
        #expect(replay.stdout.contains("127.0.0.1:\(probed)") && !replay.stdout.contains("127.0.0.1:18789"), "\(replay.stdout)")
        let given = try await h.run(["--snapshot", capture, "--only", "gateway.plan", "--port", "19123"], plain: true)
        #expect(given.stdout.split(separator: "\n").first?.contains(", port 19123 [snapshot") == true, "\(given.stdout)")
        let plain = try await h.run(["--snapshot", Fixtures.path("captures/native-debian.txt"), "--only", "gateway.plan"], plain: true)
        #expect(plain.stdout.split(separator: "\n").first?.contains(", port 18789 [snapshot") == true, "\(plain.stdout)")
    }

    @Test("--list-checks, --only, --skip (repeatable)")
    func selection() async throws {
        try DoctorHarness.requireBinaries()
        let h = DoctorHarness()
        defer { h.cleanUp() }
        let list = try await h.run(["--list-checks"], plain: true)
        #expect(list.code == 0)
        #expect(list.stdout.split(separator: "\n").map { String($0.split(separator: "\t").first ?? "").replacingOccurrences(of: " (live)", with: "") } == Self.allIDs)
        #expect(list.stdout.contains("gateway.lock (live)\t"))
        // With --json: one object on one line, the schema's checkList (it printed the text list).
        let listJSON = try await h.run(["--list-checks", "--json"], plain: true)
        #expect(listJSON.code == 0 && listJSON.stdout.hasSuffix("}\n") && listJSON.stdout.filter { $0 == "\n" }.count == 1, "\(listJSON.stdout)")
        try DoctorSchema.validate(listJSON.stdout)
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(listJSON.stdout.utf8)) as? [String: Any])
        let entries = listed["checks"] as? [[String: Any]] ?? []
        #expect(entries.compactMap { $0["id"] as? String } == Self.allIDs)
        #expect(entries.first { $0["id"] as? String == "gateway.lock" }?["live"] as? Bool == true)
        #expect(entries.first { $0["id"] as? String == "gateway.plan" }?["live"] as? Bool == false)

        let (_, only) = try await h.json(["--only", "net.loopback", "--only", "gateway.plan"])
        #expect(only.statuses.keys.sorted() == ["gateway.plan", "net.loopback"])
        #expect(only["checksRun"] as? Int == 2)

        let (_, skipped) = try await h.json(["--skip", "gateway.probe", "--skip", "env.classification"])
        #expect(skipped.status("gateway.probe") == "skip" && skipped.status("env.classification") == "skip")
        #expect((skipped.check("gateway.probe")?["data"] as? [String: Any])?["reason"] as? String == "skipped by --skip")
        #expect(skipped.statuses.count == Self.allIDs.count)
    }

    @Test("no escape codes when not a terminal or with NO_COLOR; colour on a pseudo-terminal (script -qc)")
    func colour() async throws {
        try DoctorHarness.requireBinaries()
        let h = DoctorHarness()
        defer { h.cleanUp() }
        let snapshot = Fixtures.path("captures/wsl2-mirrored-requested-but-nat.txt")
        let piped = try await h.run(["--snapshot", snapshot])
        #expect(!piped.stdout.contains("\u{1B}") && piped.stdout.contains("! env.wsl.requested-vs-effective"))
        let noColour = try await h.run(["--snapshot", snapshot], extraEnvironment: ["NO_COLOR": "1"])
        #expect(!noColour.stdout.contains("\u{1B}"))

        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { return }
        let command = "\(DoctorTestSupport.doctorBinary) --snapshot \(snapshot) --port \(h.port)"
        var env = ChildEnvironment.clean(home: h.home)
        env["TERM"] = "xterm"
        let tty = try await DoctorTestSupport.run("/usr/bin/script", ["-qec", command, "/dev/null"], environment: env)
        #expect(tty.code == 1, "script passes the doctor's exit code: \(tty.stderr)")
        #expect(tty.stdout.contains("\u{1B}[33m!\u{1B}[0m env.wsl.requested-vs-effective"), "\(tty.stdout.prefix(400))")
        env["NO_COLOR"] = "1"
        let ttyNoColour = try await DoctorTestSupport.run("/usr/bin/script", ["-qec", command, "/dev/null"], environment: env)
        #expect(!ttyNoColour.stdout.contains("\u{1B}[") && ttyNoColour.stdout.contains("! env.wsl.requested-vs-effective"))
    }

    @Test("-v adds the evidence and every detail")
    func verbose() async throws {
        try DoctorHarness.requireBinaries()
        let h = DoctorHarness()
        defer { h.cleanUp() }
        let snapshot = Fixtures.path("captures/wsl2-mirrored-full.txt")
        let short = try await h.run(["--snapshot", snapshot])
        let long = try await h.run(["--snapshot", snapshot, "-v"])
        #expect(!short.stdout.contains("netlink.loopback0") && long.stdout.contains("netlink.loopback0"))
        #expect(long.code == short.code)
    }

    @Test("a damaged machine view completes: netlink in a missing namespace, every file missing")
    func damaged() async throws {
        try DoctorHarness.requireBinaries()
        let h = DoctorHarness()
        defer { h.cleanUp() }
        let (netns, report) = try await h.json([], extraEnvironment: ["OPENCLAW_DOCTOR_NETNS": "/run/netns/openclaw-missing-\(h.port)"])
        #expect(netns.code == report.expectedExitCode)
        #expect((report["warnings"] as? [String])?.contains { $0.contains("unknown") } == true, "\(report["warnings"] ?? "-")")
        #expect(report.status("net.loopback") == "skip")
        #expect(report.statuses.count == Self.allIDs.count)

        let empty = TestDirectory.make("emptyroot")
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let (files, filesReport) = try await h.json([], extraEnvironment: ["OPENCLAW_DOCTOR_FILE_ROOT": empty])
        #expect(files.code == filesReport.expectedExitCode)
        #expect(filesReport.statuses.count == Self.allIDs.count)
        let text = try await h.run([], extraEnvironment: ["OPENCLAW_DOCTOR_NETNS": "/run/netns/openclaw-missing-\(h.port)"])
        #expect(text.stdout.contains("  warning: ") && text.stdout.contains("checks run"))
    }

    @Test("wall time of a live report (measured, not asserted)")
    func wallTime() async throws {
        try DoctorHarness.requireBinaries()
        let h = DoctorHarness()
        defer { h.cleanUp() }
        var times: [Double] = []
        for _ in 0..<3 { times.append(try await h.run(["--json"]).seconds) }
        let snapshot = try await h.run(["--snapshot", Fixtures.path("captures/wsl2-mirrored-full.txt"), "--json"]).seconds
        print("doctor wall time: live \(times.map { String(format: "%.3f", $0) }.joined(separator: ", ")) s; snapshot \(String(format: "%.3f", snapshot)) s")
        #expect(times.count == 3)
    }
}
