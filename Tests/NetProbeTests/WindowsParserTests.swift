import Foundation
import Testing
import TestSupport
import NetProbe

/// The Windows tools' parsers on RECORDED real outputs (Tests/Fixtures/windows/, each with its `# source:`), in
/// English, German, Spanish and Chinese, in UTF-16LE with and without a BOM, with CRLF, and in code page 850.
@Suite("Windows tool parsers")
struct WindowsParserTests {
    static func fixture(_ name: String) throws -> String {
        try String(contentsOfFile: Fixtures.path("windows/\(name)"), encoding: .utf8)
    }

    static func utf16le(_ text: String, bom: Bool) -> [UInt8] {
        (bom ? [0xFF, 0xFE] : []) + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    }

    @Test func netstatEnglishListenersByShape() throws {
        let listeners = NetstatListeners.parse(try Self.fixture("netstat-tcp-en.txt"))
        #expect(listeners.count == 15)
        #expect(listeners.first == WindowsListener(address: "0.0.0.0", port: 80, pid: 4, line: 3))
        #expect(listeners.contains { $0.port == 3389 && $0.pid == 1552 })
    }

    @Test func netstatGermanStateWordsAreNeverRead() throws {
        let listeners = NetstatListeners.parse(try Self.fixture("netstat-tcp-de.txt"))
        // Connections (HERGESTELLT) are not listeners; ABHÖREN rows are, by their foreign address alone.
        #expect(listeners.map(\.endpoint) == ["0.0.0.0:135", "0.0.0.0:445", "0.0.0.0:3389", "127.0.0.1:18789", "[::]:135", "[::1]:18789"])
        #expect(listeners.filter { $0.port == 18789 }.allSatisfy { $0.pid == 4242 })
    }

    @Test func netstatChineseConnectionsOnlyGiveNoListeners() throws {
        #expect(NetstatListeners.parse(try Self.fixture("netstat-tcp-zh.txt")).isEmpty)
    }

    @Test func netstatInUTF16AndCP850DecodesToTheSameListeners() throws {
        let text = try Self.fixture("netstat-tcp-de.txt").replacingOccurrences(of: "\n", with: "\r\n")
        let expected = NetstatListeners.parse(try Self.fixture("netstat-tcp-de.txt"))
        for bytes in [Self.utf16le(text, bom: true), Self.utf16le(text, bom: false)] {
            let decoded = WindowsText.decodeDetecting(bytes)
            #expect(decoded.encoding == .utf16le)
            #expect(NetstatListeners.parse(decoded.text) == expected)
            #expect(!decoded.text.contains("\r"))
        }
        // Code page 850: Ö is 0x99. Not UTF-8, so the OEM table applies.
        let cp850 = Array("  TCP    0.0.0.0:135            0.0.0.0:0              ABH".utf8) + [0x99] + Array("REN         896\r\n".utf8)
        let decoded = WindowsText.decodeDetecting(cp850)
        #expect(decoded.encoding == .oem850)
        #expect(decoded.text == "  TCP    0.0.0.0:135            0.0.0.0:0              ABHÖREN         896\n")
    }

    @Test func netstatRejectsLookalikes() {
        let text = """
              TCP    127.0.0.1:520001       0.0.0.0:0              LISTENING       7
              UDP    0.0.0.0:5353           *:*                                    3120
              TCP    127.0.0.1:8000         127.0.0.1:44102        CLOSE_WAIT      4711
              TCP    host:80                0.0.0.0:0              LISTENING       12
              TCP    [::1:80                [::]:0                 LISTENING       13
              TCP    0.0.0.0:80             0.0.0.0:0              LISTENING       x
            """
        #expect(NetstatListeners.parse(text).isEmpty)
    }

    @Test func tasklistEnglishAndGermanMemoryColumns() throws {
        let en = TasklistImages.parse(try Self.fixture("tasklist-en.csv"))
        #expect(en[1234] == "node.exe" && en[4242] == "node.exe" && en[4] == "System")
        let de = TasklistImages.parse(try Self.fixture("tasklist-de.csv"))
        #expect(de[7312] == "Code - Insiders.exe" && de[896] == "svchost.exe")
        #expect(TasklistImages.parse("INFO: No tasks are running which match the specified criteria.\n").isEmpty)
        #expect(TasklistImages.parse("\"a \"\"quoted\"\", name.exe\",\"9\",\"Console\",\"1\",\"1 K\"")[9] == "a \"quoted\", name.exe")
    }

    @Test func excludedRangesInThreeLanguagesWithAdministeredMarks() throws {
        let en = ExcludedPortRanges.parse(try Self.fixture("excludedportrange-en.txt"))
        #expect(en.count == 9)
        #expect(en.filter(\.administered).map(\.text) == ["50000-50059"])
        let es = ExcludedPortRanges.parse(try Self.fixture("excludedportrange-es.txt"))
        #expect(es.count == 24 && es.contains { $0.text == "25313-25412" } && !es.contains(where: \.administered))
        let zh = ExcludedPortRanges.parse(try Self.fixture("excludedportrange-zh.txt"))
        #expect(zh.count == 18 && zh.first { $0.administered }?.text == "50000-50059")
        #expect(zh.contains { $0.contains(1700) } && !zh.contains { $0.contains(3000) })
        // ipv4 and ipv6 tables repeat rows: kept once.
        let twice = try Self.fixture("excludedportrange-en.txt") + "\n" + (try Self.fixture("excludedportrange-en.txt"))
        #expect(ExcludedPortRanges.parse(twice).count == 9)
        #expect(ExcludedPortRanges.parse("  9000   8000\n 70000 70001\n").isEmpty)
    }

    @Test func dynamicRange() throws {
        #expect(DynamicPortRange.parse(try Self.fixture("dynamicportrange-en.txt")) == DynamicPortRange(start: 49152, count: 16384))
        let vs = try #require(DynamicPortRange.parse(try Self.fixture("dynamicportrange-en-vs.txt")))
        #expect(vs.text == "1024-65534" && vs.contains(18789))
        #expect(DynamicPortRange.parse("Startport      : 49152\nAnzahl der Ports : 16384\n") == DynamicPortRange(start: 49152, count: 16384))
        #expect(DynamicPortRange.parse("Start Port : 60000\nNumber of Ports : 10000\n") == nil)
        #expect(DynamicPortRange.parse("Start Port : 49152\n") == nil)
    }

    @Test func wslVersionInFourLanguages() throws {
        let en = try #require(WslVersionInfo.parse(try Self.fixture("wsl-version-en.txt")))
        #expect(en.wsl?.description == "1.2.5.0" && en.kernel == "5.15.90.1" && en.windows?.description == "10.0.19045.3393")
        #expect(en.windowsBuild == 19045)
        let de = try #require(WslVersionInfo.parse(try Self.fixture("wsl-version-de.txt")))
        #expect(de.wsl?.description == "1.0.3.0" && de.kernel == "5.15.79.1" && de.windowsBuild == 22621)
        let es = try #require(WslVersionInfo.parse(try Self.fixture("wsl-version-es.txt")))
        #expect(es.wsl?.description == "2.0.5.0" && es.kernel == "5.15.133.1-1" && es.windowsBuild == 25951)
        let zh = try #require(WslVersionInfo.parse(try Self.fixture("wsl-version-zh.txt")))
        #expect(zh.wsl?.description == "2.1.3.0" && zh.kernel == "5.15.146.1-2" && zh.windowsBuild == 26040)
        // wsl.exe writes UTF-16LE.
        let wire = WindowsText.decode(Self.utf16le(try Self.fixture("wsl-version-de.txt").replacingOccurrences(of: "\n", with: "\r\n"), bom: false))
        #expect(WslVersionInfo.parse(wire) == de)
        // wslinfo --version prints the WSL version alone.
        #expect(WslVersionInfo.parse("2.6.1\n")?.wsl == VersionNumber("2.6.1"))
        #expect(WslVersionInfo.parse("garbage without colon\nsecond line\n") == nil)
    }

    @Test func versionOrder() throws {
        let a = try #require(VersionNumber("2.0.14.0")), b = try #require(VersionNumber("2.0.9"))
        #expect(b < a && !(a < b))
        #expect(VersionNumber("2.6.3") == VersionNumber(components: [2, 6, 3]))
        #expect(VersionNumber("x1") == nil && VersionNumber("") == nil)
    }

    @Test func wslConf() throws {
        let conf = WslConf(parsing: try Self.fixture("wsl-conf-interop-off.conf"))
        #expect(conf.interopEnabled == false && conf.interopEntry?.line == 9)
        #expect(conf.appendWindowsPath == false && conf.automountRoot == "/windir/")
        #expect(WindowsTool.netstat.path(automountRoot: conf.effectiveAutomountRoot) == "/windir/c/Windows/System32/netstat.exe")
        let defaults = WslConf(parsing: "[interop]\r\nenabled=maybe\r\n[automount]\r\nroot=relative\r\n")
        #expect(defaults.interopEnabled == nil && defaults.effectiveAutomountRoot == "/mnt/")
    }

    @Test func portFindingNamesImageAndRange() throws {
        var windows = WindowsFacts()
        windows.netstat = WindowsToolRun(output: try Self.fixture("netstat-tcp-de.txt"), exitStatus: 0)
        windows.tasklist = WindowsToolRun(output: try Self.fixture("tasklist-de.csv"), exitStatus: 0)
        windows.excludedPortRange = WindowsToolRun(output: try Self.fixture("excludedportrange-zh.txt"), exitStatus: 0)
        let held = WindowsPortFinding.analyse(windows, port: 18789)
        #expect(held.holders == [WindowsPortHolder(pid: 4242, image: "node.exe", endpoints: ["127.0.0.1:18789", "[::1]:18789"])])
        #expect(held.holders?.first?.looksLikeOpenClaw == true)
        #expect(held.headline == "port 18789 is held on Windows by node.exe (pid 4242)")
        let reserved = WindowsPortFinding.analyse(windows, port: 1750)
        #expect(reserved.holders == [] && reserved.excludedRanges?.map(\.text) == ["1707-1806"])
        #expect(reserved.headline == "port 1750 is inside a Windows excluded port range 1707-1806 (reserved by Hyper-V/WinNAT)")
        // A tool that did not answer is unknown, never "none".
        windows.netstat?.timedOut = true
        windows.excludedPortRange = nil
        let unknown = WindowsPortFinding.analyse(windows, port: 18789)
        #expect(unknown.holders == nil && unknown.excludedRanges == nil && unknown.headline == nil)
    }

    @Test func captureRoundTripAndMissingSectionsAreUnknown() throws {
        var facts = MachineFacts(origin: .live)
        var windows = WindowsFacts(wslConf: try Self.fixture("wsl-conf-interop-off.conf"))
        windows.netstat = WindowsToolRun(output: try Self.fixture("netstat-tcp-en.txt"), exitStatus: 0)
        windows.wslVersion = WindowsToolRun(output: "", timedOut: true, elapsedMilliseconds: 1500)
        facts.windows = windows
        let text = CaptureWriter.write(facts)
        #expect(text.contains("### windows-netstat\n") && text.contains("### wsl-conf\n"))
        #expect(text.contains("# wsl-version: did not answer in time (killed after 1500 ms)"))
        #expect(!text.contains("### wsl-version"))
        let back = CaptureReader.parse(text: text, file: "x.txt")
        #expect(back.windows?.netstat?.output == windows.netstat?.output)
        #expect(back.windows?.wslConf == windows.wslConf)
        #expect(back.windows?.wslVersion == nil && back.windows?.tasklist == nil)
        #expect(CaptureReader.parse(text: "### osrelease\n5.15\n", file: "y").windows == nil)
        // CRLF as pasted from Windows.
        let pasted = CaptureReader.parse(text: "### windows-dynamicportrange\r\nStart Port      : 49152\r\nNumber of Ports : 16384\r\n", file: "z")
        #expect(pasted.windows?.dynamicPortRange.map { DynamicPortRange.parse($0.output) } == DynamicPortRange(start: 49152, count: 16384))
    }

    @Test func redactionOfWindowsSections() throws {
        var facts = MachineFacts(origin: .live)
        facts.windows = WindowsFacts(
            netstat: WindowsToolRun(output: "  TCP    192.168.1.50:139       0.0.0.0:0              LISTENING       4\n"
                + "  TCP    [2a02:8070:1c2d:3e4f::10%12]:445 [::]:0  LISTENING       4\n"
                + "  TCP    127.0.0.1:18789        0.0.0.0:0              LISTENING       4242\n", exitStatus: 0),
            tasklist: WindowsToolRun(output: "\"node.exe\",\"4242\",\"Console\",\"1\",\"5 K\"\n", exitStatus: 0),
            wslConf: "[automount]\nroot=/mnt/\n# C:\\Users\\Alice.Smith\\tools and /mnt/c/Users/Alice.Smith/bin\n")
        let redacted = Redactor(key: 7).redact(facts)
        let netstat = try #require(redacted.windows?.netstat?.output)
        #expect(!netstat.contains("192.168.1.50") && !netstat.contains("2a02:8070:1c2d"))
        #expect(netstat.contains("127.0.0.1:18789") && netstat.contains(":139 ") && netstat.contains("%12]:445"))
        #expect(NetstatListeners.parse(netstat).count == 3)
        let conf = try #require(redacted.windows?.wslConf)
        // The Windows user name gets its `user-` token of the one mapping, the same in both path forms.
        let backslash = conf.components(separatedBy: "Users\\").dropFirst().first?.prefix { $0 != "\\" }
        let slash = conf.components(separatedBy: "Users/").dropFirst().first?.prefix { $0 != "/" }
        #expect(!conf.contains("Alice") && backslash?.hasPrefix("user-") == true && backslash == slash, "\(conf)")
        #expect(redacted.windows?.tasklist?.output.contains("node.exe") == true)
    }
}
