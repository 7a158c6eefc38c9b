/// Signals in the SHAPE of pasted interface listings: WSL1's translated Windows adapters (supporting weight), and a
/// container's veth `eth0@ifN` (neutral). Pure; a shape is never proof by itself.
///
/// WSL1 (public `ip address` outputs from WSL1 in WSL issue 2996 and in blog posts quoting WSL1 sessions): WSL1
/// has no Linux network stack; `ip` shows the Windows adapters as lxcore translates them: Wi-Fi adapters named
/// `wifiN` with `link/ieee802.11` (builds before 1809; later `link/ether`), headers without `qdisc` or `state`
/// (`<BROADCAST,MULTICAST,UP> mtu 1500 group default qlen 1`), and `lo` holding `127.0.0.1/8 ... scope global
/// dynamic` and `::1/128 scope global dynamic` where every Linux kernel gives `lo`'s addresses `scope host`.
///
/// A container: `eth0@if33` (with `link-netnsid 0`) is one end of a veth pair whose peer (index 33) lives in
/// another network namespace; WSL2 never gives its guest such an uplink, so it is not a "bridged" LAN uplink.
enum PasteShapeSignals {
    /// WSL1 shape signals, each supporting `wsl1`.
    static func wsl1(_ facts: MachineFacts) -> [Signal] {
        var signals: [Signal] = []
        let addrSource = facts.origin.describe(.ipAddr)
        let globalOnLo = (facts.addresses ?? []).filter {
            $0.interface == "lo" && $0.scope == "global" && [IPAddress.loopbackV4, .loopbackV6].contains(IPAddress($0.local))
        }
        if !globalOnLo.isEmpty {
            let text = globalOnLo.map { "\($0.local)/\($0.prefixLength) scope global" }.joined(separator: ", ")
            signals.append(.supporting("shape.wsl1-lo-scope-global", addrSource,
                                       "lo: \(text) (a Linux kernel gives lo scope host)", supports: Claim.wsl1))
        }
        let adapters = (facts.links ?? []).filter { isWifiName($0.name) || $0.linkType == "ieee802.11" }
        if !adapters.isEmpty {
            let text = adapters.map { "\($0.name)\($0.linkType.map { " link/\($0)" } ?? "")" }.joined(separator: ", ")
            signals.append(.supporting("shape.wsl1-windows-adapter", facts.linkSource,
                                       "\(text) (WSL1's name for a Windows Wi-Fi adapter)", supports: Claim.wsl1))
        }
        return signals
    }

    /// `wifi0`, `wifi1`, ...
    static func isWifiName(_ name: String) -> Bool {
        name.hasPrefix("wifi") && name.count > 4 && name.dropFirst(4).allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Links that are one end of a veth pair whose peer is in another namespace: `eth0@if33`.
    static func vethPeers(_ facts: MachineFacts) -> [Link] {
        (facts.links ?? []).filter { link in
            guard let peer = link.peer, peer.hasPrefix("if"), peer.count > 2 else { return false }
            return peer.dropFirst(2).allSatisfy { $0.isASCII && $0.isNumber } && !link.name.hasPrefix("veth")
        }
    }

    /// A veth uplink (`eth0@if33`): recorded as neutral about "no container". It shows a network namespace
    /// joined by a veth pair (a container's, or any netns such as a test machine's), never which runtime made it.
    static func container(_ facts: MachineFacts) -> [Signal] {
        let peers = vethPeers(facts).filter { $0.name != "lo" }
        guard !peers.isEmpty else { return [] }
        let text = peers.map { "\($0.name)@\($0.peer ?? "")" }.joined(separator: ", ")
        return [.neutral("container.veth-uplink", facts.linkSource,
                         "\(text): a veth whose peer is in another network namespace (as a container's uplink is)",
                         about: Claim.noContainer)]
    }
}
