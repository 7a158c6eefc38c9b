import Foundation
import Testing
@testable import NetProbe
import TestSupport

/// Issue 19 (the Windows side, items 1 and 2): `wsl -l -v` and `wsl --status` in a paste land in the `wsl-list` and
/// `wsl-status` sections, and the classifier reads them there as it reads a capture holding them.
@Suite("Triage: wsl -l -v and wsl --status")
struct TriageWslListTests {
    static let english = """
          NAME                   STATE           VERSION
        * Ubuntu-22.04           Running         2
          docker-desktop         Stopped         2
          Legacy                 Stopped         1
        """

    static func verdict(_ text: String) -> EnvironmentVerdict {
        Classifier.classify(IssueReportReader.read(text: text, file: "r.md").facts)
    }

    static func evidence(_ verdict: EnvironmentVerdict, _ signal: String) -> Evidence? {
        verdict.evidence.first { $0.signal == signal }
    }

    @Test("the parser: the `*` default, multi-word states, the header and prose skipped, NULs dropped")
    func parser() {
        let rows = WslDistributionList.parse(Self.english)
        #expect(rows.map(\.name) == ["Ubuntu-22.04", "docker-desktop", "Legacy"])
        #expect(rows.map(\.version) == [2, 2, 1] && rows.map(\.isDefault) == [true, false, false])
        #expect(rows.map(\.line) == [2, 3, 4])
        let german = WslDistributionList.parse("  NAME      STATUS          VERSION\n* Ubuntu    Wird ausgeführt 1\n")
        #expect(german == [WslDistribution(name: "Ubuntu", state: "Wird ausgeführt", version: 1, isDefault: true, line: 2)])
        let nul = "* \u{0}U\u{0}b\u{0}u\u{0}n\u{0}t\u{0}u\u{0} Running 2"
        #expect(WslDistributionList.parse(nul).map(\.name) == ["Ubuntu"])
        #expect(WslDistributionList.parse("it uses version 2\nWSL 1 or 2\n* I use WSL 2\n").isEmpty)
        #expect(WslDistributionList.parse("Default Version: 1\r\n* Ubuntu Running 2\r\n").map(\.line) == [2])
        #expect(WslDistributionList.isHeader(["NAME", "STATUS", "VERSION"]) && !WslDistributionList.isHeader(["NAME", "STATE"]))
    }

    @Test("wsl --status: English, the older lower-case labels, German and Japanese from WSL's resources")
    func status() {
        #expect(WslStatusInfo.parse("Default Distribution: Debian\nDefault Version: 2\n")
            == WslStatusInfo(defaultDistribution: "Debian", defaultVersion: 2, distributionLine: 1, versionLine: 2))
        #expect(WslStatusInfo.parse("Default distribution: Ubuntu\r\nDefault version: 1\r\n")?.defaultVersion == 1)
        #expect(WslStatusInfo.parse("Standarddistribution: Ubuntu\nStandardversion: 2\n")?.defaultDistribution == "Ubuntu")
        #expect(WslStatusInfo.parse("既定のディストリビューション: Ubuntu\n既定のバージョン: 1\n")?.defaultVersion == 1)
        #expect(WslStatusInfo.parse("Distribution par défaut : Ubuntu\nVersion par défaut : 2\n")?.defaultVersion == 2)
        #expect(WslStatusInfo.parse("Kernel version: 5.10.16\nDefault Version: 7\n") == nil)
    }

    @Test("every form reaches the section and the verdict: command, header only, `*` row only, German, CRLF, UTF-16LE")
    func forms() throws {
        let command = IssueReportReader.read(text: "PS C:\\> wsl -l -v\n" + Self.english + "\n", file: "r.md")
        #expect(command.blocks.map(\.kind) == [.wslList] && command.blocks[0].command == "wsl -l -v")
        let header = IssueReportReader.read(text: "```\n" + Self.english + "\n```\n", file: "r.md")
        #expect(header.blocks.map(\.kind) == [.wslList] && header.blocks[0].found == .shape)
        let starRow = IssueReportReader.read(text: "my distro:\n\n* Ubuntu    Running    1\n", file: "r.md")
        #expect(starRow.blocks.map(\.kind) == [.wslList])
        #expect(Classifier.classify(starRow.facts).kind == .wsl1)
        let german = "> wsl --list --verbose\n  NAME      STATUS          VERSION\n* Ubuntu    Wird ausgeführt 1\n"
        #expect(Self.verdict(german).kind == .wsl1)
        let crlf = Self.english.replacingOccurrences(of: "\n", with: "\r\n")
        let reference = IssueReportReader.read(text: Self.english, file: "r.md")
        #expect(IssueReportReader.read(text: crlf, file: "r.md").facts == reference.facts)
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in crlf.utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(try IssueReportReader.read(bytes: utf16, file: "r.md").facts == reference.facts)
        // `wsl -l -v | cat` in a Linux shell: the UTF-16 bytes read as UTF-8, a NUL after every character.
        var nulBytes: [UInt8] = []
        for unit in ("wsl.exe -l -v\r\n" + crlf).utf16 { nulBytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let nul = try IssueReportReader.read(bytes: nulBytes, file: "r.md")
        #expect(nul.blocks.map(\.kind) == [.wslList])
        let nulOutput = try #require(nul.facts.windows?.wslList?.output)
        #expect(WslDistributionList.parse(nulOutput).count == 3)
        // The derived capture replays to the same facts and the same verdict.
        let replay = CaptureReader.parse(text: reference.captureText, file: "r.md")
        #expect(replay.windows?.wslList == reference.facts.windows?.wslList)
        #expect(Classifier.classify(replay) == Classifier.classify(reference.facts))
    }

    @Test("which distribution: WSL_DISTRO_NAME, else the only one, else the default; the weight follows")
    func whichDistribution() {
        // The default of several: WSL2 on supporting evidence only (low).
        let byDefault = Self.verdict(Self.english)
        #expect(byDefault.kind == .wsl2 && byDefault.confidence == .low)
        #expect(Self.evidence(byDefault, "wsl.list-version")?.observed.contains("Ubuntu-22.04 VERSION 2") == true)
        // Named by WSL_DISTRO_NAME (case-insensitive, as WSL compares names): its VERSION is primary, and with the
        // variable's own support for "WSL" two independent signals agree (high).
        let named = Self.verdict("```\n$ env | grep WSL\nWSL_DISTRO_NAME=legacy\n```\n\n" + Self.english)
        #expect(named.kind == .wsl1 && named.confidence == .high, "\(named.summary)")
        #expect(Self.evidence(named, "wsl.list-version")?.observed.contains("Legacy VERSION 1 (named by WSL_DISTRO_NAME") == true)
        // The only distribution listed.
        let only = Self.verdict("  NAME STATE VERSION\n* Ubuntu Running 2\n")
        #expect(only.kind == .wsl2 && only.confidence == .medium)
    }

    @Test("a kernel release still decides; a VERSION that disagrees is reported as contradicting, lowering confidence")
    func kernelWins() throws {
        let agree = Self.verdict("$ uname -r\n5.15.167.4-microsoft-standard-WSL2\n\n  NAME STATE VERSION\n* Ubuntu Running 2\n")
        #expect(agree.kind == .wsl2 && Self.evidence(agree, "wsl.list-version")?.stance == .supports)
        let conflict = Self.verdict("$ uname -r\n5.15.167.4-microsoft-standard-WSL2\n\n  NAME STATE VERSION\n* Ubuntu Running 1\n")
        #expect(conflict.kind == .wsl2)
        let against = try #require(Self.evidence(conflict, "wsl.list-version"))
        #expect(against.stance == .contradicts && against.claim == "wsl2")
        let wsl1Kernel = Self.verdict("$ uname -r\n4.4.0-19041-Microsoft\n\n  NAME STATE VERSION\n* Ubuntu Running 2\n")
        #expect(wsl1Kernel.kind == .wsl1 && Self.evidence(wsl1Kernel, "wsl.list-version")?.stance == .contradicts)
    }

    @Test("wsl --status: its default version decides only when nothing stronger does, and weighs less than VERSION")
    func statusWeight() {
        let alone = Self.verdict("C:\\> wsl --status\nDefault Distribution: Ubuntu\nDefault Version: 1\n")
        #expect(alone.kind == .wsl1 && alone.confidence == .low)
        let both = Self.verdict("C:\\> wsl --status\nDefault Distribution: Ubuntu\nDefault Version: 1\n\n  NAME STATE VERSION\n* Ubuntu Running 2\n")
        #expect(both.kind == .wsl2 && both.confidence == .medium, "\(both.summary)")
        #expect(Self.evidence(both, "wsl.status-default-version")?.stance == .neutral)
    }

    @Test("a capture holding the sections gives the same verdict as the paste (one classification path)")
    func captureSamePath() {
        let capture = CaptureReader.parse(text: "# openclaw-capture v1\n### wsl-list\n" + Self.english + "\n### env\nWSL_DISTRO_NAME=Legacy\n",
                                          file: "c.txt")
        let paste = IssueReportReader.read(text: "```\n$ env\nWSL_DISTRO_NAME=Legacy\n```\n" + Self.english, file: "c.txt")
        #expect(Classifier.classify(capture).kind == .wsl1)
        #expect(Classifier.classify(capture).confidence == Classifier.classify(paste.facts).confidence)
    }
}
