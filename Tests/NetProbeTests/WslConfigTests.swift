import Testing
import NetProbe

@Suite("WslConfig parsing")
struct WslConfigTests {
    @Test func readsTheKeysNetProbeNeeds() {
        let config = WslConfig.parse("""
            # global settings
            [wsl2]
            memory=8GB
            networkingMode = Mirrored   # wants mirrored
            dnsTunneling=true
            [experimental]
            hostAddressLoopback=TRUE
            ignoredPorts = 5353, 8080,8080
            """)
        #expect(config.requestedNetworkingMode == .mirrored)
        #expect(config.networkingModeEntry?.line == 4)
        #expect(config.networkingModeEntry?.value == "Mirrored")
        #expect(config.dnsTunneling == true)
        #expect(config.hostAddressLoopback == true)
        #expect(config.ignoredPorts == [5353, 8080])
        #expect(config.problems.isEmpty)
        #expect(config.entries.count == 5)
        #expect(config.entry(section: "WSL2", key: "MEMORY")?.value == "8GB")
    }

    @Test("localhostForwarding: [wsl2] only, unset is nil (WSL's default true), misplaced and invalid values are problems")
    func localhostForwarding() {
        #expect(WslConfig.parse("[wsl2]\nlocalhostForwarding=false\n").localhostForwarding == false)
        #expect(WslConfig.parse("[wsl2]\nLocalhostForwarding = True\n").localhostForwarding == true)
        #expect(WslConfig.parse("[wsl2]\nmemory=4GB\n").localhostForwarding == nil)
        let misplaced = WslConfig.parse("[experimental]\nlocalhostForwarding=false\n")
        #expect(misplaced.localhostForwarding == nil)
        #expect(misplaced.problems.count == 1)
        let invalid = WslConfig.parse("[wsl2]\nlocalhostForwarding=nope\n")
        #expect(invalid.localhostForwarding == nil && invalid.problems.count == 1)
    }

    @Test func bomCRLFAndCaseInsensitiveNames() {
        let config = WslConfig.parse("\u{FEFF}[WSL2]\r\nNETWORKINGMODE=nat\r\n;comment\r\n[Experimental]\r\nIgnoredPorts=22\r\n")
        #expect(config.requestedNetworkingMode == .nat)
        #expect(config.networkingModeEntry?.line == 2)
        #expect(config.ignoredPorts == [22])
        #expect(config.problems.isEmpty)
    }

    @Test(arguments: [
        ("none", WSLNetworkingMode.none), ("NAT", .nat), ("bridged", .bridged), ("mirrored", .mirrored),
        ("VirtioProxy", .virtioproxy), ("consomme", .virtioproxy), ("\"mirrored\"", .mirrored),
    ])
    func networkingModeValues(value: String, mode: WSLNetworkingMode) {
        let config = WslConfig.parse("[wsl2]\nnetworkingMode=\(value)\n")
        #expect(config.requestedNetworkingMode == mode)
        #expect(config.problems.isEmpty)
    }

    @Test func unknownModeMeansNATAndIsReportedWithItsLine() throws {
        let config = WslConfig.parse("[wsl2]\n\nnetworkingMode=mirror\n")
        #expect(config.requestedNetworkingMode == .nat)
        let problem = try #require(config.problems.first)
        #expect(problem.line == 3)
        #expect(problem.kind == .unknownNetworkingMode("mirror"))
        #expect(problem.description.contains("line 3"))
    }

    @Test func experimentalNetworkingModeOnEarlyWSLAndWsl2Wins() {
        let early = WslConfig.parse("[experimental]\nnetworkingMode=mirrored\n")
        #expect(early.requestedNetworkingMode == .mirrored)
        #expect(early.problems.isEmpty)
        let both = WslConfig.parse("[experimental]\nnetworkingMode=mirrored\n[wsl2]\nnetworkingMode=nat\n")
        #expect(both.requestedNetworkingMode == .nat)
        #expect(both.networkingModeEntry?.line == 4)
    }

    @Test func keysInTheWrongSectionAreProblemsAndNotApplied() throws {
        let config = WslConfig.parse("""
            [wsl2]
            networkingMode=mirrored
            hostAddressLoopback=true
            ignoredPorts=8080
            [network]
            networkingMode=nat
            """)
        #expect(config.hostAddressLoopback == nil)
        #expect(config.ignoredPorts == [])
        #expect(config.requestedNetworkingMode == .mirrored, "only [wsl2]/[experimental] count")
        #expect(config.problems.map(\.line) == [3, 4, 6])
        #expect(config.problems[0].kind == .keyInWrongSection(key: "hostAddressLoopback", section: "wsl2",
                                                               expected: "experimental"))
        #expect(config.problems[2].kind == .keyInWrongSection(key: "networkingMode", section: "network",
                                                               expected: "wsl2"))
        #expect(config.problems[0].description.contains("[experimental]"))
    }

    @Test func keyAboveAnySectionIsAProblem() {
        let config = WslConfig.parse("networkingMode=mirrored\n[wsl2]\n")
        #expect(config.requestedNetworkingMode == nil)
        #expect(config.problems == [WslConfigProblem(line: 1, kind: .keyInWrongSection(
            key: "networkingMode", section: nil, expected: "wsl2"))])
    }

    @Test func unparseableLinesAndBadValuesKeepTheirLineNumbers() {
        let config = WslConfig.parse("""
            [wsl2
            [wsl2]
            just some words
            = value
            dnsTunneling=maybe
            [experimental]
            ignoredPorts=80,http,70000,,443
            [ ]
            """)
        #expect(config.problems.map(\.line) == [1, 3, 4, 5, 7, 7, 7, 8])
        #expect(config.problems[0].kind == .unparseableLine("[wsl2"))
        #expect(config.problems[3].kind == .invalidValue(key: "dnsTunneling", value: "maybe"))
        #expect(config.dnsTunneling == nil)
        #expect(config.ignoredPorts == [80, 443])
    }

    @Test func emptyAndCommentOnlyFiles() {
        for text in ["", "\n\n", "# nothing\n; here\n", "\u{FEFF}"] {
            let config = WslConfig.parse(text)
            #expect(config.entries.isEmpty)
            #expect(config.problems.isEmpty)
            #expect(config.requestedNetworkingMode == nil)
        }
    }

    @Test func valuesKeepCommentCharactersInsideQuotes() {
        let config = WslConfig.parse("[wsl2]\nkernelCommandLine = \"a;b # c\" ; trailing\n")
        #expect(config.entry(section: "wsl2", key: "kernelCommandLine")?.value == "a;b # c")
    }
}
