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

    // MARK: plain `wsl -l` (names and the default only, no VERSION)

    static var listStringsPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/data/wsl-list-strings.tsv").path
    }

    @Test("the `wsl -l` strings are the TSV's, row for row (scripts/gen-wsl-list-strings): 22 languages, header and default mark")
    func listStringsAreTheTSV() throws {
        let text = try String(contentsOfFile: Self.listStringsPath, encoding: .utf8)
        let rows = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map {
            $0.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        }
        #expect(rows.map { $0 } == WslListNames.strings.map { [$0.locale, $0.name, $0.value] })
        #expect(Set(WslListNames.strings.map(\.locale)).count == 22 && WslListNames.strings.count == 44)
    }

    @Test("the `wsl -l` parser: the header skipped, the default in every language WSL ships, names alone, `-l -v` rows not names")
    func listNamesParser() {
        let english = "Windows Subsystem for Linux Distributions:\r\nUbuntu-22.04 (Default)\r\ndocker-desktop\r\n"
        #expect(WslListNames.parse(english) == [WslListedName(name: "Ubuntu-22.04", isDefault: true, line: 2),
                                                WslListedName(name: "docker-desktop", isDefault: false, line: 3)])
        // Every language's mark, filled as wsl.exe fills it (French and Norwegian with their no-break spaces).
        for entry in WslListNames.strings where entry.name == "MessagePrintDistroDefault" {
            let line = entry.value.replacingOccurrences(of: "{}", with: "Debian")
            #expect(WslListNames.defaultName(line) == "Debian", "\(entry.locale): \(line)")
        }
        for entry in WslListNames.strings where entry.name == "MessageRegisteredDistrosHeader" {
            #expect(WslListNames.line(entry.value) == .header, "\(entry.locale)")
        }
        #expect(WslListNames.parse("Windows Subsystem für Linux-Distributionen:\nUbuntu (Standard)\nkali-linux\n").map(\.name)
            == ["Ubuntu", "kali-linux"])
        // UTF-16 read as bytes: a NUL after every character.
        #expect(WslListNames.defaultName("U\u{0}b\u{0}u\u{0}n\u{0}t\u{0}u\u{0} \u{0}(\u{0}D\u{0}e\u{0}f\u{0}a\u{0}u\u{0}l\u{0}t\u{0})\u{0}") == "Ubuntu")
        // Not names: prose, a `wsl -l -v` row and header, the mark alone, a name with a blank.
        #expect(WslListNames.parse("I use the default one\n  NAME STATE VERSION\n* Ubuntu Running 2\n(Default)\nmy distro (Default)\n").isEmpty)
    }

    @Test("`wsl -l` in a paste: every form reaches `wsl-list`, the names are listed, and no WSL1/WSL2 is claimed from it")
    func plainListForms() throws {
        let english = "Windows Subsystem for Linux Distributions:\nUbuntu-22.04 (Default)\ndocker-desktop\n"
        let command = IssueReportReader.read(text: "PS C:\\Users\\me> wsl -l\n" + english + "\nIt does not start.\n", file: "r.md")
        #expect(command.blocks.map(\.kind) == [.wslListNames] && command.blocks[0].command == "wsl -l")
        #expect(command.blocks[0].lastLine == 4, "the prose after the blank line is not a name")
        #expect(command.facts.windows?.wslList?.output == english.trimmingCharacters(in: .newlines))
        // Found by its shape: the localised header or a default line, outside a fence or in one; `wsl --list --quiet`.
        let german = IssueReportReader.read(text: "Meine Distributionen:\n\nWindows Subsystem für Linux-Distributionen:\nUbuntu (Standard)\nDebian\n", file: "r.md")
        #expect(german.blocks.map(\.kind) == [.wslListNames] && german.blocks[0].found == .shape)
        #expect(WslListNames.parse(german.facts.windows?.wslList?.output ?? "").map(\.name) == ["Ubuntu", "Debian"])
        let fenced = IssueReportReader.read(text: "```\nUbuntu (既定値)\nDebian\n```\n", file: "r.md")
        #expect(fenced.blocks.map(\.kind) == [.wslListNames])
        let quiet = IssueReportReader.read(text: "```\n> wsl --list --quiet\nUbuntu\nDebian\n```\n", file: "r.md")
        #expect(quiet.blocks.map(\.kind) == [.wslListNames])
        #expect(IssueReportReader.read(text: "```\n$ wsl --list --online\nNAME      FRIENDLY NAME\nUbuntu    Ubuntu\n```\n", file: "r.md")
            .blocks.map(\.kind) == [.other])
        // UTF-16LE with a byte order mark (PowerShell 5's `>`), CRLF: the same facts.
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in ("wsl -l\r\n" + english.replacingOccurrences(of: "\n", with: "\r\n")).utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let wide = try IssueReportReader.read(bytes: utf16, file: "r.md")
        #expect(wide.facts.windows?.wslList == IssueReportReader.read(text: "wsl -l\n" + english, file: "r.md").facts.windows?.wslList)
        // The verdict: names listed as neutral evidence; nothing about WSL1 or WSL2; `wsl -l -v` still asked for.
        let verdict = Classifier.classify(command.facts)
        #expect(verdict.kind == .unknown, "\(verdict.summary)")
        let names = try #require(Self.evidence(verdict, "wsl.list-names"))
        #expect(names.stance == .neutral && names.observed.contains("Ubuntu-22.04 (the default), docker-desktop"))
        #expect(names.observed.contains("does not say WSL1 or WSL2"))
        #expect(!verdict.evidence.contains { $0.signal == "wsl.list-version" })
        let asks = DecidingFacts.missing(command.facts, verdict: verdict)
        #expect(asks.contains { $0.command == "wsl -l -v" && $0.why.contains("names them only") })
        // With a kernel release the verdict is the kernel's, the names still listed and neutral.
        let wsl2 = Classifier.classify(IssueReportReader.read(text: "$ uname -r\n5.15.167.4-microsoft-standard-WSL2\n\n> wsl -l\n" + english, file: "r.md").facts)
        #expect(wsl2.kind == .wsl2 && Self.evidence(wsl2, "wsl.list-names")?.stance == .neutral)
        // `wsl -l` then `wsl -l -v`: they add up, and the VERSION column decides.
        let both = IssueReportReader.read(text: "> wsl -l\n" + english + "\n> wsl -l -v\n" + Self.english + "\n", file: "r.md")
        #expect(both.blocks.map(\.kind) == [.wslListNames, .wslList] && !both.blocks.contains { $0.duplicate })
        let decided = Classifier.classify(both.facts)
        #expect(decided.kind == .wsl2 && Self.evidence(decided, "wsl.list-version") != nil && Self.evidence(decided, "wsl.list-names") == nil)
        #expect(!DecidingFacts.missing(both.facts, verdict: decided).contains { $0.command == "wsl -l -v" })
        // The derived capture replays to the same verdict.
        let replay = CaptureReader.parse(text: command.captureText, file: "r.md")
        #expect(Classifier.classify(replay) == verdict)
    }

    @Test("an inline code span over lines (MicrosoftDocs/WSL#201's shape) is unwrapped: `wsl -l`'s output and `wsl.exe -l -v` in backticks")
    func codeSpanOverLines() {
        let docs = IssueReportReader.read(text: "I got this output:\n`Windows Subsystem for Linux Distributions: \nLegacy (Default)`\nWhat now?\n", file: "r.md")
        #expect(docs.blocks.map(\.kind) == [.wslListNames], "\(docs.blocks)")
        #expect(WslListNames.parse(docs.facts.windows?.wslList?.output ?? "") == [WslListedName(name: "Legacy", isDefault: true, line: 2)])
        let verbose = IssueReportReader.read(text: "` wsl.exe -l -v\n  NAME      STATE           VERSION\n* Legacy    Running         1`\n", file: "r.md")
        #expect(WslDistributionList.parse(verbose.facts.windows?.wslList?.output ?? "").map(\.version) == [1])
    }
}
