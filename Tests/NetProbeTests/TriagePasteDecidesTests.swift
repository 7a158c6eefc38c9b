import Foundation
import Testing
@testable import NetProbe
import NetProbeLive
import TestSupport

/// Issue 19 (the Windows side, items 4 and 5): a paste that states the answer gets it (a kernel release inside an
/// issue-form line, the WSL form's version fields, a bare `networkingMode=` line, markdown around the lines), a
/// misspelt `.wslconfig` key is named and never read as the real one, and "what would decide it" asks only for what
/// is missing.
@Suite("Triage: the paste decides")
struct TriagePasteDecidesTests {
    static func read(_ text: String) -> (IssueReportReader.Reading, EnvironmentVerdict) {
        let reading = IssueReportReader.read(text: text, file: "r.md")
        return (reading, Classifier.classify(reading.facts))
    }

    @Test("a kernel release anywhere: an issue-form line, a bold label, a bullet, a quote, backticks; never unknown",
          arguments: [
              ("Whether the issue is on WSL 2 and/or WSL 1: Linux version 5.15.153.1-microsoft-standard-WSL2 (root@1a2b3c) #1 SMP", EnvironmentKind.wsl2),
              ("**Kernel:** 6.6.87.2-microsoft-standard-WSL2", .wsl2),
              ("- Linux version 4.4.0-19041-Microsoft (Microsoft@Microsoft.com) (gcc version 5.4.0 (GCC) ) #1237-Microsoft", .wsl1),
              ("> `4.4.0-22621-Microsoft`", .wsl1),
              ("* Kernel: 5.10.102.1-microsoft-standard-WSL2", .wsl2),
              ("+ Whether the issue is on WSL 2 and/or WSL 1: 4.4.0-19041-Microsoft", .wsl1),
          ])
    func kernelAnywhere(line: String, kind: EnvironmentKind) {
        let (_, verdict) = Self.read("### Environment\n\n" + line + "\n")
        #expect(verdict.kind == kind, "\(line): \(verdict.summary)")
    }

    @Test("the WSL issue form's fields: Windows Version and WSL Version fill wsl-version; Kernel Version with microsoft decides")
    func wslIssueForm() throws {
        let form = """
            ### Windows Version

            Microsoft Windows [Version 10.0.19045.3930]

            ### WSL Version

            2.0.9.0

            ### Are you using WSL 1 or WSL 2?

            - [X] WSL 2
            - [ ] WSL 1

            ### Kernel Version

            5.15.133.1-microsoft-standard-WSL2
            """
        let (reading, verdict) = Self.read(form)
        #expect(verdict.kind == .wsl2)
        let output = try #require(reading.facts.windows?.wslVersion?.output)
        let info = try #require(WslVersionInfo.parse(output))
        #expect(info.wsl?.description == "2.0.9.0" && info.windowsBuild == 19045)
        #expect(reading.facts.osRelease == "5.15.133.1-microsoft-standard-WSL2")
        // A Kernel Version without `microsoft` is what `wsl --version` prints as the kernel, not a release.
        let bare = Self.read("### WSL Version\n\n2.4.13.0\n\n### Kernel Version\n\n5.15.167.4-1\n").0
        let bareOutput = try #require(bare.facts.windows?.wslVersion?.output)
        let bareInfo = WslVersionInfo.parse(bareOutput)
        #expect(bareInfo?.kernel == "5.15.167.4-1" && bare.facts.osRelease == nil)
    }

    @Test("wsl --version in another language without its command (`Versione WSL: 2.7.3.0`)")
    func localisedWslVersion() throws {
        let (reading, _) = Self.read("Versione WSL: 2.7.3.0\nVersione kernel: 6.6.114.1-1\nVersione di Windows: 10.0.19045.6466\n")
        #expect(reading.blocks.first?.kind == .wslVersion)
        let output = try #require(reading.facts.windows?.wslVersion?.output)
        let info = try #require(WslVersionInfo.parse(output))
        #expect(info.wsl?.description == "2.7.3.0" && info.kernel == "6.6.114.1-1" && info.windowsBuild == 19045)
    }

    @Test("a bare networkingMode= line outside a fence is read as pasted (above any section: WSL skips it, and says why); markdown unwrapped",
          arguments: ["networkingMode=mirrored", "`networkingMode=mirrored`", "- networkingMode = mirrored", "> networkingMode=mirrored",
                      "networkingmode=mirrored", "**networkingMode=mirrored**"])
    func bareNetworkingMode(line: String) throws {
        let (reading, _) = Self.read("I have this in my .wslconfig:\n\n" + line + "\n")
        let text = try #require(reading.facts.wslconfig?.text, "\(line)")
        let config = WslConfig(parsing: text)
        // WSL matches `wsl2.networkingMode` without regard to case (configfile.cpp, strcasecmp): `networkingmode` is
        // the key; above any section it is not `wsl2.`'s, so WSL does not read it and the problem names the line.
        #expect(config.requestedNetworkingMode == nil, "\(line)")
        #expect(config.entries.map { $0.value } == ["mirrored"], "\(line)")
        #expect(config.problems.map(\.kind) == [.keyInWrongSection(key: config.entries[0].key, section: nil, expected: "wsl2")], "\(line)")
        // Under its section it is the requested mode.
        let (sectioned, _) = Self.read("```\n[wsl2]\n" + line + "\n```\n")
        let sectionedText = try #require(sectioned.facts.wslconfig?.text)
        #expect(WslConfig(parsing: sectionedText).requestedNetworkingMode == .mirrored, "\(line): \(sectionedText)")
    }

    @Test("a misspelt key is named as one WSL ignores and never read as the real one",
          arguments: [("networkMode=mirrored", "networkMode"), ("networking_mode=mirrored", "networking_mode"),
                      ("networkingModes=mirrored", "networkingModes"), ("NetworkingMod=mirrored", "NetworkingMod")])
    func misspeltKey(line: String, key: String) throws {
        let (reading, _) = Self.read("```\n[wsl2]\n" + line + "\n```\n")
        let text = try #require(reading.facts.wslconfig?.text)
        let config = WslConfig(parsing: text)
        #expect(config.requestedNetworkingMode == nil)
        #expect(config.problems.map(\.kind) == [.unknownKey(key: key, section: "wsl2", meant: "networkingMode")])
        #expect(config.problems[0].description.contains("WSL ignores it"))
        // Outside a fence too.
        let bare = Self.read(line + "\n").0
        #expect(WslConfig(parsing: bare.facts.wslconfig?.text ?? "").problems.first?.kind
            == .unknownKey(key: key, section: nil, meant: "networkingMode"))
        // Keys WSL knows are never flagged, in any case.
        #expect(WslConfig(parsing: "[wsl2]\nMEMORY=8GB\nkernelCommandLine=x\nlocalhostforwarding=true\n").problems.isEmpty)
    }

    @Test("what would decide it: no uname -r when a release was read, no ip addr when addresses were; the Windows commands")
    func asksOnlyWhatIsMissing() {
        let kernelOnly = Self.read("$ uname -r\n5.15.167.4-microsoft-standard-WSL2\n")
        let asks = DecidingFacts.missing(kernelOnly.0.facts, verdict: kernelOnly.1).map(\.command)
        #expect(!asks.contains("uname -r") && asks.contains("ip addr"))
        let addrOnly = Self.read("$ ip -br a\nlo UNKNOWN 127.0.0.1/8\neth0 UP 172.20.144.5/20\n")
        let addrAsks = DecidingFacts.missing(addrOnly.0.facts, verdict: addrOnly.1).map(\.command)
        #expect(!addrAsks.contains("ip addr") && addrAsks.first == "uname -r" && addrAsks.contains("wsl -l -v"))
        // With the list read, `wsl -l -v` is not asked again.
        let listed = Self.read("  NAME STATE VERSION\n* Ubuntu Running 2\n")
        #expect(!DecidingFacts.missing(listed.0.facts, verdict: listed.1).map(\.command).contains("wsl -l -v"))
        // A refused bind in the paste on WSL with no Windows side: netstat for the port it names, and the exclusions.
        let refused = Self.read("$ uname -r\n5.15.167.4-microsoft-standard-WSL2\n\nGateway failed to start: another gateway instance is already listening on ws://127.0.0.1:18801\n")
        let refusedAsks = DecidingFacts.missing(refused.0.facts, verdict: refused.1, port: 18789).map(\.command)
        #expect(refusedAsks.contains("netstat -ano | findstr :18801"), "\(refusedAsks)")
        #expect(refusedAsks.contains("netsh interface ipv4 show excludedportrange protocol=tcp"))
        // ... and not once netstat and the exclusions are in the paste.
        let answered = Self.read(refused.0.captureText.isEmpty ? "" : """
            $ uname -r
            5.15.167.4-microsoft-standard-WSL2

            Gateway failed to start: another gateway instance is already listening on ws://127.0.0.1:18801

            C:\\> netstat -ano | findstr :18801
              TCP    127.0.0.1:18801        0.0.0.0:0              LISTENING       4242

            C:\\> netsh interface ipv4 show excludedportrange protocol=tcp
            Start Port    End Port
            ----------    --------
                 50000       50059
            """)
        let answeredAsks = DecidingFacts.missing(answered.0.facts, verdict: answered.1).map(\.command)
        #expect(!answeredAsks.contains { $0.hasPrefix("netstat") || $0.hasPrefix("netsh") }, "\(answeredAsks)")
    }

    @Test("public reports: a misspelt key (microsoft/WSL#11359) and keys above any section (#11540) are named as WSL ignores them")
    func publicWslconfigProblems() throws {
        let typo = try IssueReportReader.load(path: Fixtures.path("issues/wsl11359-networkmode-typo.md"))
        let typoText = try #require(typo.facts.wslconfig?.text)
        let typoConfig = WslConfig(parsing: typoText)
        #expect(typoConfig.requestedNetworkingMode == nil)
        #expect(typoConfig.problems.map(\.kind) == [.unknownKey(key: "networkMode", section: "wsl2", meant: "networkingMode")])
        // The fallback message in the same report decides the effective mode; the form's fields fill wsl-version.
        let verdict = Classifier.classify(typo.facts)
        #expect(verdict.kind == .wsl2 && verdict.wslNetworkingMode == .nat, "\(verdict.summary)")
        let output = try #require(typo.facts.windows?.wslVersion?.output)
        #expect(WslVersionInfo.parse(output)?.windowsBuild == 19045)

        let bare = try IssueReportReader.load(path: Fixtures.path("issues/wsl11540-no-section.md"))
        let bareText = try #require(bare.facts.wslconfig?.text)
        #expect(bareText == "networkingMode=mirrored\ndnsTunneling=true")
        #expect(WslConfig(parsing: bareText).problems.map(\.kind) == [
            .keyInWrongSection(key: "networkingMode", section: nil, expected: "wsl2"),
            .keyInWrongSection(key: "dnsTunneling", section: nil, expected: "wsl2"),
        ])
        #expect(Classifier.classify(bare.facts).kind == .wsl2)
    }
}
