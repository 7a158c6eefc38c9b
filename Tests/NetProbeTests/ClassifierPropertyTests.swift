import Testing
import TestSupport
import NetProbe

/// Random machines: the classifier never crashes and its verdicts keep their invariants.
@Suite("Classifier properties")
struct ClassifierPropertyTests {
    static let releases: [String?] = [
        nil, "", "6.1.0-18-amd64", "4.4.0-19041-Microsoft", "5.15.133.1-microsoft-standard-WSL2",
        "4.19.104-microsoft-standard", "6.6.36-custom+", "WSL2", "Microsoft microsoft", "\u{0}\n\n", "😀",
    ]
    static let containerTexts: [String?] = [nil, "", "wsl", "docker", "podman", "lxc", "systemd-nspawn", "oci", " \n"]
    static let cgroups: [String?] = [nil, "0::/", "12:memory:/docker/ab", "::::", "0::/kubepods/x", "garbage"]
    static let mountinfos: [String?] = [nil, "1 2 3", "22 1 254:1 / / rw - ext4 /dev/vda1 rw",
                                        "1 1 0:1 / / rw - overlay o lowerdir=/var/lib/docker/overlay2/l/A", "- - - - -"]
    static let macs: [String?] = [nil, "00:15:5d:01:02:03", "3c:52:82:6a:10:4e", "", "zz", "00:15:5D:AA:BB:CC"]
    static let names = ["lo", "eth0", "eth1", "loopback0", "tunl0", "sit0", "bond0", "wlan0", ""]
    static let addresses = ["127.0.0.1", "10.255.255.254", "172.29.201.94", "192.168.1.23", "169.254.73.250",
                            "203.0.113.9", "::1", "fe80::1", "not-an-ip", "999.1.1.1", ""]
    static let wslinfos = ["nat", "mirrored", "bridged", "virtioproxy", "consomme", "none", "wsl1", "",
                           "Failed to query networking mode", "NAT\n", "mirrored\nnat"]
    static let wslconfigs = ["[wsl2]\nnetworkingMode=mirrored", "[wsl2]\nnetworkingMode=bogus", "[[", "",
                             "[experimental]\nnetworkingMode=nat\nhostAddressLoopback=yes"]

    static func randomFacts(_ random: inout SeededGenerator) -> MachineFacts {
        var facts = MachineFacts(origin: Bool.random(using: &random) ? .live : .capture(path: "random.txt"))
        func maybe<T>(_ make: () -> T) -> T? { Bool.random(using: &random) ? make() : nil }
        func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &random)] }

        facts.osRelease = pick(releases)
        facts.procVersion = pick(releases).map { "Linux version \($0) (x@y)" }
        facts.containerManager = pick(containerTexts)
        facts.cgroup = pick(cgroups)
        facts.mountinfo = pick(mountinfos)
        facts.environment = maybe { ["WSL_DISTRO_NAME": "U", "WSL_INTEROP": "/run/WSL/1_interop", "container": "podman"]
            .filter { _ in Bool.random(using: &random) } }
        let existing = ProbedPath.all.filter { _ in Int.random(in: 0..<4, using: &random) == 0 }
        facts.paths = PathFacts(existing: Set(existing), checked: maybe { Set(ProbedPath.all) })
        facts.links = maybe {
            (0..<Int.random(in: 0...5, using: &random)).map { index in
                Link(index: index, name: pick(names), flags: pick([["UP"], [], ["LOOPBACK", "UP"]]), mac: pick(macs),
                     linkType: pick([nil, "ether", "loopback", "ipip", "none"]))
            }
        }
        facts.addresses = maybe {
            (0..<Int.random(in: 0...6, using: &random)).map { _ in
                InterfaceAddress(interface: pick(names.map(Optional.some) + [nil]), family: pick([.inet, .inet6]),
                                 local: pick(addresses), prefixLength: Int.random(in: -1...129, using: &random),
                                 scope: pick([nil, "global", "host"]), label: pick([nil, "eth0:1", ":"]),
                                 flags: pick([[], ["noprefixroute"]]))
            }
        }
        facts.rules = maybe {
            pick([ClassifyNet.defaultRules, ClassifyNet.mirroredRules, []]) + (0..<Int.random(in: 0...3, using: &random)).map { _ in
                Rule(family: pick([.inet, .inet6]), priority: Int.random(in: -5...40000, using: &random),
                     source: pick([nil, "127.0.0.1", "bad/99"]), destination: pick([nil, "127.0.0.0/8", "x"]),
                     inputInterface: pick([nil, "lo", "loopback0"]), ipProto: pick([nil, "tcp", "udp", "6", "icmp"]),
                     destinationPort: pick([nil, "8080"]), fwmark: pick([nil, "0x1"]),
                     table: pick([nil, 127, 128, 255, 254, 253, 0, -1]), action: pick([nil, "blackhole", "goto", "nop"]))
            }
        }
        facts.routes = maybe {
            pick([ClassifyNet.mirroredRoutes, ClassifyNet.natRoutes, []]) + (0..<Int.random(in: 0...3, using: &random)).map { _ in
                Route(family: pick([.inet, .inet6]), type: pick(["unicast", "local", "throw", "blackhole", "weird"]),
                      destination: pick(["default", "127.0.0.1", "127.0.0.0/8", "127.0.0.0/33", "", "::1"]),
                      table: pick([127, 255, 254, 100]), gateway: pick([nil, "169.254.73.249"]),
                      device: pick([nil, "lo", "loopback0", "eth0"]), metric: pick([nil, 0, -3]))
            }
        }
        facts.neighbours = maybe { [ClassifyNet.permanentNeighbour] }
        facts.sysctls = maybe { [WatchedSysctl.localPortRange: pick(["60536 64631", "32768 60999", "x", "9 1"]),
                                 WatchedSysctl.loopback0RouteLocalnet: pick(["1", "0", ""])] }
        facts.resolvConf = maybe { pick(["nameserver 10.255.255.254", "# This file was automatically generated by WSL.\nnameserver 127.0.0.42", ""]) }
        facts.wslinfo = maybe { WslinfoResult(output: pick(wslinfos), exitStatus: pick([nil, 0, 1]),
                                              timedOut: Int.random(in: 0..<5, using: &random) == 0) }
        facts.wslconfig = maybe { WslConfigFile(path: "/mnt/c/Users/u/.wslconfig", text: pick(wslconfigs)) }
        return facts
    }

    @Test func randomMachinesKeepTheVerdictInvariants() {
        var random = SeededGenerator(seed: 0xC1A5_51F1)
        var kinds: Set<EnvironmentKind> = []
        var modes: Set<WSLNetworkingMode> = []
        for _ in 0..<3000 {
            let facts = Self.randomFacts(&random)
            let verdict = Classifier.classify(facts)
            kinds.insert(verdict.kind)
            if let mode = verdict.wslNetworkingMode { modes.insert(mode) }

            #expect((verdict.wslNetworkingMode != nil) == (verdict.kind == .wsl2), "\(facts)")
            #expect((verdict.container != nil) == (verdict.kind == .container), "\(facts)")
            if verdict.kind == .unknown { #expect(verdict.confidence == .low) }
            if let mode = verdict.wslNetworkingMode, mode == .mirrored || mode == .nat {
                let backed = verdict.evidence.contains {
                    $0.claim == mode.rawValue && $0.stance == .supports
                        && ($0.signal.hasPrefix("netlink.") || $0.signal.hasPrefix("wslinfo."))
                }
                #expect(backed, "\(mode) without netlink or wslinfo support: \(facts)")
            }
            for item in verdict.evidence {
                #expect(!item.signal.isEmpty && !item.source.isEmpty && !item.claim.isEmpty)
            }
            // A .wslconfig request never decides: removing the file changes neither kind nor mode.
            var withoutConfig = facts
            withoutConfig.wslconfig = nil
            let other = Classifier.classify(withoutConfig)
            #expect(other.kind == verdict.kind && other.wslNetworkingMode == verdict.wslNetworkingMode
                        && other.confidence == verdict.confidence)
            _ = LoopbackRouting.analyze(facts)
        }
        // The generator reaches every kind and most modes, so the invariants were really exercised.
        #expect(kinds == Set(EnvironmentKind.allCases))
        #expect(modes.isSuperset(of: [.nat, .mirrored, .virtioproxy, .unknown]))
    }

    @Test func classificationIsDeterministic() {
        var random = SeededGenerator(seed: 7)
        for _ in 0..<200 {
            let facts = Self.randomFacts(&random)
            #expect(Classifier.classify(facts) == Classifier.classify(facts))
        }
    }
}

