/// The sections of the capture format (version 1), each tied to the live source it replaces.
///
/// `rawValue` is the section name written after `### ` in a capture file (or the file name in a
/// capture directory). See `docs/capture-format.md`.
public enum FactSection: String, Sendable, Codable, CaseIterable {
    case procVersion = "proc-version"
    case osRelease = "osrelease"
    case env = "env"
    case paths = "paths"
    case pathsChecked = "paths-checked"
    case wslInterop = "wslinterop"
    case container = "container"
    case cgroup = "cgroup"
    case mountinfo = "mountinfo"
    case ipLink = "ip-link"
    case ipAddr = "ip-addr"
    case ipRoute = "ip-route"
    case ipRule = "ip-rule"
    case ipRule6 = "ip-rule6"
    case ipNeigh = "ip-neigh"
    case resolvConf = "resolv.conf"
    case hosts = "hosts"
    case sysctl = "sysctl"
    case wslinfo = "wslinfo"
    case wslconfig = "wslconfig"
    case procNetTCP = "proc-net-tcp"
    case procNetTCP6 = "proc-net-tcp6"
    /// Linux listener tables as `ss -ltnp`, `netstat -tlnp` or `lsof -i :PORT` printed them (pasted into a report).
    case listeners = "listeners"
    case windowsNetstat = "windows-netstat"
    case windowsTasklist = "windows-tasklist"
    case windowsExcludedPortRange = "windows-excludedportrange"
    case windowsDynamicPortRange = "windows-dynamicportrange"
    case wslVersion = "wsl-version"
    /// `wsl.exe -l -v`: the distributions, their state and WSL version (`WslDistributionList`).
    case wslList = "wsl-list"
    /// `wsl.exe --status`: the default distribution and default version (`WslStatusInfo`).
    case wslStatus = "wsl-status"
    /// `ipconfig` / `ipconfig /all`: the Windows adapters and their addresses (`IpconfigAdapters`).
    case windowsIpconfig = "windows-ipconfig"
    case wslConf = "wsl-conf"
    case wslMessages = "wsl-messages"
    /// The WSL issue form's "Are you using WSL 1 or WSL 2?" boxes the reporter checked (`[x] WSL 2`): a claim.
    case wslForm = "wsl-form"
    case systemdShow = "systemd-show"
    case journal = "journal"
    /// The reachability probes as the doctor made them (one JSON object a line; `gateway.reach` replays them).
    case reach = "reach"

    /// What the live reader reads for this section.
    public var liveSource: String {
        switch self {
        case .procVersion: return "/proc/version"
        case .osRelease: return "/proc/sys/kernel/osrelease"
        case .env: return "environment (WSL_*, WSLENV)"
        case .paths, .pathsChecked: return "filesystem"
        case .wslInterop: return "/proc/sys/fs/binfmt_misc/WSLInterop"
        case .container: return "/run/systemd/container, /run/host/container-manager, PID 1 environ"
        case .cgroup: return "/proc/self/cgroup"
        case .mountinfo: return "/proc/self/mountinfo"
        case .ipLink: return "netlink RTM_GETLINK"
        case .ipAddr: return "netlink RTM_GETADDR"
        case .ipRoute: return "netlink RTM_GETROUTE (all tables)"
        case .ipRule: return "netlink RTM_GETRULE (IPv4)"
        case .ipRule6: return "netlink RTM_GETRULE (IPv6)"
        case .ipNeigh: return "netlink RTM_GETNEIGH"
        case .resolvConf: return "/etc/resolv.conf"
        case .hosts: return "/etc/hosts"
        case .sysctl: return "/proc/sys/net"
        case .wslinfo: return "wslinfo --networking-mode"
        case .wslconfig: return "/mnt/c/Users/*/.wslconfig"
        case .procNetTCP: return "/proc/net/tcp"
        case .procNetTCP6: return "/proc/net/tcp6"
        case .listeners: return "not read live (the live reader reads /proc/net/tcp{,6} and /proc/*/fd); ss -ltnp, netstat -tlnp or lsof -i output, as pasted"
        case .windowsNetstat, .windowsTasklist, .windowsExcludedPortRange, .windowsDynamicPortRange, .wslVersion, .wslConf,
             .windowsIpconfig:
            return WindowsTool.liveSource(self)
        case .wslList, .wslStatus:
            return "not read live (wsl.exe answers from Windows; inside the distribution the kernel release says WSL1 or WSL2)"
        case .wslForm: return "not read live (the WSL issue form's checked boxes, in a pasted report)"
        case .wslMessages: return "not read live (wsl.exe prints its fallback messages on the Windows console when WSL starts)"
        case .systemdShow: return "systemctl [--user] show -p NRestarts,... UNIT"
        case .journal: return "journalctl [--user] -u UNIT -o json"
        case .reach: return "the reachability probes (Linux sockets; Windows curl.exe through interop)"
        }
    }
}

/// Paths whose existence NetProbe checks, live and in captures (`paths`, `paths-checked`).
public enum ProbedPath {
    public static let dockerEnv = "/.dockerenv"
    public static let containerEnv = "/run/.containerenv"
    public static let systemdContainer = "/run/systemd/container"
    public static let hostContainerManager = "/run/host/container-manager"
    public static let wslInterop = "/proc/sys/fs/binfmt_misc/WSLInterop"
    public static let wslInteropLate = "/proc/sys/fs/binfmt_misc/WSLInterop-late"
    public static let runWSL = "/run/WSL"
    public static let wslinfoBin = "/bin/wslinfo"
    public static let wslinfoUsrBin = "/usr/bin/wslinfo"
    public static let initBinary = "/init"
    public static let wslNetworkingSysctl = "/run/sysctl.d/wsl-networking.conf"
    public static let loopback0RouteLocalnet = "/proc/sys/net/ipv4/conf/loopback0/route_localnet"

    /// Every path the live reader checks, in a stable order.
    public static let all: [String] = [
        dockerEnv, containerEnv, systemdContainer, hostContainerManager,
        wslInterop, wslInteropLate, runWSL, wslinfoBin, wslinfoUsrBin, initBinary,
        wslNetworkingSysctl, loopback0RouteLocalnet,
    ]
}

/// Sysctls NetProbe reads, by dotted name.
public enum WatchedSysctl {
    public static let loopback0RouteLocalnet = "net.ipv4.conf.loopback0.route_localnet"
    public static let loopback0AcceptLocal = "net.ipv4.conf.loopback0.accept_local"
    public static let allRouteLocalnet = "net.ipv4.conf.all.route_localnet"
    public static let localPortRange = "net.ipv4.ip_local_port_range"
    public static let allRPFilter = "net.ipv4.conf.all.rp_filter"
    public static let defaultRPFilter = "net.ipv4.conf.default.rp_filter"
    public static let loopback0RPFilter = "net.ipv4.conf.loopback0.rp_filter"

    /// Every sysctl the live reader reads, in a stable order.
    public static let all: [String] = [
        loopback0RouteLocalnet, loopback0AcceptLocal, allRouteLocalnet, localPortRange,
        allRPFilter, defaultRPFilter, loopback0RPFilter,
    ]

    /// `/proc/sys/...` path for a dotted sysctl name (dots become slashes).
    public static func procPath(_ name: String) -> String {
        "/proc/sys/" + name.split(separator: ".").joined(separator: "/")
    }
}
