/// Where a fact came from, and whether its absence was looked at: what evidence and checks cite.
///
/// Pure readings of `MachineFacts`. "Not in the facts" (`nil`, or a capture without the section) is never
/// reported as "looked and absent": only the live reader and a capture's `paths-checked` section say what was
/// looked for.
extension MachineFacts {
    /// The section links were read from: `ip-link` live (netlink RTM_GETLINK) and in a capture whose addresses are
    /// unknown (only `ip link` was pasted); `ip-addr` otherwise (its link headers, or beside it).
    public var linkSection: FactSection {
        origin.isLive || addresses == nil ? .ipLink : .ipAddr
    }

    /// The place the links were read from, for evidence: `netlink RTM_GETLINK` or `FILE [### ip-link]`.
    public var linkSource: String { origin.describe(linkSection) }

    /// Where `.wslconfig` was looked for when none is in the facts: the live reader looks under
    /// `/mnt/c/Users/*/.wslconfig`; a capture says so only by listing a `.wslconfig` path in `paths-checked`.
    /// `nil`: nobody looked (a capture without that entry), so its absence means "unknown".
    public var wslconfigLookedFor: String? {
        guard wslconfig == nil else { return nil }
        // Live and captured alike: the live reader lists `/mnt/c/Users/*/.wslconfig` in `paths.checked` only when
        // its search finished (a stalled `/mnt/c` leaves it out: unknown, not "none").
        return paths.checked?.sorted().first { $0.hasSuffix("/.wslconfig") }
    }

    /// Whether the gateway can bind `::1` here, as far as the facts show. Live: `::1` is among the addresses
    /// (netlink lists every address). A capture drops `::1` only when the facts SHOW it missing:
    /// `net.ipv6.conf.{all,lo}.disable_ipv6 = 1`, or a listing that shows `lo` and IPv6 addresses but no `::1`
    /// (a paste without `lo`, or from `ip -4 addr`, shows nothing about `::1`).
    public var ipv6LoopbackAvailable: Bool {
        for name in ["net.ipv6.conf.all.disable_ipv6", "net.ipv6.conf.lo.disable_ipv6"]
        where sysctls?[name].map(Tokenizer.trimmed) == "1" {
            return false
        }
        guard let addresses else { return true }
        if addresses.contains(where: { $0.family == .inet6 && $0.local == "::1" }) { return true }
        if origin.isLive { return false }
        let loListed = (links ?? []).contains { $0.name == "lo" } || addresses.contains { $0.interface == "lo" }
        let showsIPv6 = addresses.contains { $0.family == .inet6 }
        return !(loListed && showsIPv6)
    }
}
