/// What `ipconfig` (`MachineFacts.windows.ipconfig`, `IpconfigAdapters`) says about the networking mode: mirrored
/// networking copies the Windows adapters into Linux, so a Linux interface holding the same global address (or the
/// same MAC) as a Windows adapter is evidence of mirrored; under NAT, Linux's `eth0` sits behind the `vEthernet (WSL)`
/// adapter with an address of its own. SUPPORTING only: the two listings may come from different moments, and a
/// bridged adapter can carry a Windows MAC. The adapters are always listed (a neutral signal), so the report names them.
struct WindowsAdapterReading: Sendable {
    var adapters: [WindowsAdapter]
    /// `eth0 192.168.1.23 = Ethernet adapter Ethernet`, one per shared address or MAC.
    var shared: [String]
    var source: String

    /// `windows.adapters`: the adapters and their addresses, for the report's facts.
    var listing: Signal {
        let text = adapters.prefix(12).map { adapter in
            "\(adapter.heading): \(adapter.addresses.isEmpty ? "no address" : adapter.addresses.joined(separator: ", "))"
        }.joined(separator: "; ") + (adapters.count > 12 ? "; \(adapters.count - 12) more" : "")
        return .neutral("windows.adapters", source, "ipconfig: \(adapters.count) adapters: \(text)", about: Claim.mode(.mirrored))
    }

    /// `windows.mirrored-address`, aimed at the decided mode (`.unknown`: recorded, counted for nothing); `nil` when
    /// no address or MAC is shared.
    func modeSignal(mode: WSLNetworkingMode) -> Signal? {
        guard !shared.isEmpty else { return nil }
        let signal = Signal.supporting("windows.mirrored-address", source,
                                       "a Linux interface holds a Windows adapter's address or MAC (mirrored copies them): "
                                           + shared.prefix(4).joined(separator: "; "),
                                       supports: Claim.mode(.mirrored))
        guard mode != .unknown else { return Signal(evidence: signal.evidence, weight: .none) }
        return signal.aimed(at: Claim.mode(mode), agrees: mode == .mirrored)
    }
}

enum WindowsAdapterSignals {
    /// `nil` when the facts hold no `ipconfig` adapter.
    static func read(_ facts: MachineFacts) -> WindowsAdapterReading? {
        guard let run = facts.windows?.ipconfig, run.answered else { return nil }
        let adapters = IpconfigAdapters.parse(run.output)
        guard !adapters.isEmpty else { return nil }
        var shared: [String] = []
        for address in facts.addresses ?? [] {
            guard let local = IPAddress(address.local), isGlobal(local) else { continue }
            if let adapter = adapters.first(where: { $0.addresses.contains { IPAddress($0) == local } }) {
                shared.append("\(address.interface ?? "?") \(address.local) = \(adapter.heading)")
            }
        }
        for link in facts.links ?? [] {
            guard let mac = link.mac?.lowercased(), mac != "00:00:00:00:00:00", link.name != "lo" else { continue }
            if let adapter = adapters.first(where: { $0.mac == mac }) {
                shared.append("\(link.name) MAC \(mac) = \(adapter.heading)")
            }
        }
        return WindowsAdapterReading(adapters: adapters, shared: shared, source: facts.origin.describe(.windowsIpconfig))
    }

    /// An address (`IPAddress`) that is not loopback, not link-local (all of `fe80::/10`), not unspecified.
    static func isGlobal(_ address: String) -> Bool {
        IPAddress(address).map(isGlobal) ?? false
    }

    static func isGlobal(_ address: IPAddress) -> Bool {
        !(address.isLoopback || address.isLinkLocal || address.isUnspecified)
    }
}
