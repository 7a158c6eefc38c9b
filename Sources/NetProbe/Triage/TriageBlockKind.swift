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
    /// Recognised but not a capture section here: `/etc/wsl.conf` (no networking-mode key).
    case wslConf = "/etc/wsl.conf"
    /// The Windows half, into the sections the live reader fills (`WindowsToolRunner`).
    case wslVersion = "wsl --version"
    case windowsNetstat = "netstat -ano"
    case getNetTCPConnection = "Get-NetTCPConnection"
    /// `Get-Process -Id (Get-NetTCPConnection -LocalPort N).OwningProcess`: the process table of port N's owner
    /// (`Handles NPM(K) PM(K) WS(K) CPU(s) Id SI ProcessName`), read with its command line (which names the port)
    /// into the netstat section (`NetstatListeners`), so `windows.port-holder` names the holder.
    case getProcessForPort = "Get-Process of a port's OwningProcess"
    case excludedPortRange = "netsh show excludedportrange"
    case dynamicPortRange = "netsh show dynamicportrange"
    case tasklist = "tasklist"
    /// `ver` / `cmd.exe /c ver` (`Microsoft Windows [Version 10.0.19041.329]`): the Windows build, a `Windows version:`
    /// line of the `wsl-version` section as the WSL issue form's field is.
    case windowsVer = "ver"
    case wslList = "wsl -l -v"
    /// Plain `wsl -l` / `wsl --list` / `wsl -l -q`: names and the default only (`WslListNames`), no VERSION.
    case wslListNames = "wsl -l"
    case wslStatus = "wsl --status"
    case ipconfig = "ipconfig"
    /// The supervisor's and the gateway's own lines, into the sections `supervisor.journal` reads (`journal`,
    /// `systemd-show`): `journalctl` in its text forms and `-o json`, `systemctl status`, bare gateway log lines.
    case journalctl = "journalctl"
    case systemctlStatus = "systemctl status"
    case gatewayLog = "gateway log lines"
    /// Linux listener tables, into the `listeners` section `gateway.port` reads (as it reads `/proc/net/tcp`).
    case ss = "ss"
    case linuxNetstat = "netstat -tlnp"
    case lsof = "lsof"
    /// Upstream's and this project's `openclaw status` / `gateway status` / `doctor` output: read for what it states
    /// (`OpenClawCLIText`), no capture section.
    case openclawCLI = "openclaw CLI output"
    /// Issue-form fields outside a fence that decide nothing (`OS: Windows 11 Pro`, `Node version: v22.1.0`,
    /// `### OpenClaw version`): listed for what they state (`TriageFormFacts`), no capture section; the fields that
    /// decide (a kernel release, WSL's and Windows' versions, `WSL2`) become blocks of their sections.
    case formFacts = "issue-form facts"
    /// An issue-form field that states WSL's, its kernel's or Windows' version (`### WSL Version`, `- WSL: 2.7.13.0`,
    /// `OS: Windows 11 Pro 23H2`): a line of the `wsl-version` section, as `wsl --version` prints it.
    case formVersion = "issue-form version field"
    /// An issue-form field holding a kernel release (`- **Kernel:** linux 6.6.87.2-microsoft-standard-WSL2 x64`).
    case formRelease = "issue-form kernel field"
    /// A kernel release inside a prose line (`TriageShapes.trailingRelease`): the reporter's words, not `uname -r`'s
    /// output; a claim in the `wsl-form` section (`kernel RELEASE`), weighed as the form's checked box is.
    case proseRelease = "kernel release named in prose"
    /// A checked box of the WSL issue form's "Are you using WSL 1 or WSL 2?" (`- [x] WSL 2`; `TriageFormFields`).
    case wslForm = "WSL issue form"
    /// WSL's own fallback message (`WslFallbackMessages`), wherever it stands (prose, a fence, a quote).
    case wslMessage = "WSL message"
    /// WSL's fallback message in its words but not its punctuation (`WslFallback.verbatim` false): the reporter's
    /// retyped copy, read into the same section (`WslMessageSignals` weighs it as the reporter's account).
    case wslMessageRetyped = "WSL message, retyped"
    /// The output of a command this reader does not use (`ping`, `curl`, ...): kept out of every section.
    case other = "other command"
    /// A code fence whose lines hold no command line and no output shape this reader knows (listed, never read).
    case fencedText = "fenced block"
    /// A markdown section (an issue form's `### Heading` and the unfenced lines under it) that held no command line
    /// and no output shape (prose; listed, never read).
    case formSection = "issue-form section"

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
        case .osRelease, .formRelease: return .osRelease
        case .wslinfo: return .wslinfo
        case .wslconfig: return .wslconfig
        case .resolvConf: return .resolvConf
        case .hosts: return .hosts
        case .env: return .env
        case .cgroup: return .cgroup
        case .mountinfo: return .mountinfo
        case .wslVersion, .formVersion, .windowsVer: return .wslVersion
        case .windowsNetstat, .getNetTCPConnection, .getProcessForPort: return .windowsNetstat
        case .excludedPortRange: return .windowsExcludedPortRange
        case .dynamicPortRange: return .windowsDynamicPortRange
        case .tasklist: return .windowsTasklist
        case .wslList, .wslListNames: return .wslList
        case .wslStatus: return .wslStatus
        case .ipconfig: return .windowsIpconfig
        case .wslMessage, .wslMessageRetyped: return .wslMessages
        case .wslForm, .proseRelease: return .wslForm
        case .journalctl, .gatewayLog: return .journal
        case .systemctlStatus: return .systemdShow
        case .ss, .linuxNetstat, .lsof: return .listeners
        case .openclawCLI, .formFacts: return nil
        case .wslConf, .other, .fencedText, .formSection: return nil
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
        case .wslconfig, .resolvConf, .hosts, .wslConf, .wslVersion, .env, .cgroup, .mountinfo, .other, .wslStatus, .wslListNames,
             .formFacts:
            return true
        default: return false
        }
    }

    /// Whether every block of the section is read, one after the other (as the live reader concatenates `netstat -p
    /// TCP` and `-p TCPv6`, the `ipv4` and `ipv6` exclusion tables): an excerpt and a full table, or two `tasklist /fi`
    /// answers, add up; `wsl -l` and `wsl -l -v` add up (the VERSION rows are read when there, else the names); the WSL issue form's version fields add up to one `wsl-version` (`TriageFormFields`); other
    /// sections use their first block.
    var merges: Bool {
        switch section {
        case .windowsNetstat?, .windowsExcludedPortRange?, .windowsTasklist?, .wslMessages?, .journal?, .systemdShow?,
             .wslVersion?, .wslForm?, .listeners?, .wslList?: return true
        default: return false
        }
    }

    /// Whether the section keeps the command line that produced it (it sets context: `ip -6 route`, `table 127`).
    var keepsCommand: Bool { self == .getProcessForPort || (section.map { $0.rawValue.hasPrefix("ip-") } ?? false) }
}
