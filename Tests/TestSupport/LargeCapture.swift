import Foundation
import NetProbe

/// Large captures for cost tests: one section of a given kind, of realistic lines with distinct names and addresses
/// (as an ad-block hosts file, a machine with thousands of links or a long journal has them).
public enum LargeCapture {
    /// Line `i` of a section of `kind` (a link of `ip-link`/`ip-addr` spans several lines).
    public static func line(_ kind: FactSection, _ i: Int) -> String {
        let a = (i >> 16) & 0xff, b = (i >> 8) & 0xff, c = i & 0xff
        let mac = "02:\(hex(a)):\(hex(b)):\(hex(c)):00:01"
        switch kind {
        case .env: return i % 3 == 0 ? "WSL_VAR_\(i)=value \(i)" : "garbage line \(i) without equals"
        case .paths, .pathsChecked: return "/run/path/\(i)"
        case .cgroup: return "\(i):name=systemd:/user.slice/user-1000.slice/session-\(i).scope"
        case .mountinfo: return "\(i) 1 0:\(i) / /mnt/m\(i) rw,relatime - 9p C:\\134Users\\134user\(i)\\134x rw"
        case .ipLink:
            return "\(i + 1): veth\(i)@if\(i + 2): <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default\n"
                + "    link/ether \(mac) brd ff:ff:ff:ff:ff:ff"
        case .ipAddr:
            return "\(i + 1): veth\(i)@if\(i + 2): <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default\n"
                + "    link/ether \(mac) brd ff:ff:ff:ff:ff:ff\n"
                + "    inet 10.\(a).\(b).\(c)/24 brd 10.\(a).\(b).255 scope global veth\(i)\n"
                + "       valid_lft forever preferred_lft forever"
        case .ipRoute: return "10.\(a).\(b).0/24 via 10.\(a).\(b).\(c) dev veth\(i) proto kernel scope link src 10.\(a).\(b).\(c)"
        case .ipRule: return "\(i % 32000):\tfrom 10.\(a).\(b).\(c) lookup \(i % 250 + 1)"
        case .ipRule6: return "\(i % 32000):\tfrom fd00::\(String(i, radix: 16)) lookup \(i % 250 + 1)"
        case .ipNeigh: return "10.\(a).\(b).\(c) dev eth0 lladdr 02:00:\(hex(a)):\(hex(b)):\(hex(c)):01 REACHABLE"
        case .resolvConf: return i % 2 == 0 ? "nameserver 10.\(a).\(b).\(c)" : "search d\(i).example"
        case .hosts: return "0.0.0.0 ads\(i).tracker\(i).example # blocked \(i)"
        case .sysctl: return "net.ipv4.conf.veth\(i).rp_filter = \(i % 3)"
        case .wslconfig, .wslConf: return i % 50 == 0 ? "[wsl2]" : "key\(i)=value\(i)"
        case .procNetTCP:
            return "  \(i): 0100007F:\(hex4(i & 0xffff)) 0B0114AC:D431 01 00000000:00000000 00:00:00000000 00000000  1000 0 \(i) 1"
        case .procNetTCP6:
            return "  \(i): 00000000000000000000000001000000:\(hex4(i & 0xffff)) 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00:00000000 00000000 0 0 \(i) 1"
        case .windowsNetstat:
            // Every tenth row holds the gateway port 18789, so the port-holder check meets thousands of holders.
            return "  TCP    10.\(a).\(b).\(c):\(i % 10 == 0 ? 18789 : i % 64511 + 1024)      0.0.0.0:0              LISTENING       \(i % 60000 + 4)"
        case .listeners:
            // ss, netstat and lsof rows; every tenth on the gateway port 18789, so gateway.port meets thousands of holders.
            let port = i % 10 == 0 ? 18789 : i % 64511 + 1024
            switch i % 3 {
            case 0: return "LISTEN 0 511 10.\(a).\(b).\(c):\(port) 0.0.0.0:* users:((\"node\(i)\",pid=\(i % 60000 + 2),fd=21))"
            case 1: return "tcp        0      0 10.\(a).\(b).\(c):\(port)         0.0.0.0:*               LISTEN      \(i % 60000 + 2)/node\(i)"
            default: return "node\(i) \(i % 60000 + 2) user\(i) 21u IPv4 \(i) 0t0 TCP 10.\(a).\(b).\(c):\(port) (LISTEN)"
            }
        case .windowsTasklist: return "\"node\(i).exe\",\"\(i % 60000 + 4)\",\"Console\",\"1\",\"\(i % 900 + 10),000 K\""
        case .windowsExcludedPortRange:
            // Overlapping ranges, all distinct, all holding the gateway port 18789.
            return "     \(i % 17000 + 1024)        \(i % 40000 + 18800)\(i % 7 == 0 ? "     *" : "")"
        case .windowsDynamicPortRange: return i % 2 == 0 ? "Start Port      : \(i % 60000 + 1024)" : "Number of Ports : \(i % 1000 + 1)"
        case .wslVersion: return "WSL version: 2.\(i % 10).\(i % 100).0"
        case .systemdShow:
            return "{\"scope\":\"user\",\"unit\":\"unit\(i).service\",\"properties\":{\"NRestarts\":\"\(i)\",\"ActiveState\":\"activating\"}}"
        case .journal:
            return "{\"__REALTIME_TIMESTAMP\":\"\(1_700_000_000_000_000 + i * 1_000_000)\",\"_PID\":\"\(i % 60000 + 2)\","
                + "\"MESSAGE\":\"Gateway failed to start: another gateway instance is already listening on ws://127.0.0.1:18789 (\(i))\"}"
        default:
            return "Linux host\(i) 5.15.153.1-microsoft-standard-WSL2 #\(i) SMP user\(i)@host\(i) 10.\(a).\(b).\(c)"
        }
    }

    /// A capture file's text holding one section of `kind` of about `bytes` bytes (never more). `onMirroredWSL2`
    /// puts a mirrored WSL2 machine's kernel release and `wslinfo` answer first, so the checks that run only on
    /// WSL (the Windows half) read the large section too.
    public static func capture(_ kind: FactSection, bytes: Int, onMirroredWSL2: Bool = false) -> String {
        var text = "# openclaw-capture v1\n"
        if onMirroredWSL2 {
            if kind != .osRelease { text += "### osrelease\n5.15.153.1-microsoft-standard-WSL2\n" }
            if kind != .wslinfo { text += "### wslinfo\nmirrored\n" }
        }
        text += "### \(kind.rawValue)\n"
        text.reserveCapacity(bytes + 4096)
        var i = 0
        while true {
            let next = line(kind, i) + "\n"
            if text.utf8.count + next.utf8.count > bytes { break }
            text += next
            i += 1
        }
        return text
    }

    private static func hex(_ value: Int) -> String {
        let digits = String(value, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
    }

    private static func hex4(_ value: Int) -> String {
        String(repeating: "0", count: max(0, 4 - String(value, radix: 16).count)) + String(value, radix: 16).uppercased()
    }
}
