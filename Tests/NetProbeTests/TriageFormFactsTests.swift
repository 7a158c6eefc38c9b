import Foundation
import Testing
@testable import NetProbe
import TestSupport

/// Issue 19 (what is left, item 2): the facts issue forms state outside any fence (`OS: ...`, `- **Node:** ...`,
/// `### Operating system`) are read for what they decide (the kernel release, WSL's and Windows' versions, `WSL2`)
/// and listed for the rest; "what would decide it" never asks for what they state.
@Suite("Triage: issue-form facts outside fences")
struct TriageFormFactsTests {
    static func stated(_ reading: IssueReportReader.Reading) -> [String] {
        reading.blocks.flatMap(\.stated).map { "\($0.fact)=\($0.value)" }
    }

    static let bullets = """
        ### Environment

        - OS: Windows 11 Pro 23H2
        - WSL version: 2.3.26.0
        - Kernel: 5.15.153.1-microsoft-standard-WSL2
        - Node version: v22.12.0
        - OpenClaw version: 2026.5.4

        The gateway exits at once.
        """

    @Test("a bullet list under `### Environment`: the kernel decides WSL2, WSL's and Windows' versions reach wsl-version, the rest is stated")
    func environmentBullets() throws {
        let reading = IssueReportReader.read(text: Self.bullets, file: "r.md")
        #expect(reading.facts.osRelease == "5.15.153.1-microsoft-standard-WSL2")
        let info = try #require(reading.facts.windows?.wslVersion.flatMap { WslVersionInfo.parse($0.output) })
        #expect(info.wsl?.description == "2.3.26.0" && info.windowsBuild == 22631)
        #expect(info.mirroredSupport == .available)
        #expect(Self.stated(reading) == ["os=Windows 11 Pro 23H2", "node-version=v22.12.0", "openclaw-version=2026.5.4"])
        // The section is accounted for by what it gave; the prose after it is no field.
        #expect(!reading.blocks.contains { $0.kind == .formSection })
        #expect(reading.blocks.filter { $0.kind == .formFacts }.map { [$0.firstLine, $0.lastLine] } == [[3, 3], [6, 7]])
        let verdict = Classifier.classify(reading.facts)
        #expect(verdict.kind == .wsl2)
        let asks = DecidingFacts.missing(reading.facts, verdict: verdict).map(\.command)
        #expect(!asks.contains("uname -r") && !asks.contains("wsl -l -v"), "\(asks)")
        // The derived capture replays to the same facts.
        var replay = CaptureReader.parse(text: reading.captureText, file: "r.md")
        replay.warnings = reading.facts.warnings
        #expect(replay == reading.facts)
    }

    @Test("the label shapes of public reports: bold labels, backticks, `WSL: X, kernel Y`, bare `- WSL 2.7.13.0` bullets")
    func labelShapes() throws {
        // openclaw/openclaw 72693 and 68380 (bold labels, backticks), openclaw-windows-node 1368, 1372 and 1396.
        let text = """
            - **Host:** WSL2 Ubuntu on Windows (laptop)
            - **OpenClaw Version:** 2026.4.24 (npm latest)
            - **Node:** 22.22.0
            - **Kernel:** linux 6.6.87.2-microsoft-standard-WSL2 x64
            - Node: `v24.14.0` via nvm

            OS: Windows 10.0.26200.0 (64-bit) — build 26200
            WSL: 2.7.13.0, kernel 6.18.33.2-2, WSLg 1.0.73.2

            - Windows 10.0.26200.0 (64-bit)
            - WSL 2.7.13.0
            """
        let reading = IssueReportReader.read(text: text, file: "r.md")
        #expect(reading.facts.osRelease == "6.6.87.2-microsoft-standard-WSL2")
        #expect(reading.facts.wslForm == "[x] WSL 2")
        let info = try #require(reading.facts.windows?.wslVersion.flatMap { WslVersionInfo.parse($0.output) })
        #expect(info.wsl?.description == "2.7.13.0" && info.kernel == "6.18.33.2-2" && info.windowsBuild == 26200)
        #expect(Self.stated(reading) == [
            "os=WSL2 Ubuntu on Windows (laptop)", "openclaw-version=2026.4.24 (npm latest)", "node-version=22.22.0",
            "node-version=v24.14.0 via nvm", "os=Windows 10.0.26200.0 (64-bit) — build 26200", "os=10.0.26200.0 (64-bit)",
        ])
        #expect(reading.facts.warnings.isEmpty)
    }

    @Test("openclaw's form headings: the value under `### Operating system` (a release name or a build), `### OpenClaw version`")
    func formHeadings() throws {
        let text = """
            ### OpenClaw version

            v0.6.0

            ### Operating system

            Windows 10 22H2 (19045.6466)

            ### Install method

            npm global

            More words under the heading are prose.
            """
        let reading = IssueReportReader.read(text: text, file: "r.md")
        let info = try #require(reading.facts.windows?.wslVersion.flatMap { WslVersionInfo.parse($0.output) })
        #expect(info.windows?.description == "10.0.19045.6466")
        #expect(info.mirroredSupport == .unavailable("Windows build 19045 is older than Windows 11 22H2 (build 22621)"))
        #expect(Self.stated(reading) == ["openclaw-version=v0.6.0", "os=Windows 10 22H2 (19045.6466)", "install-method=npm global"])
        // A release name gives its base build (Microsoft's release information), `WSL2` in it the reporter's claim.
        let named = IssueReportReader.read(text: "### Operating system\n\nWindows 11 Home 24H2 with WSL2\n", file: "r.md")
        #expect(named.facts.windows?.wslVersion?.output == "Windows version: 10.0.26100")
        #expect(named.facts.wslForm == "[x] WSL 2")
        #expect(Classifier.classify(named.facts).kind == .wsl2 && Classifier.classify(named.facts).confidence == .low)
        // microsoft/WSL's `### Distro Version` is stated.
        let distro = IssueReportReader.read(text: "### Distro Version\n\nUbuntu 22.04\n", file: "r.md")
        #expect(Self.stated(distro) == ["distro=Ubuntu 22.04"] && !distro.blocks.contains { $0.kind == .formSection })
    }

    @Test("what a field decides: a distribution kernel is native, WSL's kernel package version is not a release, `WSL: 2` is a claim")
    func decides() {
        let native = IssueReportReader.read(text: "- Kernel: 6.8.0-45-generic\n- OS: Ubuntu 24.04\n", file: "r.md")
        #expect(native.facts.osRelease == "6.8.0-45-generic" && Classifier.classify(native.facts).kind == .native)
        let package = IssueReportReader.read(text: "- WSL kernel: 5.15.167.4-1\n", file: "r.md")
        #expect(package.facts.osRelease == nil && package.facts.windows?.wslVersion?.output == "Kernel version: 5.15.167.4-1")
        let claim = IssueReportReader.read(text: "- WSL: 2\n", file: "r.md")
        #expect(claim.facts.wslForm == "[x] WSL 2")
        let both = IssueReportReader.read(text: "- OS: Windows 11, WSL1 and WSL2 distributions\n", file: "r.md")
        #expect(both.facts.wslForm == nil)
        // Lines that look like fields but are not: other labels, prose, three-number builds in prose.
        let prose = IssueReportReader.read(text: """
            Error: spawn EINVAL
            Gateway failed to start: another gateway instance is already listening on ws://127.0.0.1:18789
            My OS is Windows and my version is new.
            **Windows version**: the latest one
            Windows 10.0.22631 is what I run, I think.
            """, file: "r.md")
        #expect(prose.facts.windows?.wslVersion == nil)
        // In a field, three numbers are a build too (openclaw#142559's `**OS**: Windows 11 Pro (10.0.26200) x64`).
        let three = IssueReportReader.read(text: "- **OS**: Windows 11 Pro (10.0.26200) x64\n", file: "r.md")
        #expect(three.facts.windows?.wslVersion?.output == "Windows version: 10.0.26200")
        // wsl.exe's own `wsl: ...` message is no field; a `gcc version 8.2.0` inside the old WSL form's line is no WSL version.
        let message = IssueReportReader.read(text: "wsl: Mirrored networking mode is not supported, falling back to NAT networking\n", file: "r.md")
        #expect(Self.stated(message).isEmpty && message.blocks.map(\.kind) == [.wslMessage])
        let old = IssueReportReader.read(text: "Whether the issue is on WSL 2 and/or WSL 1: WSL 2 (Linux version 4.19.128-microsoft-standard (oe-user@oe-host) (gcc version 8.2.0 (GCC)) #1 SMP)\n", file: "r.md")
        #expect(old.facts.osRelease == "4.19.128-microsoft-standard" && old.facts.windows?.wslVersion == nil)
        #expect(Self.stated(prose) == ["os=the latest one"])
    }

    @Test("WSL's old template: a `[run cmd.exe /c ver]` hint is no value; the answer on the next line is (microsoft/WSL#6596's shape)")
    func templateHints() throws {
        let text = """
            ```none
            Windows build number: [run `cmd.exe /c ver`]
            Microsoft Windows [Version 10.0.19042.804]

            Your Distribution version: [On Debian or Ubuntu run `lsb_release -r` in WSL]
            Release:        20.04

            Whether the issue is on WSL 2 and/or WSL 1: [run `cat /proc/version` in WSL]
            Linux version 4.19.128-microsoft-standard (oe-user@oe-host) (gcc version 8.2.0 (GCC)) #1 SMP Tue Jun 23 12:58:10 UTC 2020
            ```
            """
        let reading = IssueReportReader.read(text: text, file: "r.md")
        #expect(Self.stated(reading) == ["os=Microsoft Windows [Version 10.0.19042.804]", "distro=Release: 20.04"], "\(Self.stated(reading))")
        #expect(reading.facts.windows?.wslVersion?.output == "Windows version: 10.0.19042.804")
        #expect(reading.facts.procVersion?.hasPrefix("Linux version 4.19.128-microsoft-standard") == true)
        #expect(!Self.stated(reading).contains { $0.contains("[run") || $0.contains("lsb_release") })
    }

    @Test("fields in a fence are read when nothing else is open; a `wsl --version` outside a fence stays one block")
    func fencesAndWslVersion() {
        let fenced = IssueReportReader.read(text: "```\nOS: Windows 11 Pro\nNode: v22.1.0\n```\n", file: "r.md")
        #expect(Self.stated(fenced) == ["os=Windows 11 Pro", "node-version=v22.1.0"])
        #expect(!fenced.blocks.contains { $0.kind == .fencedText })
        let version = """
            WSL version: 2.3.24.0
            Kernel version: 5.15.153.1-2
            WSLg version: 1.0.65
            Windows version: 10.0.22631.4317
            """
        for text in [version, "```\n" + version + "\n```\n"] {
            let reading = IssueReportReader.read(text: text, file: "r.md")
            #expect(reading.blocks.map(\.kind) == [.wslVersion], "\(text)")
            let info = WslVersionInfo.parse(reading.facts.windows?.wslVersion?.output ?? "")
            #expect(info?.kernel == "5.15.153.1-2" && info?.windowsBuild == 22631)
        }
        // A kernel release naming microsoft inside it is `uname -r`'s, never left in wsl-version only.
        let release = IssueReportReader.read(text: "WSL version: 2.3.24.0\nKernel version: 5.15.153.1-microsoft-standard-WSL2\n", file: "r.md")
        #expect(release.facts.osRelease == "5.15.153.1-microsoft-standard-WSL2")
    }

    @Test("mirrored networking exists only with WSL 2.0.0+ and Windows build 22621+: the one judgement")
    func mirroredSupport() {
        func support(_ text: String) -> WslVersionInfo.MirroredSupport? { WslVersionInfo.parse(text)?.mirroredSupport }
        #expect(support("WSL version: 2.0.9.0\nKernel version: 5.15.133.1-1\nWindows version: 10.0.22621.2428") == .available)
        #expect(support("WSL version: 2.1.5.0\nWindows version: 10.0.22000.2836")
            == .unavailable("Windows build 22000 is older than Windows 11 22H2 (build 22621)"))
        #expect(support("WSL version: 1.2.5.0\nWindows version: 10.0.22631.1")
            == .unavailable("WSL 1.2.5.0 is older than WSL 2.0.0, the release that brought mirrored networking"))
        #expect(support("WSL version: 2.3.26.0") == .unknown("the Windows build is not known"))
    }

    @Test("property: the same fields in random bullets, bold labels, prose and fences give the same facts and statements")
    func interleavedFields() {
        let fields: [(label: String, value: String)] = [
            ("OS", "Windows 11 Pro 23H2"), ("WSL version", "2.3.26.0"), ("Kernel", "5.15.153.1-microsoft-standard-WSL2"),
            ("Node version", "v22.12.0"), ("OpenClaw version", "2026.5.4"), ("Distro", "Ubuntu 24.04"),
        ]
        let reference = IssueReportReader.read(text: fields.map { "- \($0.label): \($0.value)" }.joined(separator: "\n") + "\n", file: "r.md")
        let expectedStated = Self.stated(reference).sorted()
        #expect(expectedStated.count == 4)
        for seed in UInt64(1)...100 {
            var generator = SeededGenerator(seed: seed)
            var lines: [String] = []
            for field in fields {
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: lines.append("- **\(field.label):** \(field.value)")
                case 1: lines.append("* \(field.label): `\(field.value)`")
                case 2: lines.append("\(field.label): \(field.value)")
                default: lines += ["```", "\(field.label): \(field.value)", "```"]
                }
                if Bool.random(using: &generator) {
                    lines += ["", ["Thanks!", "## Steps", "Expected: it starts.", "### Logs"].randomElement(using: &generator)!, ""]
                }
            }
            let body = lines.joined(separator: "\n")
            let reading = IssueReportReader.read(text: body, file: "r.md")
            var facts = reading.facts
            facts.warnings = reference.facts.warnings
            #expect(facts == reference.facts, "seed \(seed):\n\(body)")
            #expect(Self.stated(reading).sorted() == expectedStated, "seed \(seed):\n\(body)")
            if facts != reference.facts { break }
        }
    }
}
