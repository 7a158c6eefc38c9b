/// What a block found in a pasted report holds, named by the command (or file) that produced it.
public enum TriageBlockKind: String, Sendable, Codable, CaseIterable {
    case ipAddr = "ip addr"
    case ipLink = "ip link"
    case ipRoute = "ip route"
    case ipRule = "ip rule"
    case ipRule6 = "ip -6 rule"
    case ipNeigh = "ip neigh"
    case ifconfig = "ifconfig"
    case procVersion = "/proc/version"
    case unameA = "uname -a"
    case osRelease = "uname -r"
    case wslinfo = "wslinfo --networking-mode"
    case wslconfig = ".wslconfig"
    case resolvConf = "/etc/resolv.conf"
    case hosts = "/etc/hosts"
    case env = "env"
    case cgroup = "/proc/self/cgroup"
    case mountinfo = "/proc/self/mountinfo"
    /// Recognised but not a capture section here: `/etc/wsl.conf` (no networking-mode key), `wsl --version`.
    case wslConf = "/etc/wsl.conf"
    case wslVersion = "wsl --version"
    /// The output of a command this reader does not use (`ping`, `curl`, ...): kept out of every section.
    case other = "other command"

    /// The capture section this block becomes; `nil` for blocks that are recognised but not used.
    public var section: FactSection? {
        switch self {
        case .ipAddr, .ifconfig: return .ipAddr
        case .ipLink: return .ipLink
        case .ipRoute: return .ipRoute
        case .ipRule: return .ipRule
        case .ipRule6: return .ipRule6
        case .ipNeigh: return .ipNeigh
        case .procVersion, .unameA: return .procVersion
        case .osRelease: return .osRelease
        case .wslinfo: return .wslinfo
        case .wslconfig: return .wslconfig
        case .resolvConf: return .resolvConf
        case .hosts: return .hosts
        case .env: return .env
        case .cgroup: return .cgroup
        case .mountinfo: return .mountinfo
        case .wslConf, .wslVersion, .other: return nil
        }
    }

    /// Whether the block is one value on one line (`uname -r`, `wslinfo`): it ends after its first content line.
    var isOneLine: Bool {
        switch self {
        case .procVersion, .unameA, .osRelease, .wslinfo: return true
        default: return false
        }
    }

    /// Whether the block is a file's contents (ends at a blank line outside a code fence).
    var isFile: Bool {
        switch self {
        case .wslconfig, .resolvConf, .hosts, .wslConf, .wslVersion, .env, .cgroup, .mountinfo, .other: return true
        default: return false
        }
    }

    /// Whether the section keeps the command line that produced it (it sets context: `ip -6 route`, `table 127`).
    var keepsCommand: Bool { section.map { $0.rawValue.hasPrefix("ip-") } ?? false }
}
