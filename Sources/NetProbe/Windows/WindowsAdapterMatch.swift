/// Whether the Windows adapters (`ipconfig`, `IpconfigAdapters`) and the Linux interfaces (`ip addr`) fit the
/// effective WSL2 networking mode. One judgement, read by the `windows.adapters` check for a live machine
/// (`ipconfig.exe /all` through interop), a capture and a paste alike.
///
/// - NAT: WSL makes the `vEthernet (WSL)` adapter and puts Linux's `eth0` in its subnet (the adapter's IPv4 address
///   and `Subnet Mask`). `eth0` outside that subnet means the two listings are not of the same WSL session (WSL picks
///   the subnet when the VM starts), or the Linux side is not WSL's VM.
/// - mirrored: WSL copies each Windows adapter into Linux with its addresses, so every global IPv4 address of a
///   Windows adapter is on a Linux interface, and a Linux interface's global address is a Windows adapter's.
///   A missing one is reported at LOW confidence (the listings may come from different moments; WSL copies only
///   connected adapters); interfaces Linux makes itself (`docker0`, `br-*`, `veth*`, `tailscale0`, ...) and WSL's own
///   (`loopback0`) are never "extra".
/// Other modes (bridged, virtioproxy, none) and an unknown mode are not judged. Pure.
public struct WindowsAdapterJudgement: Sendable, Equatable {
    public enum Outcome: String, Sendable, Codable {
        /// The listings fit the mode.
        case consistent
        /// They do not (the findings say how).
        case inconsistent
        /// Something the comparison needs is not in the facts (the findings say what).
        case incomplete
        /// The mode is one this judgement does not compare (the findings say which).
        case notJudged = "not-judged"
    }

    public var mode: WSLNetworkingMode
    public var outcome: Outcome
    /// How far the outcome can be trusted: `ipconfig` and `ip addr` are two listings, maybe of two moments.
    public var confidence: Confidence
    /// One sentence per finding, in the field's terms.
    public var findings: [String]
    /// Windows adapters (heading and address) with no Linux copy (mirrored).
    public var missing: [String]
    /// Linux interfaces (name and address) that no Windows adapter holds (mirrored).
    public var extra: [String]
}

public enum WindowsAdapterMatch {
    /// Interfaces Linux makes itself (containers, bridges, VPNs) or WSL's own loopback: never a Windows adapter.
    static let linuxOwnPrefixes = ["lo", "loopback", "docker", "br-", "veth", "virbr", "tailscale", "wg", "tun", "tap",
                                   "cni", "flannel", "cali", "zt", "podman", "lxc", "lxd", "incus", "vxlan", "kube"]

    public static func judge(adapters: [WindowsAdapter], addresses: [InterfaceAddress]?, mode: WSLNetworkingMode) -> WindowsAdapterJudgement {
        func result(_ outcome: WindowsAdapterJudgement.Outcome, _ confidence: Confidence, _ findings: [String],
                    missing: [String] = [], extra: [String] = []) -> WindowsAdapterJudgement {
            WindowsAdapterJudgement(mode: mode, outcome: outcome, confidence: confidence, findings: findings, missing: missing, extra: extra)
        }
        guard mode == .nat || mode == .mirrored else {
            return result(.notJudged, .low, [mode == .unknown
                ? "the networking mode is not known, so the adapters are not compared (NAT puts eth0 in vEthernet (WSL)'s subnet; mirrored copies the Windows adapters)"
                : "the adapters are compared under NAT and mirrored networking only, not under \(mode.rawValue)"])
        }
        guard let addresses else {
            return result(.incomplete, .low, ["the Linux addresses (ip addr) are not in the facts: nothing to compare the \(adapters.count) Windows adapters with"])
        }
        return mode == .nat ? nat(adapters, addresses, result: result) : mirrored(adapters, addresses, result: result)
    }

    private static func nat(_ adapters: [WindowsAdapter], _ addresses: [InterfaceAddress],
                            result: (WindowsAdapterJudgement.Outcome, Confidence, [String], [String], [String]) -> WindowsAdapterJudgement)
        -> WindowsAdapterJudgement {
        guard let wsl = adapters.first(where: \.isWSLNATAdapter) else {
            return result(.inconsistent, .low, [
                "no vEthernet (WSL) adapter among the \(adapters.count) Windows adapters: WSL makes it while its NAT VM runs, so this ipconfig was taken while WSL was not running, or it was cut",
            ], [], [])
        }
        guard let gateway = wsl.addresses.first(where: { IPv4($0) != nil }) else {
            return result(.incomplete, .low, ["\(wsl.heading) shows no IPv4 address: its subnet is not known"], [], [])
        }
        guard let length = wsl.prefixLengths[gateway], let network = IPv4(gateway) else {
            return result(.incomplete, .low, ["\(wsl.heading) \(gateway): its Subnet Mask is not in the facts, so eth0 cannot be placed in its subnet"], [], [])
        }
        let linux = addresses.filter { $0.family == .inet && IPv4($0.local) != nil }
        guard let eth0 = linux.first(where: { $0.interface == "eth0" }) else {
            return result(.incomplete, .low, ["Linux's eth0 has no IPv4 address in the facts: nothing to place in \(wsl.heading)'s subnet \(gateway)/\(length)"], [], [])
        }
        let subnet = "\(gateway)/\(length)"
        if let address = IPv4(eth0.local), address.isIn(network, length: length) {
            guard eth0.prefixLength == length else {
                // microsoft/WSL#4192: `172.17.178.50/16` in Linux beside `255.255.255.240` on vEthernet (WSL).
                return result(.inconsistent, .medium, [
                    "eth0 \(eth0.local)/\(eth0.prefixLength) lies in \(wsl.heading)'s subnet \(subnet), but its own prefix is /\(eth0.prefixLength), the adapter's /\(length): Linux and Windows disagree on the subnet's size (WSL gives both one), so Linux reaches part of what it takes for its subnet without the gateway",
                ], [], [])
            }
            return result(.consistent, .high, ["eth0 \(eth0.local) lies in \(wsl.heading)'s subnet \(subnet), as WSL's NAT puts it"], [], [])
        }
        return result(.inconsistent, .medium, [
            "eth0 \(eth0.local) is outside \(wsl.heading)'s subnet \(subnet): under NAT WSL puts eth0 in that subnet, so ipconfig and ip addr are not of the same WSL session (WSL picks the subnet when the VM starts), or this Linux is not WSL's VM",
        ], [], [])
    }

    private static func mirrored(_ adapters: [WindowsAdapter], _ addresses: [InterfaceAddress],
                                 result: (WindowsAdapterJudgement.Outcome, Confidence, [String], [String], [String]) -> WindowsAdapterJudgement)
        -> WindowsAdapterJudgement {
        // Compared as values (`IPAddress`), not as texts: `2001:DB8::5` on one side is `2001:db8::5` on the other.
        let linux = addresses.compactMap { address in
            IPAddress(address.local).flatMap { WindowsAdapterSignals.isGlobal($0) ? (address, $0) : nil }
        }
        let linuxSet = Set(linux.map(\.1))
        var missing: [String] = []
        var windowsSet: Set<IPAddress> = []
        for adapter in adapters where !adapter.isWSLNATAdapter {
            for text in adapter.addresses {
                guard let address = IPAddress(text), WindowsAdapterSignals.isGlobal(address) else { continue }
                windowsSet.insert(address)
                if address.family == .inet, !linuxSet.contains(address) { missing.append("\(adapter.heading) \(text)") }
            }
        }
        let extra = linux.filter { address, value in
            let name = address.interface ?? ""
            return !linuxOwnPrefixes.contains { name.hasPrefix($0) } && !windowsSet.contains(value)
        }.map { "\($0.0.interface ?? "?") \($0.0.local)" }
        guard !windowsSet.isEmpty else {
            return result(.incomplete, .low, ["no Windows adapter shows a global address: nothing mirrored to compare"], [], [])
        }
        var findings: [String] = []
        if !missing.isEmpty {
            findings.append("not mirrored into Linux: \(missing.prefix(8).joined(separator: "; "))"
                + (missing.count > 8 ? "; \(missing.count - 8) more" : "")
                + " (mirrored networking copies every connected Windows adapter; the two listings may come from different moments)")
        }
        if !extra.isEmpty {
            findings.append("on a Linux interface but no Windows adapter: \(extra.prefix(8).joined(separator: "; "))"
                + (extra.count > 8 ? "; \(extra.count - 8) more" : "")
                + " (under mirrored networking Linux's addresses are Windows'; one of its own would be a bridge or VPN made inside Linux)")
        }
        if findings.isEmpty {
            let count = adapters.filter { $0.addresses.contains(where: { IPAddress($0).map { $0.family == .inet && WindowsAdapterSignals.isGlobal($0) } ?? false }) }.count
            return result(.consistent, .medium, ["each of the \(count) Windows adapters with a global IPv4 address has its address on a Linux interface, as mirrored networking copies them"], [], [])
        }
        return result(.inconsistent, .low, findings, missing, extra)
    }
}
