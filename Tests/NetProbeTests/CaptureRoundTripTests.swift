import Testing
import TestSupport
@testable import NetProbe

/// Builds random but valid `MachineFacts`, with unusual strings where the format must carry them.
struct RandomFacts {
    var rng: SeededGenerator

    static let fragments = [
        "a", "Linux version 6.6.87.2", " ", "  ", "\t", "\n", "\n\n", "\r\n", "\r", "###", "### ip-addr", "\\###",
        "\\", "#", "é", "😀", "e\u{301}", "\u{0}", "\u{2028}", "\u{00A0}", "[", "{\"a\":1}", "\"", "KEY=VALUE", "=",
        "nameserver 10.255.255.254", "ü", "日本", "0:", "1: lo:", "inet", "$ ip a",
    ]
    static let names = ["eth0", "lo", "loopback0", "wlp0s20f3", "vethé1", "e\"q", "b\\s", "😀", "a b", "eth0.100", "x"]

    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &rng) < percent }
    mutating func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &rng)] }
    mutating func maybe<T>(_ make: (inout RandomFacts) -> T) -> T? { chance(30) ? nil : make(&self) }

    /// Text as the format can hold it: `\r\n` is a line end (it reads back as `\n`), so no line of it ends in `\r`,
    /// nor does the text (the writer's newline would complete a `\r\n`).
    mutating func text(maxFragments: Int = 8) -> String {
        var text = (0..<Int.random(in: 0...maxFragments, using: &rng)).map { _ in pick(Self.fragments) }.joined()
        // `\r\r\n` normalises to `\r\n`: repeat until no `\r` ends a line.
        var previous = ""
        while previous != text {
            previous = text
            text = CaptureTextDecoding.normalizedLineEnds(text)
        }
        while text.unicodeScalars.last == "\r" { text = String(String.UnicodeScalarView(text.unicodeScalars.dropLast())) }
        return text
    }

    /// Text for a one-line field: no line breaks, optionally trimmed.
    mutating func lineText(trim: Bool) -> String {
        let text = String(String.UnicodeScalarView(self.text().unicodeScalars.filter { $0 != "\n" && $0 != "\r" }))
        return trim ? Tokenizer.trimmed(text) : text
    }

    mutating func subset(_ values: [String]) -> [String] {
        values.shuffled(using: &rng).filter { _ in chance(40) }
    }

    mutating func ipv4() -> String { (0..<4).map { _ in String(Int.random(in: 0...255, using: &rng)) }.joined(separator: ".") }

    mutating func ipv6() -> String {
        let groups = (0..<8).map { _ in String(Int.random(in: 0...0xffff, using: &rng), radix: 16) }
        return chance(50) ? groups.joined(separator: ":") : groups[0] + "::" + groups[7]
    }

    mutating func address(_ family: AddressFamily) -> String { family == .inet ? ipv4() : ipv6() }

    mutating func mac() -> String {
        (0..<6).map { _ in roundTripHex2(Int.random(in: 0...255, using: &rng)) }.joined(separator: ":")
    }

    mutating func link() -> Link {
        Link(
            index: maybe { Int.random(in: 1...100_000, using: &$0.rng) }, name: pick(Self.names),
            peer: maybe { $0.pick(["if6", "NONE", "eth0", "if12345"]) },
            flags: subset(["BROADCAST", "MULTICAST", "UP", "LOWER_UP", "NOARP", "M-DOWN", "LOOPBACK"]),
            mtu: maybe { Int.random(in: 68...65536, using: &$0.rng) }, mac: maybe { $0.mac() },
            linkType: maybe { $0.pick(["ether", "loopback", "none", "ipip"]) }, kind: maybe { $0.pick(["veth", "bridge", "wireguard"]) },
            operState: maybe { $0.pick(["UP", "DOWN", "UNKNOWN", "DORMANT"]) })
    }

    mutating func interfaceAddress() -> InterfaceAddress {
        let family: AddressFamily = chance(50) ? .inet : .inet6
        let interface = maybe { $0.pick(Self.names) }
        return InterfaceAddress(
            interface: interface, family: family, local: address(family),
            prefixLength: Int.random(in: 0...IPSyntax.maxLength(family), using: &rng),
            scope: maybe { $0.pick(["host", "link", "global", "253"]) },
            label: chance(30) ? (interface ?? "eth9") + ":" + String(Int.random(in: 0...9, using: &rng)) : nil,
            flags: subset(["noprefixroute", "nodad", "secondary", "dynamic", "deprecated", "mngtmpaddr", "stable-privacy"]))
    }

    mutating func route() -> Route {
        let family: AddressFamily = chance(50) ? .inet : .inet6
        let destination = chance(25) ? "default"
            : address(family) + (chance(70) ? "/" + String(Int.random(in: 0...IPSyntax.maxLength(family), using: &rng)) : "")
        return Route(
            family: family, type: pick(["unicast", "unicast", "local", "broadcast", "multicast", "unreachable", "blackhole", "anycast"]),
            destination: destination,
            table: chance(50) ? pick([254, 255, 253, 127, 128, 0]) : Int.random(in: 0...4_294_967_295, using: &rng),
            gateway: maybe { $0.address(family) }, device: maybe { $0.pick(Self.names) },
            protocol_: maybe { $0.pick(["kernel", "static", "boot", "dhcp", "kernel_lo", "42"]) },
            scope: maybe { $0.pick(["link", "host", "global", "253"]) }, metric: maybe { Int.random(in: 0...4_294_967_295, using: &$0.rng) },
            preferredSource: maybe { $0.address(family) }, flags: subset(["onlink", "linkdown", "pervasive"]))
    }

    mutating func rule(_ sectionFamily: AddressFamily) -> Rule {
        let family = chance(85) ? sectionFamily : (sectionFamily == .inet ? .inet6 : .inet)
        let lookup = chance(70)
        return Rule(
            family: family, priority: Int.random(in: 0...4_294_967_295, using: &rng),
            source: maybe { $0.pick(["10.0.0.0/8", "192.0.2.7", "2001:db8::/64", "0/8", "a/b/08", "x"]) },
            destination: maybe { $0.pick(["10.8.0.0/16", "fd00::1", "0/0"]) },
            inputInterface: maybe { $0.pick(Self.names) }, outputInterface: maybe { $0.pick(Self.names) },
            ipProto: maybe { $0.pick(["tcp", "udp", "6", "icmp"]) },
            destinationPort: maybe { $0.pick(["8080", "1000-2000", "0x1f90/0xff00", "080"]) },
            sourcePort: maybe { $0.pick(["53", "1-65535", "01-2"]) },
            fwmark: maybe { $0.pick(["0x1", "0xca6c/0xffff", "0x80000/0xff0000/x"]) },
            table: lookup ? pick([255, 254, 253, 127, 128, 51820]) : nil,
            action: lookup ? nil : maybe { $0.pick(["blackhole", "unreachable", "prohibit", "goto", "nop"]) })
    }

    mutating func neighbour() -> Neighbour {
        let family: AddressFamily = chance(50) ? .inet : .inet6
        return Neighbour(
            destination: address(family), device: maybe { $0.pick(Self.names) }, lladdr: maybe { $0.mac() },
            state: subset(["PERMANENT", "REACHABLE", "STALE", "FAILED", "NOARP"]))
    }

    mutating func list<T>(_ make: (inout RandomFacts) -> T) -> [T]? {
        maybe { generator in (0..<Int.random(in: 0...6, using: &generator.rng)).map { _ in make(&generator) } }
    }

    mutating func facts(file: String) -> MachineFacts {
        var facts = MachineFacts(origin: .live)
        facts.procVersion = maybe { $0.text() }
        facts.osRelease = maybe { $0.text() }
        facts.environment = maybe { generator in
            var environment: [String: String] = [:]
            for _ in 0..<Int.random(in: 0...4, using: &generator.rng) {
                let key = generator.pick(["WSL_DISTRO_NAME", "WSL_INTEROP", "WSLENV", "container", "WSL_X_\(Int.random(in: 0...99, using: &generator.rng))"])
                environment[key] = generator.lineText(trim: false)
            }
            return environment
        }
        if chance(70) {
            let paths = (0..<Int.random(in: 0...5, using: &rng)).map { _ in "/" + lineText(trim: true) + pick(["", "/run/WSL", "/.dockerenv", " x"]) }
            facts.paths = PathFacts(existing: Set(paths), checked: maybe { $0.chance(50) ? Set(paths) : Set(ProbedPath.all) })
        }
        facts.wslInterop = maybe { $0.text() }
        facts.containerManager = maybe { $0.lineText(trim: true) }  // one value, as /run/systemd/container holds
        facts.cgroup = maybe { $0.text() }
        facts.mountinfo = maybe { $0.text() }
        facts.links = list { $0.link() }
        facts.addresses = list { $0.interfaceAddress() }
        facts.routes = list { $0.route() }
        facts.rules = list { $0.rule(.inet) }
        facts.rules6 = list { $0.rule(.inet6) }
        facts.neighbours = list { $0.neighbour() }
        facts.resolvConf = maybe { $0.text() }
        facts.hosts = maybe { $0.text() }
        facts.sysctls = maybe { generator in
            var values: [String: String] = [:]
            for _ in 0..<Int.random(in: 0...4, using: &generator.rng) {
                values["net.ipv4.conf.\(generator.pick(Self.names.filter { !$0.contains(" ") })).rp_filter"] = generator.lineText(trim: true)
            }
            return values
        }
        facts.wslinfo = maybe { WslinfoResult(output: Tokenizer.trimmed($0.text())) }
        facts.wslconfig = maybe { WslConfigFile(path: CaptureAssembler.wslconfigPath(file), text: $0.text()) }
        facts.procNetTCP = maybe { $0.text() }
        facts.procNetTCP6 = maybe { $0.text() }
        return facts
    }
}

/// Two lower-case hex digits.
func roundTripHex2(_ value: Int) -> String {
    let hex = String(value, radix: 16)
    return hex.count == 1 ? "0" + hex : hex
}

@Suite("Capture writer round trip")
struct CaptureRoundTripTests {
    @Test("write then parse gives back every field (seeded, 400 cases)")
    func roundTrip() throws {
        var random = RandomFacts(rng: SeededGenerator(seed: 0x5EED_CA97))
        let file = "/captures/round-trip.txt"
        for iteration in 0..<400 {
            let facts = random.facts(file: file)
            let text = CaptureWriter.write(facts)
            var back = CaptureReader.parse(text: text, file: file)
            #expect(back.warnings.isEmpty, "case \(iteration): \(back.warnings)\n\(text)")
            #expect(back.origin == .capture(path: file))
            back.origin = facts.origin
            back.warnings = facts.warnings
            if back != facts {
                Issue.record("case \(iteration) differs after the round trip:\n\(text)")
                for (label, same) in Self.fieldDiffs(facts, back) where !same { Issue.record("field \(label) differs") }
                return
            }
        }
    }

    @Test("the writer's output starts with the version marker and writes only known fields")
    func shape() {
        var facts = MachineFacts(origin: .live)
        facts.osRelease = "6.6.87.2-microsoft-standard-WSL2"
        facts.rules = []
        facts.sysctls = ["net.ipv4.ip_local_port_range": "60536\t64631", "net.ipv4.conf.all.rp_filter": "0"]
        facts.environment = ["WSL_INTEROP": "/run/WSL/1_interop", "WSL_DISTRO_NAME": "Ubuntu"]
        facts.wslinfo = WslinfoResult(output: "mirrored", exitStatus: 0)
        let text = CaptureWriter.write(facts)
        #expect(text.hasPrefix("# openclaw-capture v1\n#"))
        #expect(text.contains("### ip-rule\n[]\n"))
        #expect(text.contains("### sysctl\nnet.ipv4.conf.all.rp_filter = 0\nnet.ipv4.ip_local_port_range = 60536\t64631\n"))
        #expect(text.contains("### env\nWSL_DISTRO_NAME=Ubuntu\nWSL_INTEROP=/run/WSL/1_interop\n"))
        #expect(text.contains("# wslinfo exit status 0\n"))
        #expect(!text.contains("### ip-route") && !text.contains("### paths") && !text.contains("### hosts"))
    }

    @Test("ip sections are ip -j compatible: link objects and addr_info entries")
    func ipJSONShape() {
        var facts = MachineFacts(origin: .live)
        facts.links = [Link(index: 2, name: "eth0", peer: "if6", flags: ["UP"], mtu: 1500, mac: "00:15:5d:45:a2:ee", linkType: "ether")]
        facts.addresses = [InterfaceAddress(interface: "eth0", family: .inet, local: "172.20.153.142", prefixLength: 20, scope: "global", flags: ["noprefixroute"])]
        facts.routes = [Route(family: .inet, destination: "127.0.0.1", table: 127, gateway: "169.254.73.249", device: "loopback0", flags: ["onlink"])]
        let text = CaptureWriter.write(facts)
        #expect(text.contains(#"{"ifindex":2,"ifname":"eth0","link":"if6","flags":["UP"],"mtu":1500,"link_type":"ether","address":"00:15:5d:45:a2:ee"}"#))
        #expect(text.contains(#"{"ifname":"eth0","addr_info":[{"family":"inet","local":"172.20.153.142","prefixlen":20,"scope":"global","noprefixroute":true}]}"#))
        #expect(text.contains(#"{"dst":"127.0.0.1","gateway":"169.254.73.249","dev":"loopback0","table":"127","flags":["onlink"]}"#))
    }

    static func fieldDiffs(_ a: MachineFacts, _ b: MachineFacts) -> [(String, Bool)] {
        [
            ("procVersion", a.procVersion == b.procVersion), ("osRelease", a.osRelease == b.osRelease),
            ("environment", a.environment == b.environment), ("paths", a.paths == b.paths),
            ("wslInterop", a.wslInterop == b.wslInterop), ("containerManager", a.containerManager == b.containerManager),
            ("cgroup", a.cgroup == b.cgroup), ("mountinfo", a.mountinfo == b.mountinfo), ("links", a.links == b.links),
            ("addresses", a.addresses == b.addresses), ("routes", a.routes == b.routes), ("rules", a.rules == b.rules),
            ("rules6", a.rules6 == b.rules6), ("neighbours", a.neighbours == b.neighbours),
            ("resolvConf", a.resolvConf == b.resolvConf), ("hosts", a.hosts == b.hosts), ("sysctls", a.sysctls == b.sysctls),
            ("wslinfo", a.wslinfo == b.wslinfo), ("wslconfig", a.wslconfig == b.wslconfig),
            ("procNetTCP", a.procNetTCP == b.procNetTCP), ("procNetTCP6", a.procNetTCP6 == b.procNetTCP6),
        ]
    }
}
