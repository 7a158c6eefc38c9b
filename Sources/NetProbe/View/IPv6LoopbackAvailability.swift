/// Whether the gateway can bind `::1` here: the one rule, from the facts, that the doctor's plan, the bug report,
/// triage and `gateway run` share (`EnvironmentView.ipv6Loopback`).
///
/// From the facts: `net.ipv6.conf.{all,lo}.disable_ipv6 = 1` says no; `::1` among the addresses says yes. The live
/// reader lists every address (netlink), so live, no `::1` is no. A capture drops `::1` only when it SHOWS it
/// missing: a listing that shows `lo` and IPv6 addresses but no `::1` (a paste without `lo`, or from `ip -4 addr`,
/// shows nothing about `::1`, and the gateway still tries it). A real bind of `[::1]:0` (`gateway run`'s
/// `LoopbackAvailability.ipv6()`), when given, confirms the rule or overrides it: the kernel's answer is what a
/// start gets.
public struct IPv6LoopbackAvailability: Sendable, Equatable {
    public var available: Bool
    /// One sentence: which fact decided.
    public var reason: String
    /// The real bind's answer, when one was made; `nil`: the facts alone decided.
    public var bindSucceeded: Bool?

    public init(available: Bool, reason: String, bindSucceeded: Bool? = nil) {
        self.available = available
        self.reason = reason
        self.bindSucceeded = bindSucceeded
    }

    /// The judgement from `facts`, confirmed (or overridden) by a real bind of `[::1]:0` when `bindSucceeded` is
    /// given. Pure.
    public static func judge(_ facts: MachineFacts, bindSucceeded: Bool? = nil) -> IPv6LoopbackAvailability {
        let fromFacts = rule(facts)
        guard let bindSucceeded else { return fromFacts }
        if bindSucceeded == fromFacts.available {
            return IPv6LoopbackAvailability(available: bindSucceeded, reason: fromFacts.reason + "; a bind of [::1]:0 confirms it",
                                            bindSucceeded: bindSucceeded)
        }
        return IPv6LoopbackAvailability(
            available: bindSucceeded,
            reason: "a bind of [::1]:0 \(bindSucceeded ? "succeeds" : "fails") although the facts say otherwise (\(fromFacts.reason))",
            bindSucceeded: bindSucceeded)
    }

    private static func rule(_ facts: MachineFacts) -> IPv6LoopbackAvailability {
        for name in ["net.ipv6.conf.all.disable_ipv6", "net.ipv6.conf.lo.disable_ipv6"]
        where facts.sysctls?[name].map(Tokenizer.trimmed) == "1" {
            return IPv6LoopbackAvailability(available: false, reason: "\(name) = 1")
        }
        guard let addresses = facts.addresses else {
            return IPv6LoopbackAvailability(available: true, reason: "the addresses are not in the facts; the gateway tries ::1")
        }
        if addresses.contains(where: { IPAddress($0.local) == .loopbackV6 }) {
            return IPv6LoopbackAvailability(available: true, reason: "lo holds ::1")
        }
        if facts.origin.isLive {
            return IPv6LoopbackAvailability(available: false, reason: "no ::1 among this machine's addresses")
        }
        let loListed = (facts.links ?? []).contains { $0.name == "lo" } || addresses.contains { $0.interface == "lo" }
        let showsIPv6 = addresses.contains { $0.family == .inet6 }
        if loListed && showsIPv6 {
            return IPv6LoopbackAvailability(available: false, reason: "the listing shows lo and IPv6 addresses but no ::1")
        }
        return IPv6LoopbackAvailability(
            available: true, reason: "the listing shows nothing about ::1 (no lo, or no IPv6 addresses); the gateway tries ::1")
    }
}
