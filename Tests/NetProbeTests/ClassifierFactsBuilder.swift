import NetProbe

/// Builds `MachineFacts` for classifier tests: a value you refine step by step.
struct ClassifyFacts {
    var facts = MachineFacts(origin: .capture(path: "built.txt"))

    func with(_ change: (inout MachineFacts) -> Void) -> ClassifyFacts {
        var copy = self
        change(&copy.facts)
        return copy
    }

    var built: MachineFacts { facts }

    func kernel(_ release: String) -> ClassifyFacts { with { $0.osRelease = release } }
    func procVersion(_ text: String) -> ClassifyFacts { with { $0.procVersion = text } }
    func env(_ values: [String: String]) -> ClassifyFacts { with { $0.environment = values } }
    /// `existing` paths exist; every probed path was checked.
    func paths(_ existing: [String], checked: Bool = true) -> ClassifyFacts {
        with { $0.paths = PathFacts(existing: Set(existing), checked: checked ? Set(ProbedPath.all) : nil) }
    }
    func containerManager(_ text: String) -> ClassifyFacts { with { $0.containerManager = text } }
    func cgroup(_ text: String) -> ClassifyFacts { with { $0.cgroup = text } }
    func mountinfo(_ text: String) -> ClassifyFacts { with { $0.mountinfo = text } }
    func network(_ interfaces: [ClassifyNet.Interface]) -> ClassifyFacts {
        with {
            $0.links = interfaces.map(\.link)
            $0.addresses = interfaces.flatMap(\.addresses)
        }
    }
    func addressesOnly(_ addresses: [InterfaceAddress]) -> ClassifyFacts { with { $0.addresses = addresses } }
    func routes(_ routes: [Route]) -> ClassifyFacts { with { $0.routes = routes } }
    func rules(_ rules: [Rule]) -> ClassifyFacts { with { $0.rules = rules } }
    func neighbours(_ neighbours: [Neighbour]) -> ClassifyFacts { with { $0.neighbours = neighbours } }
    func sysctls(_ values: [String: String]) -> ClassifyFacts { with { $0.sysctls = values } }
    func resolvConf(_ text: String) -> ClassifyFacts { with { $0.resolvConf = text } }
    func wslinfo(_ output: String, exit: Int32? = nil, timedOut: Bool = false) -> ClassifyFacts {
        with { $0.wslinfo = WslinfoResult(output: output, exitStatus: exit, timedOut: timedOut) }
    }
    func wslconfig(_ text: String) -> ClassifyFacts {
        with { $0.wslconfig = WslConfigFile(path: "/mnt/c/Users/ana/.wslconfig", text: text) }
    }

    var verdict: EnvironmentVerdict { Classifier.classify(facts) }
}

/// Network building blocks shaped like real WSL2 / Linux machines.
enum ClassifyNet {
    struct Interface {
        var link: Link
        var addresses: [InterfaceAddress]
    }

    static func v4(_ device: String, _ cidr: String, flags: [String] = [], scope: String = "global") -> InterfaceAddress {
        let parts = cidr.split(separator: "/")
        return InterfaceAddress(interface: device, family: .inet, local: String(parts[0]),
                                prefixLength: Int(parts[1]) ?? 32, scope: scope, flags: flags)
    }

    static func lo(_ extra: [String] = []) -> Interface {
        Interface(link: Link(index: 1, name: "lo", flags: ["LOOPBACK", "UP", "LOWER_UP"], mtu: 65536,
                             mac: "00:00:00:00:00:00", linkType: "loopback", operState: "UNKNOWN"),
                  addresses: [v4("lo", "127.0.0.1/8", scope: "host")] + extra.map { v4("lo", $0) })
    }

    static func ether(_ name: String, index: Int, mac: String, _ cidrs: [String] = [], up: Bool = true,
                      flags: [String] = []) -> Interface {
        Interface(link: Link(index: index, name: name, flags: up ? ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"]
                                                                   : ["BROADCAST", "MULTICAST"],
                             mtu: 1500, mac: mac, linkType: "ether", operState: up ? "UP" : "DOWN"),
                  addresses: cidrs.map { v4(name, $0, flags: flags) })
    }

    static func tunnel(_ name: String, index: Int, type: String) -> Interface {
        Interface(link: Link(index: index, name: name, peer: "NONE", flags: ["NOARP"], mtu: 1480, mac: "0.0.0.0",
                             linkType: type, operState: "DOWN"), addresses: [])
    }

    static let natEth0 = ether("eth0", index: 2, mac: "00:15:5d:7e:9a:31", ["172.29.201.94/20"])
    static let mirroredEth0 = ether("eth0", index: 2, mac: "3c:52:82:6a:10:4e", ["192.168.1.23/24"],
                                    flags: ["noprefixroute"])
    static let loopback0 = ether("loopback0", index: 3, mac: "00:15:5d:4f:23:d9")
    static let virtioLoopback0 = ether("loopback0", index: 3, mac: "00:15:5d:4f:23:d9", ["169.254.73.250/28"])

    static let defaultRules = [
        Rule(priority: 0, table: RouteTable.local),
        Rule(priority: 32766, table: RouteTable.main),
        Rule(priority: 32767, table: RouteTable.default),
    ]

    static let mirroredRules: [Rule] = [
        Rule(priority: 0, inputInterface: "loopback0", ipProto: "tcp", table: RouteTable.local),
        Rule(priority: 0, inputInterface: "loopback0", ipProto: "udp", table: RouteTable.local),
        Rule(priority: 0, inputInterface: "eth0", ipProto: "tcp", table: RouteTable.local),
        Rule(priority: 0, inputInterface: "eth0", ipProto: "udp", table: RouteTable.local),
        Rule(priority: 1, ipProto: "tcp", table: 127),
        Rule(priority: 1, ipProto: "udp", table: 127),
        Rule(priority: 1, ipProto: "tcp", table: 128),
        Rule(priority: 1, ipProto: "udp", table: 128),
        Rule(priority: 2, table: RouteTable.local),
        Rule(priority: 32766, table: RouteTable.main),
        Rule(priority: 32767, table: RouteTable.default),
    ]

    static let localTable = [
        Route(family: .inet, type: "local", destination: "127.0.0.0/8", table: RouteTable.local, device: "lo",
              protocol_: "kernel", scope: "host", preferredSource: "127.0.0.1"),
        Route(family: .inet, type: "local", destination: "127.0.0.1", table: RouteTable.local, device: "lo",
              protocol_: "kernel", scope: "host", preferredSource: "127.0.0.1"),
    ]

    static let table127 = Route(family: .inet, destination: "127.0.0.1", table: 127, gateway: "169.254.73.249",
                                device: "loopback0", protocol_: "kernel", flags: ["onlink"])

    static let mirroredRoutes = [
        Route(family: .inet, destination: "default", gateway: "192.168.1.1", device: "eth0", protocol_: "kernel",
              metric: 25),
        table127,
    ] + localTable

    static let natRoutes = [
        Route(family: .inet, destination: "default", gateway: "172.29.192.1", device: "eth0", protocol_: "kernel"),
        Route(family: .inet, destination: "172.29.192.0/20", device: "eth0", protocol_: "kernel", scope: "link",
              preferredSource: "172.29.201.94"),
    ] + localTable

    static let permanentNeighbour = Neighbour(destination: "169.254.73.249", device: "loopback0",
                                              lladdr: "00:11:22:33:44:55", state: ["PERMANENT"])
}

/// Complete machines, one per row of the decision table.
enum ClassifyMachines {
    static let wsl2Release = "6.6.87.2-microsoft-standard-WSL2"
    static let wslEnv = ["WSL_DISTRO_NAME": "Ubuntu-24.04", "WSL_INTEROP": "/run/WSL/412_interop"]
    static let wslPaths = [ProbedPath.wslInteropLate, ProbedPath.runWSL, ProbedPath.wslinfoBin, ProbedPath.initBinary]

    static var wsl2Base: ClassifyFacts {
        ClassifyFacts().kernel(wsl2Release).env(wslEnv).paths(wslPaths)
    }

    static var nat: ClassifyFacts {
        wsl2Base.network([ClassifyNet.lo(), ClassifyNet.natEth0]).routes(ClassifyNet.natRoutes).rules(ClassifyNet.defaultRules)
            .sysctls([WatchedSysctl.localPortRange: "32768\t60999"])
    }

    static var mirrored: ClassifyFacts {
        wsl2Base.paths(wslPaths + [ProbedPath.wslNetworkingSysctl])
            .network([ClassifyNet.lo(["10.255.255.254/32"]), ClassifyNet.mirroredEth0, ClassifyNet.loopback0,
                      ClassifyNet.ether("eth1", index: 4, mac: "c0:4b:24:9f:d2:f4", up: false)])
            .routes(ClassifyNet.mirroredRoutes).rules(ClassifyNet.mirroredRules).neighbours([ClassifyNet.permanentNeighbour])
            .sysctls([WatchedSysctl.localPortRange: "60536 64631", WatchedSysctl.loopback0RouteLocalnet: "1"])
            .resolvConf("# This file was automatically generated by WSL. To stop ...\nnameserver 10.255.255.254")
    }

    static var virtioproxy: ClassifyFacts {
        wsl2Base.network([ClassifyNet.lo(), ClassifyNet.ether("eth0", index: 2, mac: "5e:bb:f6:9e:ee:fa", ["192.168.1.23/24"]),
                          ClassifyNet.virtioLoopback0])
            .routes(ClassifyNet.mirroredRoutes)
            .rules(ClassifyNet.mirroredRules.filter { $0.inputInterface != "eth0" && $0.table != 128 })
            .neighbours([ClassifyNet.permanentNeighbour])
    }

    static var bridged: ClassifyFacts {
        wsl2Base.network([ClassifyNet.lo(), ClassifyNet.ether("eth0", index: 2, mac: "5a:3b:1c:77:20:e1", ["192.168.1.57/24"],
                                              flags: ["dynamic"])])
            .rules(ClassifyNet.defaultRules)
    }

    static var none: ClassifyFacts {
        wsl2Base.network([ClassifyNet.lo(), ClassifyNet.tunnel("tunl0", index: 4, type: "ipip"), ClassifyNet.tunnel("sit0", index: 5, type: "sit")])
            .rules(ClassifyNet.defaultRules).routes(ClassifyNet.localTable)
    }

    static var native: ClassifyFacts {
        ClassifyFacts().kernel("6.1.0-18-amd64").paths([])
            .cgroup("0::/user.slice/user-1000.slice/session-3.scope")
            .network([ClassifyNet.lo(), ClassifyNet.ether("ens3", index: 2, mac: "52:54:00:12:34:56", ["192.168.122.10/24"])])
            .rules(ClassifyNet.defaultRules)
    }
}
