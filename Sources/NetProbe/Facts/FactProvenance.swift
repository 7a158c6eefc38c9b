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

    /// Whether the gateway can bind `::1` here, as far as the facts show: `IPv6LoopbackAvailability.judge(self)`
    /// (the one rule; `EnvironmentView.ipv6Loopback` holds it with its reason).
    public var ipv6LoopbackAvailable: Bool { IPv6LoopbackAvailability.judge(self).available }
}
