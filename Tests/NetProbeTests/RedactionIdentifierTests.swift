import Foundation
import Testing
import TestSupport
@testable import NetProbe

/// Issue 23 item 2: identifiers the attacker round found left after redaction, and a redaction that changed a
/// verdict (a user named `scope` turned `docker-ID.scope` into `docker-ID.user-...`).
@Suite("Redaction: identifiers and verdicts")
struct RedactionIdentifierTests {
    @Test("a Windows user name with a space goes whole, in a plain path and in a Windows path")
    func spacedUserName() {
        var f = MachineFacts(origin: .live)
        f.wslconfig = WslConfigFile(path: "/mnt/c/Users/Bob Smith/.wslconfig", text: "[wsl2]\nnetworkingMode=mirrored\n")
        f.warnings = [FactWarning(file: nil, section: nil, line: nil, message: "could not read C:\\Users\\Jane Q Doe\\.wslconfig")]
        let r = Redactor(key: 31, learningFrom: f)
        let out = r.redact(f)
        let texts = [out.wslconfig?.path ?? "", out.warnings.map(\.message).joined(), r.scrub("Bob Smith logged in; Jane Q Doe too")]
        for text in texts {
            for word in ["Bob", "Smith", "Jane", "Doe"] { #expect(!text.contains(word), "\(word) in \(text)") }
        }
        #expect(out.wslconfig?.path.hasPrefix("/mnt/c/Users/user-") == true)
        #expect(out.wslconfig?.path.hasSuffix("/.wslconfig") == true)
        // Prose after a path is no name: only the component itself is.
        let prose = Redactor(key: 31, learningFrom: { var m = MachineFacts(origin: .live); m.warnings = [FactWarning(file: nil, section: nil, line: nil, message: "/home/carol is missing from /etc/passwd")]; return m }())
        #expect(prose.scrub("the file is missing") == "the file is missing")
        #expect(!prose.scrub("carol").contains("carol"))
    }

    @Test("MACs in Windows (dashes) and Cisco (dotted) notation are replaced in the same notation, consistently", arguments: [
        "Physical Address. . . . . . . . . : 3C-22-FB-12-34-56",
        "  192.168.1.1           3c-22-fb-12-34-56     dynamic",
        "mac 3c22.fb12.3456 on Gi0/1",
        "3C:22:FB:12:34:56 and 3c-22-fb-12-34-56",
    ])
    func macNotations(line: String) {
        let r = Redactor(key: 32)
        let out = r.scrub(line)
        for form in ["3C-22-FB-12-34-56", "3c22.fb12.3456", "3C:22:FB:12:34:56", "12-34-56", "12:34:56", "fb12", "3456"] {
            #expect(!out.lowercased().contains(form.lowercased()), "\(form) in \(out)")
        }
        let colons = r.scrub("3c:22:fb:12:34:56")
        #expect(r.scrub("3C-22-FB-12-34-56") == colons.replacingOccurrences(of: ":", with: "-").uppercased(), "one MAC, one token")
        #expect(r.scrub("3c22.fb12.3456").replacingOccurrences(of: ".", with: "") == colons.replacingOccurrences(of: ":", with: ""))
        #expect(r.scrub("00-15-5D-01-02-03").hasPrefix("00-15-5D-"), "the Hyper-V OUI stays in every notation")
        #expect(r.scrub("build 10.0.22631-3C-22") == "build 10.0.22631-3C-22", "not six groups: no MAC")
    }

    @Test("addresses inside the kernel's ip= parameter and ADDR:PORT are replaced; the layout stays")
    func kernelIPParameter() {
        let r = Redactor(key: 33)
        let line = "console=ttyS0 ip=203.0.113.77::203.0.113.1:255.255.255.0:box:eth0:off root=/dev/nfs"
        let out = r.scrub(line)
        for address in ["203.0.113.77", "203.0.113.1"] { #expect(!out.contains(address), "\(address) in \(out)") }
        #expect(out.contains("::") && out.hasSuffix(":eth0:off root=/dev/nfs") && out.hasPrefix("console=ttyS0 ip="), "\(out)")
        #expect(out.contains(r.scrub("203.0.113.77") + "::" + r.scrub("203.0.113.1")), "the same tokens as alone")
        #expect(!r.scrub("peer 198.51.100.7:52001").contains("198.51.100.7"))
        #expect(r.scrub("at 12:34:56.789") == "at 12:34:56.789", "a time is no address")
    }

    @Test("a known user name inside an interface or unit name is replaced (wg-bobsmith, bobsmith_vpn)")
    func nameInsideInterface() {
        let r = Redactor(key: 34, userNames: ["bobsmith"])
        for text in ["wg-bobsmith: <POINTOPOINT,NOARP,UP,LOWER_UP>", "dev bobsmith_vpn", "tun-BobSmith-0"] {
            #expect(!r.scrub(text).lowercased().contains("bobsmith"), "\(r.scrub(text))")
        }
        #expect(r.scrub("wg-bobsmith").hasPrefix("wg-user-"))
    }

    /// The words of a capture: every run of letters, digits, `_`, `-`, `.` with a letter, and its `.`/`-`/`_` parts.
    static func words(of text: String) -> Set<String> {
        var out: Set<String> = []
        for run in text.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == ".") }) {
            let w = String(run).trimmingCharacters(in: ["."])
            guard w.count >= 2, w.contains(where: \.isLetter) else { continue }
            out.insert(w)
            for part in w.split(whereSeparator: { $0 == "." || $0 == "-" || $0 == "_" }) where part.count >= 2 && part.contains(where: \.isLetter) {
                out.insert(String(part))
            }
        }
        return out
    }

    static func fingerprint(_ v: EnvironmentVerdict) -> String {
        "\(v.kind) \(String(describing: v.container)) \(String(describing: v.wslNetworkingMode)) \(v.confidence) "
            + v.evidence.map { "\($0.signal):\($0.stance)" }.sorted().joined(separator: ",")
    }

    @Test("a token never replaces a word the classifier reads: every word of every fixture as a user name, and as a host name, leaves each verdict as it was",
          arguments: Fixtures.files(in: "captures"))
    func everyWordAsAName(file: String) throws {
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let facts = CaptureReader.parse(text: text, file: file)
        let original = Self.fingerprint(Classifier.classify(facts))
        let words = Self.words(of: text)
        for names in [(users: words, hosts: Set<String>()), (users: Set<String>(), hosts: words)] {
            let redacted = Redactor(key: 35, hostNames: names.hosts, userNames: names.users, learningFrom: facts).redact(facts)
            #expect(Self.fingerprint(Classifier.classify(redacted)) == original, "\(file): \(names.users.isEmpty ? "hosts" : "users")")
            let replayed = CaptureReader.parse(text: CaptureWriter.write(redacted), file: "replay")
            #expect(Self.fingerprint(Classifier.classify(replayed)) == original, "\(file) replayed")
        }
    }

    @Test("the issue's case: a user named scope and a docker scope cgroup stay a container")
    func scopeUser() {
        var f = MachineFacts(origin: .live)
        f.cgroup = "0::/system.slice/docker-4f3c2a1b9d8e7f60a1b2c3d4e5f607184f3c2a1b9d8e7f60a1b2c3d4e5f60718.scope\n"
        let before = Classifier.classify(f)
        let after = Classifier.classify(Redactor(key: 36, userNames: ["scope", "slice", "system"]).redact(f))
        #expect(Self.fingerprint(after) == Self.fingerprint(before))
        #expect(before.kind == .container && before.container == .docker, "the cgroup alone says docker: \(before.summary)")
    }
}
