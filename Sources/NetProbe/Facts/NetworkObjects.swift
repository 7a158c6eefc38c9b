/// Address family of a netlink object, named as iproute2 names it in `ip -j` output.
public enum AddressFamily: String, Sendable, Codable, Hashable, CaseIterable {
    case inet
    case inet6
}

/// A network interface, as `RTM_GETLINK` (or `ip -j link` / `ip addr`) reports it.
///
/// Field names follow iproute2's JSON vocabulary where one exists.
public struct Link: Sendable, Codable, Hashable {
    /// Interface index (`ifindex`); `nil` when a pasted capture lost it.
    public var index: Int?
    /// Interface name without any `@peer` suffix (`ifname`).
    public var name: String
    /// The `@...` suffix of the name as printed by `ip` (`if6`, `NONE`), kept for evidence.
    public var peer: String?
    /// Link flags as printed by `ip` (`UP`, `LOWER_UP`, `LOOPBACK`, `BROADCAST`, ...).
    public var flags: [String]
    public var mtu: Int?
    /// Link-layer address, lower case `aa:bb:cc:dd:ee:ff` (`address`).
    public var mac: String?
    /// `link/ether`, `link/loopback`, `link/none`, ... without the `link/` prefix (`link_type`).
    public var linkType: String?
    /// Driver kind from `IFLA_INFO_KIND` (`veth`, `bridge`, ...), when known.
    public var kind: String?
    /// `state` column (`UP`, `DOWN`, `UNKNOWN`).
    public var operState: String?

    public init(
        index: Int? = nil, name: String, peer: String? = nil, flags: [String] = [], mtu: Int? = nil,
        mac: String? = nil, linkType: String? = nil, kind: String? = nil, operState: String? = nil
    ) {
        self.index = index
        self.name = name
        self.peer = peer
        self.flags = flags
        self.mtu = mtu
        self.mac = mac
        self.linkType = linkType
        self.kind = kind
        self.operState = operState
    }

    /// Whether the administrative `UP` flag is set.
    public var isUp: Bool { flags.contains("UP") }
}

/// An interface address (`RTM_GETADDR`, one entry of `addr_info`).
public struct InterfaceAddress: Sendable, Codable, Hashable {
    /// Owning interface name (`ifname`, or the `label` when the capture shows only that); `nil` if unknown.
    public var interface: String?
    public var family: AddressFamily
    /// The address without prefix length (`local`).
    public var local: String
    public var prefixLength: Int
    /// `scope` as printed (`host`, `link`, `global`, or a number).
    public var scope: String?
    /// `ip addr` label such as `eth0:1`, when it differs from the interface name.
    public var label: String?
    /// Address flags (`noprefixroute`, `nodad`, `secondary`, ...).
    public var flags: [String]

    public init(
        interface: String?, family: AddressFamily, local: String, prefixLength: Int,
        scope: String? = nil, label: String? = nil, flags: [String] = []
    ) {
        self.interface = interface
        self.family = family
        self.local = local
        self.prefixLength = prefixLength
        self.scope = scope
        self.label = label
        self.flags = flags
    }
}

/// A route of any table (`RTM_GETROUTE` dumped without libnl's cache, or `ip route show table all`).
public struct Route: Sendable, Codable, Hashable {
    public var family: AddressFamily
    /// `ip` route type (`unicast`, `local`, `broadcast`, `multicast`, `unreachable`, ...).
    public var type: String
    /// Destination prefix as `ip` prints it: `default`, `127.0.0.1`, `10.0.0.0/8`, `fe80::/64`.
    public var destination: String
    /// Numeric routing table id (254 main, 255 local, 253 default).
    public var table: Int
    public var gateway: String?
    public var device: String?
    /// `proto` as printed (`kernel`, `boot`, `static`, `dhcp`, `kernel_lo`, `ra`, or a number).
    public var protocol_: String?
    public var scope: String?
    public var metric: Int?
    public var preferredSource: String?
    /// Next-hop flags (`onlink`, `linkdown`, ...).
    public var flags: [String]

    public init(
        family: AddressFamily, type: String = "unicast", destination: String, table: Int = 254,
        gateway: String? = nil, device: String? = nil, protocol_: String? = nil, scope: String? = nil,
        metric: Int? = nil, preferredSource: String? = nil, flags: [String] = []
    ) {
        self.family = family
        self.type = type
        self.destination = destination
        self.table = table
        self.gateway = gateway
        self.device = device
        self.protocol_ = protocol_
        self.scope = scope
        self.metric = metric
        self.preferredSource = preferredSource
        self.flags = flags
    }
}

/// A policy routing rule (`RTM_GETRULE`, `ip rule`).
public struct Rule: Sendable, Codable, Hashable {
    public var family: AddressFamily
    public var priority: Int
    /// Source selector as printed (`all` is stored as `nil`).
    public var source: String?
    public var destination: String?
    public var inputInterface: String?
    public var outputInterface: String?
    /// IP protocol selector by name (`tcp`, `udp`) or number.
    public var ipProto: String?
    /// Destination port or range (`8080`, `1000-2000`).
    public var destinationPort: String?
    public var sourcePort: String?
    public var fwmark: String?
    /// Table to look up, numerically (255 local, 254 main, 253 default); `nil` for non-lookup actions.
    public var table: Int?
    /// Action other than a table lookup (`blackhole`, `unreachable`, `prohibit`, `goto`, `nop`).
    public var action: String?

    public init(
        family: AddressFamily = .inet, priority: Int, source: String? = nil, destination: String? = nil,
        inputInterface: String? = nil, outputInterface: String? = nil, ipProto: String? = nil,
        destinationPort: String? = nil, sourcePort: String? = nil, fwmark: String? = nil,
        table: Int? = nil, action: String? = nil
    ) {
        self.family = family
        self.priority = priority
        self.source = source
        self.destination = destination
        self.inputInterface = inputInterface
        self.outputInterface = outputInterface
        self.ipProto = ipProto
        self.destinationPort = destinationPort
        self.sourcePort = sourcePort
        self.fwmark = fwmark
        self.table = table
        self.action = action
    }
}

/// A neighbour (ARP/NDP) entry (`RTM_GETNEIGH`, `ip neigh`).
public struct Neighbour: Sendable, Codable, Hashable {
    public var destination: String
    public var device: String?
    public var lladdr: String?
    /// NUD states as printed (`PERMANENT`, `REACHABLE`, `STALE`, ...).
    public var state: [String]

    public init(destination: String, device: String? = nil, lladdr: String? = nil, state: [String] = []) {
        self.destination = destination
        self.device = device
        self.lladdr = lladdr
        self.state = state
    }
}

/// Well-known routing table ids.
public enum RouteTable {
    public static let local = 255
    public static let main = 254
    public static let `default` = 253
    /// WSL mirrored mode's loopback table (`127.0.0.1/32 via 169.254.73.249 dev loopback0`).
    public static let wslLoopback = 127
    /// WSL mirrored mode's host-address table (filled with `hostAddressLoopback=true`).
    public static let wslHostAddress = 128

    /// The table name `ip` prints for `id`, or the decimal id.
    public static func name(_ id: Int) -> String {
        switch id {
        case local: return "local"
        case main: return "main"
        case `default`: return "default"
        default: return String(id)
        }
    }

    /// Parses a table given by name or number; `nil` when it is neither.
    public static func id(_ text: String) -> Int? {
        switch text {
        case "local": return local
        case "main": return main
        case "default": return `default`
        case "unspec": return 0
        default: return Int(text)
        }
    }
}
