import Foundation
import NetProbe
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `capture` and `--redact` on THIS machine: nothing of the machine's addresses, MACs, host or user names
/// survives, and the redacted capture classifies as the original does.
@Suite("openclaw-doctor redaction end to end", .serialized)
struct DoctorRedactionEndToEndTests {
    static func localNames(home: String) -> (hosts: Set<String>, users: Set<String>) {
        var buffer = [CChar](repeating: 0, count: 256)
        var hosts: Set<String> = []
        if gethostname(&buffer, 255) == 0 {
            let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            hosts.insert(name)
        }
        var users: Set<String> = []
        if let pw = getpwuid(geteuid()) { users.insert(String(decoding: Data(bytes: pw.pointee.pw_name, count: strlen(pw.pointee.pw_name)), as: UTF8.self)) }
        return (hosts, users)
    }

    @Test("capture (redacted by default) and --redact leak nothing of this machine; the verdict is unchanged")
    func thisMachine() async throws {
        try DoctorHarness.requireBinaries()
        let h = DoctorHarness()
        defer { h.cleanUp() }
        let raw = try await h.run(["capture", "--no-redact"], plain: true)
        let redacted = try await h.run(["capture"], plain: true)
        #expect(raw.code == 0 && redacted.code == 0, "\(raw.stderr) \(redacted.stderr)")
        let original = CaptureReader.parse(text: raw.stdout, file: "raw")
        let names = Self.localNames(home: h.home)
        let sensitive = DoctorSensitive.tokens(of: original, hostNames: names.hosts, userNames: names.users)
        #expect(!sensitive.addresses.isEmpty || original.addresses == nil, "this machine has addresses to hide")
        #expect(DoctorSensitive.leaks(sensitive, in: redacted.stdout).isEmpty, "\(DoctorSensitive.leaks(sensitive, in: redacted.stdout))")
        // The raw capture does contain them (the check above can fail).
        if !sensitive.addresses.isEmpty { #expect(!DoctorSensitive.leaks(sensitive, in: raw.stdout).isEmpty) }

        let a = Classifier.classify(original)
        let b = Classifier.classify(CaptureReader.parse(text: redacted.stdout, file: "redacted"))
        #expect(a.kind == b.kind && a.container == b.container && a.wslNetworkingMode == b.wslNetworkingMode && a.confidence == b.confidence)

        let (_, report) = try await h.json(["--redact"])
        #expect(report["redacted"] as? Bool == true)
        #expect(LiveVerdict.matches(report["environment"], a))
        let json = try await h.run(["--redact", "--json", "-v"])
        #expect(DoctorSensitive.leaks(sensitive, in: json.stdout).isEmpty, "\(DoctorSensitive.leaks(sensitive, in: json.stdout))")
        let text = try await h.run(["--redact", "-v"])
        #expect(DoctorSensitive.leaks(sensitive, in: text.stdout).isEmpty)
        #expect(text.stdout.contains("(redacted: "))

        let file = h.home + "/capture.txt"
        let written = try await h.run(["capture", "-o", file], plain: true)
        #expect(written.code == 0 && written.stderr.contains("(redacted)") && written.stdout.isEmpty)
        let replay = try await h.json(["--snapshot", file])
        #expect(LiveVerdict.matches(replay.report["environment"], a))
        #expect(replay.report["redacted"] as? Bool == true, "a replayed redacted capture says so")
        let rawFile = h.home + "/raw.txt"
        _ = try await h.run(["capture", "--no-redact", "-o", rawFile], plain: true)
        #expect(try await h.json(["--snapshot", rawFile]).report["redacted"] as? Bool == false)
    }

    @Test("a doctor never prints a secret: the port holder's --token and --password= show *** in plain, -v, --json, --redact")
    func portHolderSecret() async throws {
        try DoctorHarness.requireBinaries()
        let h = DoctorHarness()
        defer { h.cleanUp() }
        let script = "import http.server,sys; http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), http.server.BaseHTTPRequestHandler).serve_forever()"
        let server = try SpawnedChild.start("/usr/bin/env", ["python3", "-c", script, String(h.port), "--token", "s3cr3t-e2e-token", "--password=s3cr3t-e2e-pw"],
                                      environment: ChildEnvironment.clean())
        defer { server.terminate() }
        var listening = false
        for _ in 0..<200 where !listening {
            listening = (try? GatewayWireClient(host: "127.0.0.1", port: h.port)) != nil
            if !listening { try await Task.sleep(for: .milliseconds(50)) }
        }
        listening = listening || (try? GatewayWireClient(host: "127.0.0.1", port: h.port)) != nil
        try #require(listening, "the python listener did not start: \(server.stderr)")
        for arguments in [[], ["-v"], ["--json"], ["--json", "-v"], ["--redact"], ["--redact", "--json", "-v"]] {
            let run = try await h.run(arguments)
            #expect(!run.stdout.contains("s3cr3t-e2e") && !run.stderr.contains("s3cr3t-e2e"), "\(arguments)")
        }
        let json = try await h.run(["--json"])
        #expect(json.stdout.contains("--token ***") && json.stdout.contains("--password=***"), "\(json.stdout)")
    }
}
