import NetProbe

/// Whether a connection from one side to one address should reach the Linux gateway here, and why, in WSL's terms.
/// The one place the reachability rules per mode live (sources: WSL's `NetworkManager.cpp` and the WSL networking
/// docs, as summarised in docs/doctor.md "Reachability"; `LoopbackCrossing` for Linux's own 127.0.0.1). Pure.
public struct ReachExpectation: Sendable, Equatable {
    /// `true` reaches the gateway's listener, `false` does not, `nil` unknown (the mode is unknown, or WSL does not
    /// document it).
    public var reaches: Bool?
    /// Why, in one or two sentences.
    public var because: String
    /// Whether a refusal or a hang there proves nothing about Linux (the connection leaves Linux through Windows).
    public var routedThroughWindows: Bool
    /// What to change when the answer is not what the user wants (`nil`: nothing to change).
    public var fix: String?

    public init(reaches: Bool?, because: String, routedThroughWindows: Bool = false, fix: String? = nil) {
        self.reaches = reaches
        self.because = because
        self.routedThroughWindows = routedThroughWindows
        self.fix = fix
    }

    /// The PowerShell command that shows the Hyper-V firewall's setting for WSL's VM creator id.
    public static let hyperVFirewallCommand =
        "Get-NetFirewallHyperVVMSetting -PolicyStore ActiveStore -Name '{40E0AC32-46A5-438A-A0B2-2B479E8F2E90}'"

    /// The expectation for `target` under `c`. Pure.
    public static func expect(_ target: ReachTarget, _ c: ReachConditions) -> ReachExpectation {
        switch target.source {
        case .linux: return fromLinux(target, c)
        case .windows: return fromWindows(target, c)
        }
    }

    private static func notBound(_ host: String, _ c: ReachConditions) -> String {
        "the gateway binds \(c.bindWords), which does not cover \(host)"
    }

    private static func fromLinux(_ target: ReachTarget, _ c: ReachConditions) -> ReachExpectation {
        let host = target.host
        switch target.role {
        case .loopback:
            guard c.covers(host) else { return ReachExpectation(reaches: false, because: notBound(host, c)) }
            // The path is `LoopbackCrossing`'s (the one predicate); only the words are this table's.
            switch c.loopback.path {
            case .routedThroughWindows:
                return ReachExpectation(
                    reaches: true,
                    because: "\(c.loopback.context) Linux sends 127.0.0.1 through Windows (table 127, loopback0), "
                        + (c.running
                            ? "which hands it back to Linux because the gateway's bind reserved the port on Windows; a Windows program "
                                + "listening on the port answers instead"
                            : "which hands it back to Linux once a gateway's bind reserves the port on Windows (none runs now: a "
                                + "closed port there may hang instead of being refused); a Windows program listening on the port answers instead"),
                    routedThroughWindows: true)
            case .sharedWithWindows:
                return ReachExpectation(reaches: true, because: "WSL1 shares one TCP/IP stack with Windows: 127.0.0.1 is the same for both")
            case .unknown:
                return ReachExpectation(reaches: true, because: "the gateway binds 127.0.0.1 (the mode is unknown: under mirrored networking it goes through Windows)",
                                        routedThroughWindows: false)
            case .staysInLinux:
                return ReachExpectation(reaches: true, because: "127.0.0.1 stays inside Linux here")
            }
        case .ipv6Loopback:
            guard c.ipv6Loopback else { return ReachExpectation(reaches: false, because: "::1 cannot be used here (IPv6 loopback is off)") }
            guard c.covers(host) else { return ReachExpectation(reaches: false, because: notBound(host, c)) }
            let stays: String
            switch c.mode {
            case .wsl1: stays = "WSL1 shares one TCP/IP stack with Windows"
            case .native, .container: stays = "::1 stays inside this kernel (or network namespace)"
            default: stays = "::1 stays inside Linux in every WSL2 mode"
            }
            return ReachExpectation(reaches: true, because: stays)
        case .secondLoopback:
            let stays = "127.0.0.2 stays inside Linux in every mode (WSL routes only 127.0.0.1 through Windows)"
            guard c.covers(host) else {
                return ReachExpectation(reaches: false, because: "\(notBound(host, c)); \(stays), so nothing but a Linux listener answers there")
            }
            return ReachExpectation(reaches: true, because: stays)
        case .lanAddress, .vmAddress, .localhost:
            let lan = lanNote(host, c)
            guard c.covers(host) else {
                return ReachExpectation(
                    reaches: false,
                    because: (c.loopbackOnly
                        ? "the gateway binds loopback only (\(c.bindWords)): not reachable on \(host), from the LAN or from here, by design"
                        : notBound(host, c)) + lan,
                    fix: c.lanFix)
            }
            if c.mode == .mirrored && c.hostAddressLoopback == true {
                return ReachExpectation(reaches: true,
                                        because: "hostAddressLoopback=true routes the host's own addresses through Windows (table 128), which hands them back to Linux" + lan,
                                        routedThroughWindows: true)
            }
            return ReachExpectation(reaches: true, because: "the gateway binds \(c.bindWords), which covers \(host)" + lan)
        }
    }

    /// What a client on the LAN meets beyond Linux, per mode ("" where nothing but the bind decides).
    private static func lanNote(_ host: String, _ c: ReachConditions) -> String {
        switch c.mode {
        case .mirrored:
            return "; from other machines, inbound connections to mirrored WSL pass the Hyper-V firewall (its default blocks inbound): "
                + "`\(hyperVFirewallCommand)` in PowerShell shows DefaultInboundAction for WSL's VM creator id"
        case .nat:
            return "; under NAT the LAN cannot reach the VM's address \(host): a LAN client needs a port proxy on Windows "
                + "(`netsh interface portproxy add v4tov4 listenport=\(c.port) connectaddress=\(host) connectport=\(c.port)`) or mirrored networking"
        case .bridged:
            return "; under bridged networking \(host) is the VM's own address on the LAN"
        default:
            return ""
        }
    }

    private static func fromWindows(_ target: ReachTarget, _ c: ReachConditions) -> ReachExpectation {
        switch target.role {
        case .loopback: return windowsLoopback(.loopbackV4, c)
        case .ipv6Loopback: return windowsLoopback(.loopbackV6, c)
        case .localhost:
            let v4 = windowsLoopback(.loopbackV4, c), v6 = windowsLoopback(.loopbackV6, c)
            let reaches: Bool? = v4.reaches == true || v6.reaches == true ? true
                : (v4.reaches == false && v6.reaches == false ? false : nil)
            var because = "Windows resolves localhost to ::1 and 127.0.0.1 (curl tries both)"
            if v6.reaches == false && v4.reaches == true {
                because += "; only 127.0.0.1 reaches the gateway, so a client that stops at ::1 fails: use http://\(IPAddressText.hostPort("127.0.0.1", c.port)) from Windows"
            } else {
                because += ": \(v4.because)"
            }
            return ReachExpectation(reaches: reaches, because: because, fix: v4.fix ?? v6.fix)
        case .vmAddress, .lanAddress:
            guard c.covers(target.host) else {
                return ReachExpectation(
                    reaches: false,
                    because: c.loopbackOnly
                        ? "the gateway binds loopback only (\(c.bindWords)): Windows reaches it through WSL's localhost relay on 127.0.0.1, not on the VM's address \(target.host)"
                        : notBound(target.host, c),
                    fix: c.lanFix)
            }
            return ReachExpectation(reaches: true, because: "under WSL2 NAT Windows reaches the VM's address \(target.host) directly (the vEthernet (WSL) switch)")
        case .secondLoopback:
            return ReachExpectation(reaches: false, because: "127.0.0.2 is never shared with Windows")
        }
    }

    /// The source of the NAT relay rules below (microsoft/WSL; read at these commits).
    public static let relaySource = "WSL's src/windows/wslrelay/localhost.cpp (de0b5e7) and src/linux/init/localhost.cpp (01aff2d)"

    /// Windows' `127.0.0.1` or `::1` under WSL2 NAT with the localhost relay on, as WSL's source has it
    /// (`relaySource`): Linux reports each TCP listener (its family, address and port); `wslrelay.exe` ignores every
    /// IPv4 address but 0.0.0.0 and 127.0.0.1 and every IPv6 address but `::` and `::1`, and for the rest listens on
    /// Windows' loopback OF THAT FAMILY (an IPv4 listener: Windows' 127.0.0.1:P; an IPv6 listener: Windows' [::1]:P),
    /// and each client it accepts is connected inside Linux to 127.0.0.1:P or [::1]:P. So Windows' [::1] reaches the
    /// gateway only through an IPv6 listener on `::1` or `::`, and Windows' 127.0.0.1 only through an IPv4 listener on
    /// 127.0.0.1 or 0.0.0.0; for a `::` listener alone (dual-stack in Linux) the scan reports one IPv6 socket, and
    /// whether WSL's bind interception also relays Windows' 127.0.0.1 for it was not read: not known.
    private static func natRelay(_ address: IPAddress, _ c: ReachConditions) -> ReachExpectation {
        let port = c.port
        let host = address.text
        // The bind addresses as `IPAddress` values (a name, which `gateway run` never binds, is no address).
        let binds = Set(c.binds.compactMap { IPAddress($0) })
        let windowsEnd = IPAddressText.hostPort(host, port)
        let forwarding = c.localhostForwarding == nil ? "localhostForwarding=true by default" : "localhostForwarding=true"
        if address.family == .inet6 {
            guard binds.contains(.loopbackV6) || binds.contains(.unspecifiedV6) else {
                return ReachExpectation(
                    reaches: false,
                    because: "WSL's localhost relay listens on Windows' \(windowsEnd) only while a Linux IPv6 listener on ::1 or :: holds port \(port) "
                        + "(\(relaySource)); the gateway binds \(c.bindWords), neither of them, so Windows' \(windowsEnd) is not relayed")
            }
            return ReachExpectation(
                reaches: true,
                because: "under WSL2 NAT, WSL's localhost relay (wslrelay.exe, \(forwarding)) listens on Windows' \(windowsEnd) while a Linux IPv6 "
                    + "listener on ::1 or :: holds port \(port), and connects each client to Linux's \(IPAddressText.hostPort("::1", port)) (\(relaySource))")
        }
        if binds.contains(.loopbackV4) || binds.contains(.unspecifiedV4) {
            return ReachExpectation(
                reaches: true,
                because: "under WSL2 NAT, WSL's localhost relay (wslrelay.exe, \(forwarding)) listens on Windows' \(windowsEnd) while a Linux IPv4 "
                    + "listener on 127.0.0.1 or 0.0.0.0 holds port \(port), and connects each client to Linux's \(IPAddressText.hostPort("127.0.0.1", port)) (\(relaySource))")
        }
        if binds.contains(.unspecifiedV6) {
            return ReachExpectation(
                reaches: nil,
                because: "not known: the gateway binds :: (IPv4 too, in Linux) but no IPv4 address; WSL's relay relays an IPv6 listener on Windows' "
                    + "\(IPAddressText.hostPort("::1", port)) only, and whether its bind interception also relays Windows' \(windowsEnd) for it is not in the source read (\(relaySource))")
        }
        return ReachExpectation(
            reaches: false,
            because: "WSL's localhost relay listens on Windows' \(windowsEnd) only while a Linux IPv4 listener on 127.0.0.1 or 0.0.0.0 holds port \(port) "
                + "(other addresses are ignored: \(relaySource)); \(notBound(host, c))")
    }

    /// Windows' `127.0.0.1` or `::1` (`IPAddress.loopbackV4` or `.loopbackV6`) to the Linux gateway.
    private static func windowsLoopback(_ address: IPAddress, _ c: ReachConditions) -> ReachExpectation {
        let host = address.text
        let covered = c.covers(host)
        switch c.mode {
        case .wsl1:
            return covered ? ReachExpectation(reaches: true, because: "WSL1 shares one TCP/IP stack with Windows: Windows' \(host) is Linux's")
                : ReachExpectation(reaches: false, because: notBound(host, c))
        case .nat:
            if c.localhostForwarding == false {
                return ReachExpectation(
                    reaches: false,
                    because: "localhostForwarding=false in .wslconfig: WSL's localhost relay is off, so Windows' \(host) never reaches Linux",
                    fix: "set `localhostForwarding=true` under [wsl2] in .wslconfig (then `wsl --shutdown`), or bind the gateway to the VM's address with a token and use that from Windows")
            }
            return natRelay(address, c)
        case .mirrored:
            if address == .loopbackV6 {
                return ReachExpectation(reaches: false,
                                        because: "mirrored networking shares 127.0.0.1 only: Windows' ::1 is not bridged to Linux")
            }
            guard covered else {
                return ReachExpectation(reaches: false,
                                        because: "mirrored networking shares 127.0.0.1 only, not the rest of 127.0.0.0/8 nor ::1; \(notBound(host, c))")
            }
            return ReachExpectation(
                reaches: true,
                because: "mirrored networking shares 127.0.0.1 between Windows and Linux: Windows' \(IPAddressText.hostPort("127.0.0.1", c.port)) reaches the Linux listener "
                    + (c.running ? "(the bind reserved the port on Windows)" : "(once a gateway's bind reserves the port on Windows; none runs now)")
                    + "; a Windows program on the port takes it instead")
        case .virtioproxy:
            return ReachExpectation(reaches: nil, because: "virtioproxy networking proxies loopback through Windows; how it treats Windows clients is known from WSL's source only")
        case .bridged:
            return ReachExpectation(reaches: nil,
                                    because: "under WSL2 bridged networking the VM sits on the LAN with its own address; WSL documents the localhost relay for NAT only")
        case .none:
            return ReachExpectation(reaches: false, because: "WSL2 without network (mode none): Windows cannot reach the VM")
        case .unknown:
            return ReachExpectation(reaches: nil, because: "the WSL2 networking mode is unknown: under NAT the localhost relay, under mirrored the shared 127.0.0.1 decides")
        case .native, .container:
            return ReachExpectation(reaches: false, because: "not WSL: there is no Windows side")
        }
    }
}
