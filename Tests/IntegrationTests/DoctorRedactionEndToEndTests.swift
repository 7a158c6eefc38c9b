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
    }
}
