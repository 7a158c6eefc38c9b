import Foundation
import NetProbe
import Testing
import TestSupport

/// Issue 23 item 1, end to end: secrets planted in every form (`PlantedSecrets`) in every input kind the built
/// doctor reads (a journal made by `systemd-journal-remote`, in `_CMDLINE` as journald writes it and as the
/// attacker wrote it, and in `MESSAGE`; a port holder's command line; a pasted issue; the configuration file and
/// environment), and every output form grepped: text, `-v`, `--json`, `--redact`, `capture -o`,
/// `capture --no-redact -o`, `bugreport -o`, `triage --capture-out`.
@Suite("Secrets planted in every input, grepped in every output", .serialized)
struct SecretPlantingEndToEndTests {
    /// A journal export entry of the gateway's unit (the fields of `token-in-cmdline.export`).
    static func entry(time: Int, pid: Int, cmdline: String, message: String) -> String {
        """
        __REALTIME_TIMESTAMP=\(1777280100000000 + time * 1000)
        __MONOTONIC_TIMESTAMP=\(80100000000 + time * 1000)
        _BOOT_ID=4f3c2a1b9d8e7f60a1b2c3d4e5f60718
        _PID=\(pid)
        _UID=1000
        _COMM=node
        SYSLOG_IDENTIFIER=node
        _SYSTEMD_USER_UNIT=openclaw-gateway.service
        PRIORITY=6
        _HOSTNAME=wsl-box
        _CMDLINE=\(cmdline)
        MESSAGE=\(message)
        _SYSTEMD_UNIT=user@1000.service


        """
    }

    /// The doctor's outputs for these arguments: text, -v, --json -v, --redact (text and JSON), and the files of
    /// `capture -o` (redacted and not) and `bugreport -o`, each with a name.
    static func outputs(_ h: DoctorHarness, _ extra: [String], live: Bool) async throws -> [(String, String)] {
        var out: [(String, String)] = []
        for arguments in [[], ["-v"], ["--json", "-v"], ["--redact", "-v"], ["--redact", "--json", "-v"]] {
            let run = try await h.run(arguments + extra)
            out.append(("\(arguments) stdout", run.stdout))
            out.append(("\(arguments) stderr", run.stderr))
        }
        guard live else { return out }
        let captureExtra = extra.filter { $0 != "--snapshot" }
        for (arguments, name) in [(["capture"], "capture.txt"), (["capture", "--no-redact"], "raw.txt"), (["bugreport"], "report.txt")] {
            let file = h.home + "/" + name
            let run = try await h.run(arguments + ["-o", file] + captureExtra, plain: arguments[0] == "capture")
            #expect(run.code == 0, "\(arguments): \(run.stderr)")
            out.append(("\(arguments) -o", (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""))
            out.append(("\(arguments) stderr", run.stderr))
        }
        return out
    }

    @Test("journal: every form in _CMDLINE (quotes kept, and as journald joins argv) and MESSAGE is masked in every output")
    func journal() async throws {
        try DoctorHarness.requireBinaries()
        var rng = SeededGenerator(seed: 0x23_01)
        let planted = PlantedSecrets(&rng)
        var export = ""
        for (k, form) in planted.forms.enumerated() {
            let joined = (form.text.hasPrefix("-") ? PlantedSecrets.shellWords(form.text) : [form.text]).joined(separator: " ")
            export += Self.entry(time: 2 * k, pid: 7000 + k, cmdline: "/usr/bin/node index.js gateway \(form.text) --port 18789",
                                 message: "plant-\(k) \(form.text) done")
            export += Self.entry(time: 2 * k + 1, pid: 7000 + k, cmdline: "/usr/bin/node index.js gateway \(joined) --port 18789",
                                 message: "plant-\(k)b listening on ws://127.0.0.1:18789")
        }
        let dir = try JournalFixture.directory(export: export, prefix: "journal-secrets")
        let h = DoctorHarness()
        defer { h.cleanUp(); try? FileManager.default.removeItem(atPath: dir) }
        let outputs = try await Self.outputs(h, ["--journal-dir", dir], live: true)
        for (name, text) in outputs {
            #expect(planted.leaks(in: text).isEmpty, "\(name): \(planted.leaks(in: text).prefix(5))")
        }
        // The journal did reach the outputs (a green run means something): the capture holds every entry.
        let capture = try #require(outputs.first { $0.0 == "[\"capture\", \"--no-redact\"] -o" }?.1)
        #expect(capture.contains("plant-0 ") && capture.contains("plant-\(planted.forms.count - 1)b"), "every planted entry is in the capture")
        #expect(capture.contains("--token=*** ") && capture.contains("Bearer ***"))
    }

    @Test("a port holder's command line: every option spelling and header argument shows *** in every output")
    func portHolder() async throws {
        try DoctorHarness.requireBinaries()
        var rng = SeededGenerator(seed: 0x23_02)
        let planted = PlantedSecrets(&rng)
        // The option forms of a few names, and every header form, as a shell would pass them.
        let chosen = planted.forms.filter { form in
            (form.text.hasPrefix("--access-token") || form.text.hasPrefix("-api_key") || form.text.hasPrefix("--gateway.auth.token")
                || form.text.hasPrefix("-token") || form.text.hasPrefix("-H ") || form.text.hasPrefix("--password"))
        }
        let arguments = chosen.flatMap { PlantedSecrets.shellWords($0.text) }
        let h = DoctorHarness()
        defer { h.cleanUp() }
        let script = "import http.server,sys; http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), http.server.BaseHTTPRequestHandler).serve_forever()"
        let server = try SpawnedChild.start("/usr/bin/env", ["python3", "-c", script, String(h.port)] + arguments + ["--end-of-plant"],
                                            environment: ChildEnvironment.clean())
        defer { server.terminate() }
        var listening = false
        for _ in 0..<200 where !listening {
            listening = (try? GatewayWireClient(host: "127.0.0.1", port: h.port)) != nil
            if !listening { try await Task.sleep(for: .milliseconds(50)) }
        }
        try #require(listening, "the python listener did not start: \(server.stderr)")
        let outputs = try await Self.outputs(h, [], live: false)
        for (name, text) in outputs {
            #expect(planted.leaks(in: text).isEmpty, "\(name): \(planted.leaks(in: text).prefix(5))")
        }
        let json = try #require(outputs.first { $0.0 == "[\"--json\", \"-v\"] stdout" }?.1)
        #expect(json.contains("--end-of-plant"), "the whole command line is in the report")
        #expect(json.contains("\"--access-token\",\"***\"") || json.contains("--access-token=***"))
    }

    @Test("a pasted issue: every form in commands and output lines is masked in triage's text, JSON, --redact and --capture-out")
    func paste() async throws {
        try DoctorHarness.requireBinaries()
        var rng = SeededGenerator(seed: 0x23_03)
        let planted = PlantedSecrets(&rng)
        var paste = "## What happened\n\nThe gateway would not start.\n\n```\n$ ip addr\n"
        paste += "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n"
        paste += "    inet 127.0.0.1/8 scope host lo\n```\n\n"
        for form in planted.forms {
            paste += "```\n$ openclaw gateway run \(form.text)\n\(form.text)\nerror: \(form.text)\n```\n\n"
        }
        let h = DoctorHarness()
        defer { h.cleanUp() }
        let file = h.home + "/issue.md"
        try paste.write(toFile: file, atomically: true, encoding: .utf8)
        for arguments in [[], ["-v"], ["--json"], ["--redact"], ["--redact", "--json"]] {
            let capture = h.home + "/triage-capture.txt"
            let run = try await h.run(["triage", file, "--capture-out", capture, "--force"] + arguments, plain: true)
            #expect(run.code != nil, "\(arguments)")
            for (name, text) in [("stdout", run.stdout), ("stderr", run.stderr),
                                 ("capture", (try? String(contentsOfFile: capture, encoding: .utf8)) ?? "")] {
                #expect(planted.leaks(in: text).isEmpty, "triage \(arguments) \(name): \(planted.leaks(in: text).prefix(5))")
            }
        }
        let json = try await h.run(["triage", file, "--json"], plain: true)
        #expect(json.stdout.contains("openclaw gateway run --token=***"), "the paste's commands reach the report, masked")
    }

    @Test("the configuration file's and the environment's token never reach an output")
    func configuration() async throws {
        try DoctorHarness.requireBinaries()
        let h = DoctorHarness()
        defer { h.cleanUp() }
        try FileManager.default.createDirectory(atPath: h.stateDir, withIntermediateDirectories: true)
        let config = "{\"gateway\" : {\"auth\" : {\"token\" : \"SeKrConfigTokenValue1234\"}, \"bind\": \"lan\"}}\n"
        try config.write(toFile: h.stateDir + "/openclaw.json", atomically: true, encoding: .utf8)
        for arguments in [[], ["-v"], ["--json", "-v"], ["--redact", "--json", "-v"]] {
            let run = try await h.run(arguments, extraEnvironment: ["OPENCLAW_GATEWAY_PASSWORD": "SeKrEnvPassword5678"])
            #expect(!run.stdout.contains("SeKr") && !run.stderr.contains("SeKr"), "\(arguments)")
        }
        let file = h.home + "/capture.txt"
        _ = try await h.run(["capture", "--no-redact", "-o", file], plain: true,
                            extraEnvironment: ["OPENCLAW_GATEWAY_TOKEN": "SeKrEnvToken5678", "OPENCLAW_STATE_DIR": h.stateDir])
        #expect(!((try? String(contentsOfFile: file, encoding: .utf8)) ?? "SeKr").contains("SeKr"))
    }
}
