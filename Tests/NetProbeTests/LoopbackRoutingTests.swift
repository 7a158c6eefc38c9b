import Testing
import NetProbe
import TestSupport

@Suite("LoopbackRouting")
struct LoopbackRoutingTests {
    @Test func mirroredRulesSend127OutThroughLoopback0() {
        let routing = LoopbackRouting.analyze(ClassifyMachines.mirrored.built)
        #expect(routing.leavesLinux == true)
        #expect(routing.device == "loopback0")
        #expect(routing.gateway == "169.254.73.249")
        #expect(routing.table == 127)
        #expect(routing.decidingRulePriority == 1)
        #expect(routing.returnRulePriorities == [0])
        #expect(routing.rulePriorities == [0, 1])
        #expect(routing.onlyDestinationPorts == nil)
        #expect(routing.ipLocalPortRange == 60536...64631)
    }

    @Test func defaultRulesKeep127InLinux() {
        let routing = LoopbackRouting.analyze(ClassifyMachines.nat.built)
        #expect(routing.leavesLinux == false)
        #expect(routing.table == RouteTable.local)
        #expect(routing.decidingRulePriority == 0)
        #expect(routing.device == "lo")
        #expect(routing.ipLocalPortRange == 32768...60999)
    }

    @Test func missingRulesAreUnknown() {
        let facts = ClassifyFacts().routes(ClassifyNet.mirroredRoutes).built
        let routing = LoopbackRouting.analyze(facts)
        #expect(routing.leavesLinux == nil)
        #expect(routing.device == nil)
    }

    @Test func mirroredRulesWithoutRoutesAreUnknown() {
        let routing = LoopbackRouting.analyze(ClassifyFacts().rules(ClassifyNet.mirroredRules).built)
        #expect(routing.leavesLinux == nil)
        #expect(routing.table == 127)
    }

    @Test func defaultRulesWithoutRoutesUseTheKernelLocalTable() {
        let routing = LoopbackRouting.analyze(ClassifyFacts().rules(ClassifyNet.defaultRules).built)
        #expect(routing.leavesLinux == false)
    }

    @Test func mainTableOnlyCaptureMakesOtherTablesUnknown() {
        // `ip route` (main table only): table 127 is not shown, so the answer is unknown, not "stays".
        let main = [Route(family: .inet, destination: "default", gateway: "192.168.1.1", device: "eth0")]
        let mirrored = ClassifyFacts().rules(ClassifyNet.mirroredRules).routes(main).built
        #expect(LoopbackRouting.analyze(mirrored).leavesLinux == nil)
        // ... and the default route in main does not capture 127.0.0.1: the local table is the kernel's.
        let plain = ClassifyFacts().rules(ClassifyNet.defaultRules).routes(main).built
        #expect(LoopbackRouting.analyze(plain).leavesLinux == false)
    }

    @Test func udpOnlyOrMarkedOrOtherInterfaceRulesDoNotSteerTCP() {
        let steering: [Rule] = [
            Rule(priority: 1, ipProto: "udp", table: 127),
            Rule(priority: 1, fwmark: "0x1", table: 127),
            Rule(priority: 1, inputInterface: "eth0", ipProto: "tcp", table: 127),
            Rule(priority: 1, destination: "10.0.0.0/8", table: 127),
        ]
        for rule in steering {
            let facts = ClassifyFacts().rules([rule] + ClassifyNet.defaultRules.map { var r = $0; r.priority += 2; return r })
                .routes(ClassifyNet.mirroredRoutes).built
            #expect(LoopbackRouting.analyze(facts).leavesLinux == false, "\(rule)")
        }
    }

    @Test func aDportRuleSteersSomePortsAndSaysSo() {
        // The shape of the project's netns recipe: only port 8080 is steered to table 127.
        let rules = [Rule(priority: 1, ipProto: "6", destinationPort: "8080", table: 127)]
            + ClassifyNet.defaultRules.map { var r = $0; r.priority = r.priority == 0 ? 2 : r.priority; return r }
        let routing = LoopbackRouting.analyze(ClassifyFacts().rules(rules).routes(ClassifyNet.mirroredRoutes).built)
        #expect(routing.leavesLinux == true)
        #expect(routing.onlyDestinationPorts == "8080")
    }

    @Test func rulesAreFollowedInPriorityOrderNotListOrder() {
        let rules = [Rule(priority: 5, ipProto: "tcp", table: 127), Rule(priority: 0, table: RouteTable.local)]
        let routing = LoopbackRouting.analyze(ClassifyFacts().rules(rules).routes(ClassifyNet.mirroredRoutes).built)
        #expect(routing.leavesLinux == false)
        #expect(routing.decidingRulePriority == 0)
    }

    @Test func throwAndEmptyTablesFallThroughAndBlackholeDrops() {
        let throwRoute = Route(family: .inet, type: "throw", destination: "127.0.0.0/8", table: 100)
        let blackhole = Route(family: .inet, type: "blackhole", destination: "127.0.0.1", table: 101)
        let rules = [Rule(priority: 1, table: 100), Rule(priority: 2, table: 102), Rule(priority: 3, table: 101),
                     Rule(priority: 4, table: RouteTable.local)]
        let routing = LoopbackRouting.analyze(ClassifyFacts().rules(rules)
            .routes(ClassifyNet.localTable + [throwRoute, blackhole]).built)
        #expect(routing.leavesLinux == false)
        #expect(routing.decidingRulePriority == 3)
        #expect(routing.explanation.contains("drops"))
    }

    @Test func longestPrefixWins() {
        let wide = Route(family: .inet, destination: "127.0.0.0/8", table: 127, device: "lo")
        let rules = [Rule(priority: 1, ipProto: "tcp", table: 127), Rule(priority: 2, table: RouteTable.local)]
        let routing = LoopbackRouting.analyze(ClassifyFacts().rules(rules)
            .routes([wide, ClassifyNet.table127] + ClassifyNet.localTable).built)
        #expect(routing.leavesLinux == true)
        #expect(routing.device == "loopback0")
    }

    @Test func ipv6RulesAreIgnored() {
        let rule6 = Rule(family: .inet6, priority: 0, ipProto: "tcp", table: 127)
        let facts = ClassifyFacts().rules([rule6] + ClassifyNet.defaultRules).routes(ClassifyNet.mirroredRoutes).built
        #expect(LoopbackRouting.analyze(facts).leavesLinux == false)
    }

    @Test(arguments: [
        ("60536 64631", 60536...64631 as ClosedRange<Int>?), ("32768\t60999", 32768...60999), (" 1024  65535\n", 1024...65535),
        ("60999 32768", nil), ("32768", nil), ("a b", nil), ("1 2 3", nil), ("-1 5", nil), ("0 70000", nil), ("", nil),
    ])
    func portRangeParsing(text: String, expected: ClosedRange<Int>?) {
        #expect(LoopbackRouting.parsePortRange(text) == expected)
    }

    @Test func fixturesAgreeWithTheirMode() throws {
        for (name, leaves) in [("wsl2-mirrored-full.json.txt", true), ("wsl2-virtioproxy.json.txt", true),
                               ("wsl2-nat.json.txt", false), ("native-debian.json.txt", false),
                               ("wsl1.json.txt", nil)] as [(String, Bool?)] {
            let facts = try ClassifierFixtureReader.facts(path: Fixtures.path("captures/\(name)"))
            #expect(LoopbackRouting.analyze(facts).leavesLinux == leaves, "\(name)")
        }
    }
}
