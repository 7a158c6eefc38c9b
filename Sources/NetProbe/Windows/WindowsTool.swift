/// The Windows tools NetProbe runs from WSL, by absolute path under the automount root (never through `PATH`).
public enum WindowsTool: String, Sendable, CaseIterable {
    case netstat = "netstat.exe"
    case tasklist = "tasklist.exe"
    case netsh = "netsh.exe"
    case wsl = "wsl.exe"
    case ipconfig = "ipconfig.exe"

    /// `<automount root>c/Windows/System32/<tool>`; `root` ends with `/` (`/mnt/`).
    public func path(automountRoot root: String) -> String {
        (root.hasSuffix("/") ? root : root + "/") + "c/Windows/System32/" + rawValue
    }

    /// One invocation: a tool and its arguments, and the capture section its output belongs to.
    public struct Invocation: Sendable, Equatable {
        public var tool: WindowsTool
        public var arguments: [String]
        public var section: FactSection
    }

    /// Every invocation, in the order their outputs are concatenated within a section.
    public static let invocations: [Invocation] = [
        Invocation(tool: .netstat, arguments: ["-ano", "-p", "TCP"], section: .windowsNetstat),
        Invocation(tool: .netstat, arguments: ["-ano", "-p", "TCPv6"], section: .windowsNetstat),
        Invocation(tool: .tasklist, arguments: ["/fo", "csv", "/nh"], section: .windowsTasklist),
        Invocation(tool: .netsh, arguments: ["interface", "ipv4", "show", "excludedportrange", "protocol=tcp"],
                   section: .windowsExcludedPortRange),
        Invocation(tool: .netsh, arguments: ["interface", "ipv6", "show", "excludedportrange", "protocol=tcp"],
                   section: .windowsExcludedPortRange),
        Invocation(tool: .netsh, arguments: ["interface", "ipv4", "show", "dynamicportrange", "protocol=tcp"],
                   section: .windowsDynamicPortRange),
        Invocation(tool: .wsl, arguments: ["--version"], section: .wslVersion),
        Invocation(tool: .ipconfig, arguments: ["/all"], section: .windowsIpconfig),
    ]

    /// What the live reader runs or reads for a Windows section.
    static func liveSource(_ section: FactSection) -> String {
        if section == .wslConf { return "/etc/wsl.conf" }
        let commands = invocations.filter { $0.section == section }
            .map { ([$0.tool.rawValue] + $0.arguments).joined(separator: " ") }
        return commands.joined(separator: "; ")
    }
}
