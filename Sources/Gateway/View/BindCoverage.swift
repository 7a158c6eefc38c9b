/// Which listening addresses accept a connection to which address: the one rule behind "should the lock holder
/// answer on this probed address" (`gateway status`, the doctor's `gateway.probe`) and "does this Linux listener
/// collide with the gateway's bind" (`SituationView`'s prediction of `gateway run`). Pure.
///
/// A listener bound to `A` accepts connections to `H` when `A` and `H` are the same address (canonical text, so
/// `0:0::1` is `::1`), when `A` is `0.0.0.0` and `H` is IPv4, or when `A` is `::` (Linux's default dual-stack
/// socket accepts IPv4 too). `127.0.0.2` does not cover `127.0.0.1`.
public enum BindCoverage {
    /// Whether a listener on any of `bound` accepts connections to `host`.
    public static func covers(_ bound: [String], _ host: String) -> Bool {
        bound.contains { covers($0, host) }
    }

    /// Whether a listener on `bound` accepts connections to `host`.
    public static func covers(_ bound: String, _ host: String) -> Bool {
        let a = IPAddressText.canonical(bound) ?? bound
        let h = IPAddressText.canonical(host) ?? host
        if a == h || a == "::" { return true }
        return a == "0.0.0.0" && IPAddressText.family(h) == .ipv4
    }

    /// Whether two binds of the same port collide (`EADDRINUSE`): either covers the other.
    public static func collide(_ one: String, _ other: String) -> Bool {
        covers(one, other) || covers(other, one)
    }
}
