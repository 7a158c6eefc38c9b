import Foundation
import Testing
@testable import NetProbe
import TestSupport

/// Issue 19, item 2: the Windows side of a paste lands in the capture sections the live reader fills
/// (`windows-netstat`, `windows-tasklist`, `windows-excludedportrange`, `windows-dynamicportrange`, `wsl-version`),
/// in the forms Windows prints them.
@Suite("Triage: the Windows side of a paste")
struct TriageWindowsTests {
    /// The issue's example: netstat under its header in one fence, the exclusion table without a command in another.
    static let example = """
        ```
        Active Connections

          Proto  Local Address          Foreign Address        State           PID
          TCP    127.0.0.1:18789        0.0.0.0:0              LISTENING       4242
        ```

        ```
        Start Port    End Port
        ----------    --------
             18780       18879
        ```
        """

    static func sections(_ reading: IssueReportReader.Reading) -> [String] {
        reading.blocks.compactMap { $0.duplicate ? nil : $0.kind.section?.rawValue }
    }

    @Test("the issue's example: netstat (header, no command) and the exclusion table (no command) fill their sections")
    func issueExample() throws {
        let reading = IssueReportReader.read(text: Self.example, file: "example.md")
        #expect(Self.sections(reading) == ["windows-netstat", "windows-excludedportrange"])
        let windows = try #require(reading.facts.windows)
        let finding = WindowsPortFinding.analyse(windows, port: 18789)
        #expect(finding.holders == [WindowsPortHolder(pid: 4242, image: nil, endpoints: ["127.0.0.1:18789"])])
        #expect(finding.excludedRanges?.map(\.text) == ["18780-18879"])
        #expect(reading.facts.warnings.isEmpty, "\(reading.facts.warnings)")
        // The derived capture replays to the same facts, as `--snapshot` reads it.
        var replay = CaptureReader.parse(text: reading.captureText, file: "example.md")
        replay.warnings = reading.facts.warnings
        #expect(replay == reading.facts, "\(reading.captureText)")
    }

    @Test("netstat forms: findstr excerpt after a cmd prompt, -anob image lines, Get-NetTCPConnection, localised header")
    func netstatForms() throws {
        let findstr = IssueReportReader.read(text: """
            C:\\Users\\someone>netstat -aon | findstr :18789
              TCP    0.0.0.0:18789          0.0.0.0:0              LISTENING       5120
              TCP    [::]:18789             [::]:0                 LISTENING       5120
              TCP    127.0.0.1:51000        127.0.0.1:18789        ESTABLISHED     777
            """, file: "f.md")
        #expect(findstr.blocks.first?.kind == .windowsNetstat && findstr.blocks.first?.command == "netstat -aon | findstr :18789")
        let holders = WindowsPortFinding.analyse(try #require(findstr.facts.windows), port: 18789).holders
        #expect(holders == [WindowsPortHolder(pid: 5120, image: nil, endpoints: ["0.0.0.0:18789", "[::]:18789"])])

        let anob = IssueReportReader.read(text: """
            ```
            PS C:\\> netstat -anob
              TCP    127.0.0.1:18789        0.0.0.0:0              LISTENING       4242
             [node.exe]
              TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1100
              RpcSs
             [svchost.exe]
            ```
            """, file: "b.md")
        let anobWindows = try #require(anob.facts.windows)
        #expect(WindowsPortFinding.analyse(anobWindows, port: 18789).holders?.first?.label == "node.exe (pid 4242)")
        #expect(WindowsPortFinding.analyse(anobWindows, port: 135).holders?.first?.image == "svchost.exe")

        let powershell = IssueReportReader.read(text: """
            PS C:\\> Get-NetTCPConnection -LocalPort 18789

            LocalAddress                        LocalPort RemoteAddress                       RemotePort State       AppliedSetting OwningProcess
            ------------                        --------- -------------                       ---------- -----       -------------- -------------
            ::1                                 18789     ::                                  0          Listen                     4242
            127.0.0.1                           18789     0.0.0.0                             0          Listen                     4242
            127.0.0.1                           18789     127.0.0.1                           51000      Established Internet       4242
            """, file: "p.md")
        #expect(powershell.blocks.map(\.kind) == [.getNetTCPConnection])
        let psHolders = WindowsPortFinding.analyse(try #require(powershell.facts.windows), port: 18789).holders
        #expect(psHolders == [WindowsPortHolder(pid: 4242, image: nil, endpoints: ["[::1]:18789", "127.0.0.1:18789"])])

        let german = IssueReportReader.read(text: try Self.fenced("netstat-tcp-de.txt"), file: "de.md")
        #expect(Self.sections(german) == ["windows-netstat"])
        #expect(!NetstatListeners.parse(try #require(german.facts.windows?.netstat?.output)).isEmpty)
    }

    /// A fixture of Tests/Fixtures/windows without its `# source` line, in a fence.
    static func fenced(_ name: String) throws -> String {
        let text = try String(contentsOfFile: Fixtures.path("windows/\(name)"), encoding: .utf8)
        let body = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("# source") }
        return "```\n" + body.joined(separator: "\n") + "\n```\n"
    }

    @Test("netsh ipv4 and ipv6 tables add up (with `*` marks), dynamicport, tasklist table and /fi, wsl --version")
    func netshTasklistVersion() throws {
        let body = """
            ```
            > netsh int ipv4 show excludedportrange protocol=tcp

            Protocol tcp Port Exclusion Ranges

            Start Port    End Port
            ----------    --------
                  5357        5357
                 50000       50059     *

            * - Administered port exclusions.
            ```
            ```
            > netsh int ipv6 show excludedportrange protocol=tcp

            Protocol tcp Port Exclusion Ranges

            Start Port    End Port
            ----------    --------
                 18780       18879
            ```
            ```
            C:\\> netsh int ipv4 show dynamicport tcp

            Protocol tcp Dynamic Port Range
            ---------------------------------
            Start Port      : 49152
            Number of Ports : 16384
            ```
            ```
            C:\\> tasklist /fi "PID eq 4242"

            Image Name                     PID Session Name        Session#    Mem Usage
            ========================= ======== ================ =========== ============
            node.exe                      4242 Console                    1     52,116 K
            ```
            ```
            PS C:\\> wsl --version
            WSL version: 2.6.1.0
            Kernel version: 6.6.87.2-1
            WSLg version: 1.0.66
            Windows version: 10.0.26100.4652
            ```
            """
        let reading = IssueReportReader.read(text: body, file: "n.md")
        #expect(Self.sections(reading) == ["windows-excludedportrange", "windows-excludedportrange", "windows-dynamicportrange",
                                           "windows-tasklist", "wsl-version"])
        #expect(!reading.blocks.contains { $0.duplicate })
        let windows = try #require(reading.facts.windows)
        let ranges = ExcludedPortRanges.parse(try #require(windows.excludedPortRange?.output))
        #expect(ranges.map(\.text) == ["5357", "50000-50059", "18780-18879"])
        #expect(ranges.map(\.administered) == [false, true, false])
        #expect(DynamicPortRange.parse(try #require(windows.dynamicPortRange?.output)) == DynamicPortRange(start: 49152, count: 16384))
        #expect(TasklistImages.parse(try #require(windows.tasklist?.output)) == [4242: "node.exe"])
        let versionText = try #require(windows.wslVersion?.output)
        let version = try #require(WslVersionInfo.parse(versionText))
        #expect(version.wsl?.description == "2.6.1.0" && version.windowsBuild == 26100)
        var replay = CaptureReader.parse(text: reading.captureText, file: "n.md")
        replay.warnings = reading.facts.warnings
        #expect(replay == reading.facts, "\(reading.captureText)")
    }

    @Test("tasklist table by shape: names with spaces, the localised header and INFO lines are skipped")
    func tasklistTable() {
        let table = """
            Abbildname                     PID Sitzungsname       Sitz.-Nr. Speichernutzung
            ========================= ======== ================ =========== ===============
            System Idle Process              0 Services                   0             8 K
            node.exe                      4242 Console                    1      52.116 K
            INFO: No tasks are running which match the specified criteria.
            """
        #expect(TasklistImages.parse(table) == [0: "System Idle Process", 4242: "node.exe"])
        let csv = "\"node.exe\",\"4242\",\"Console\",\"1\",\"52,116 K\""
        let reading = IssueReportReader.read(text: "```\n\(csv)\n```\n", file: "c.md")
        #expect(reading.blocks.map(\.kind) == [.tasklist] && TasklistImages.parse(reading.facts.windows?.tasklist?.output ?? "") == [4242: "node.exe"])
    }

    @Test("CRLF and UTF-16LE (PowerShell `>`) pastes read like the UTF-8 text")
    func encodings() throws {
        let reference = IssueReportReader.read(text: Self.example, file: "e")
        let crlf = Self.example.replacingOccurrences(of: "\n", with: "\r\n")
        var le: [UInt8] = [0xFF, 0xFE]
        for unit in crlf.utf16 { le += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let utf16 = try IssueReportReader.read(bytes: le, file: "e")
        #expect(utf16.facts == reference.facts)
        let lf = try IssueReportReader.read(bytes: Array(crlf.utf8), file: "e")
        #expect(lf.facts == reference.facts)
    }

    @Test("wsl -l -v is read into wsl-list; Linux netstat is Linux's (listeners), never read as Windows' netstat")
    func recognisedNotSections() {
        let reading = IssueReportReader.read(text: """
            ```
            PS C:\\> wsl -l -v
              NAME      STATE           VERSION
            * Ubuntu    Running         2
            ```
            ```
            $ netstat -tlnp
            tcp        0      0 127.0.0.1:18789         0.0.0.0:*               LISTEN      1234/node
            ```
            """, file: "l.md")
        #expect(reading.blocks.map(\.kind) == [.wslList, .linuxNetstat])
        #expect(reading.facts.windows?.netstat == nil)
        #expect(reading.facts.windows?.wslList?.output == "  NAME      STATE           VERSION\n* Ubuntu    Running         2")
    }
}
