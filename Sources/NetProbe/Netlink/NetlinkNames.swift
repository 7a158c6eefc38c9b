/// The names iproute2 6.1 prints for numeric netlink fields (`lib/rt_names.c`, `lib/ll_types.c`,
/// `ip/ipaddress.c`, `/etc/iproute2/rt_protos`), so live facts read like `ip` output and captures.
package enum NetlinkNames {
    /// `rtm_scope` / `ifa_scope`: `global`, `site`, `link`, `host`, `nowhere`, else the number.
    package static func scope(_ value: UInt8) -> String {
        switch value {
        case 0: return "global"
        case 200: return "site"
        case 253: return "link"
        case 254: return "host"
        case 255: return "nowhere"
        default: return String(value)
        }
    }

    private static let protocols: [UInt8: String] = [
        0: "unspec", 1: "redirect", 2: "kernel", 3: "boot", 4: "static", 8: "gated", 9: "ra", 10: "mrt",
        11: "zebra", 12: "bird", 13: "dnrouted", 14: "xorp", 15: "ntk", 16: "dhcp", 18: "keepalived",
        42: "babel", 99: "openr", 186: "bgp", 187: "isis", 188: "ospf", 189: "rip", 192: "eigrp",
    ]

    /// `rtm_protocol` (`proto kernel`, `proto static`, ...), else the number.
    package static func routeProtocol(_ value: UInt8) -> String { protocols[value] ?? String(value) }

    private static let routeTypes = [
        "unspec", "unicast", "local", "broadcast", "anycast", "multicast", "blackhole", "unreachable",
        "prohibit", "throw", "nat", "xresolve",
    ]

    /// `rtm_type` (`unicast`, `local`, `broadcast`, `multicast`, ...), else the number.
    package static func routeType(_ value: UInt8) -> String {
        Int(value) < routeTypes.count ? routeTypes[Int(value)] : String(value)
    }

    /// `rtm_flags` and next-hop flags, in the order `ip route` prints them.
    package static let routeFlags: [(UInt32, String)] = [
        (0x1, "dead"), (0x4, "onlink"), (0x2, "pervasive"), (0x8, "offload"), (0x40, "trap"),
        (0x100, "notify"), (0x10, "linkdown"), (0x20, "unresolved"), (0x4000, "rt_offload"),
        (0x8000, "rt_trap"), (0x2000_0000, "rt_offload_failed"),
    ]

    /// `ifi_flags` in the order `ip link` prints them (`IFF_RUNNING` is never printed).
    package static let linkFlags: [(UInt32, String)] = [
        (0x8, "LOOPBACK"), (0x2, "BROADCAST"), (0x10, "POINTOPOINT"), (0x1000, "MULTICAST"), (0x80, "NOARP"),
        (0x200, "ALLMULTI"), (0x100, "PROMISC"), (0x20, "NOTRAILERS"), (0x4, "DEBUG"), (0x8000, "DYNAMIC"),
        (0x4000, "AUTOMEDIA"), (0x2000, "PORTSEL"), (0x400, "MASTER"), (0x800, "SLAVE"), (0x1, "UP"),
        (0x10000, "LOWER_UP"), (0x20000, "DORMANT"), (0x40000, "ECHO"),
    ]

    /// `ip link`'s flag list: `NO-CARRIER` first when UP without RUNNING, then the named flags.
    package static func linkFlagNames(_ flags: UInt32) -> [String] {
        let up: UInt32 = 0x1, running: UInt32 = 0x40
        let noCarrier = flags & up != 0 && flags & running == 0 ? ["NO-CARRIER"] : []
        return noCarrier + NetlinkFormat.flagNames(flags, linkFlags)
    }

    /// `IFLA_OPERSTATE` (RFC 2863 names as `ip` prints them).
    package static func operState(_ value: UInt8) -> String {
        let names = ["UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP"]
        return Int(value) < names.count ? names[Int(value)] : String(value)
    }

    private static let linkTypes: [UInt16: String] = [
        0: "netrom", 1: "ether", 2: "eether", 3: "ax25", 4: "pronet", 5: "chaos", 6: "ieee802", 7: "arcnet",
        8: "atalk", 15: "dlci", 19: "atm", 23: "metricom", 24: "ieee1394", 32: "infiniband",
        256: "slip", 257: "cslip", 258: "slip6", 259: "cslip6", 260: "rsrvd", 264: "adapt", 270: "rose",
        271: "x25", 272: "hwx25", 280: "can", 512: "ppp", 513: "hdlc", 516: "lapb", 517: "ddcmp",
        518: "rawhdlc", 519: "rawip", 768: "ipip", 769: "tunnel6", 770: "frad", 771: "skip", 772: "loopback",
        773: "ltalk", 774: "fddi", 775: "bif", 776: "sit", 777: "ip/ddp", 778: "gre", 779: "pimreg",
        780: "hippi", 781: "ash", 782: "econet", 783: "irda", 784: "fcpp", 785: "fcal", 786: "fcpl",
        787: "fcfb0", 800: "tr", 801: "ieee802.11", 802: "ieee802.11/prism", 803: "ieee802.11/radiotap",
        804: "ieee802.15.4", 805: "ieee802.15.4/monitor", 820: "phonet", 821: "phonet_pipe", 822: "caif",
        823: "gre6", 824: "netlink", 825: "6lowpan", 0xFFFE: "none", 0xFFFF: "void",
    ]

    /// `ifi_type` (ARPHRD_*) as `ip` prints it after `link/`, else `[N]`.
    package static func linkType(_ value: UInt16) -> String { linkTypes[value] ?? "[\(value)]" }

    /// `ifa_flags` / `IFA_FLAGS`. Kernel names, plus `dynamic` (as `ip` prints it) when `permanent` is absent.
    package static func addressFlagNames(_ flags: UInt32, family: AddressFamily) -> [String] {
        var names: [String] = []
        if flags & 0x01 != 0 { names.append(family == .inet6 ? "temporary" : "secondary") }
        let table: [(UInt32, String)] = [
            (0x02, "nodad"), (0x04, "optimistic"), (0x08, "dadfailed"), (0x10, "home"), (0x20, "deprecated"),
            (0x40, "tentative"), (0x80, "permanent"), (0x100, "mngtmpaddr"), (0x200, "noprefixroute"),
            (0x400, "autojoin"), (0x800, "stable-privacy"),
        ]
        for (bit, name) in table {
            if bit == 0x80 {
                names.append(flags & bit != 0 ? "permanent" : "dynamic")
            } else if flags & bit != 0 {
                names.append(name)
            }
        }
        return names
    }

    /// `ndm_state` in the order `ip neigh` prints it; `NONE` for zero.
    package static func neighbourStates(_ state: UInt16) -> [String] {
        let table: [(UInt16, String)] = [
            (0x01, "INCOMPLETE"), (0x02, "REACHABLE"), (0x04, "STALE"), (0x08, "DELAY"), (0x10, "PROBE"),
            (0x20, "FAILED"), (0x40, "NOARP"), (0x80, "PERMANENT"),
        ]
        return state == 0 ? ["NONE"] : NetlinkFormat.flagNames(state, table)
    }

    /// `FRA_IP_PROTO` as `/etc/protocols` names the common ones, else the number.
    package static func ipProtocol(_ value: UInt8) -> String {
        switch value {
        case 1: return "icmp"
        case 2: return "igmp"
        case 6: return "tcp"
        case 17: return "udp"
        case 33: return "dccp"
        case 47: return "gre"
        case 50: return "esp"
        case 51: return "ah"
        case 58: return "ipv6-icmp"
        case 132: return "sctp"
        case 136: return "udplite"
        default: return String(value)
        }
    }

    /// `fib_rule_hdr.action` other than a table lookup.
    package static func ruleAction(_ value: UInt8) -> String {
        switch value {
        case 2: return "goto"
        case 3: return "nop"
        case 6: return "blackhole"
        case 7: return "unreachable"
        case 8: return "prohibit"
        default: return String(value)
        }
    }
}
