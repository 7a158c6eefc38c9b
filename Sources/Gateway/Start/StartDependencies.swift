import NetProbe

/// The side effects the start sequence needs besides the lock and the listeners, injected so the sequence does not
/// depend on how they are implemented (NetProbe's `LoopbackProbe` and `PortOwners` at integration).
public struct StartDependencies: Sendable {
    /// Probes `hosts` on `port` with the identity handshake; `selfInstanceId` marks our own answers (`isSelf`).
    public var probeLoopback: @Sendable (_ hosts: [String], _ port: UInt16, _ timeout: Duration, _ selfInstanceId: String) async -> [ProbeResult]
    /// Who holds `port` now (after a failed bind: `PortHolder.afterAddressInUse`); nil when it cannot be told.
    public var portHolder: @Sendable (_ port: UInt16) -> PortHolder?
    /// A real bind of `[::1]:0` (closed at once): whether it succeeded. It confirms or overrides the facts' rule
    /// (`IPv6LoopbackAvailability.judge`), never replaces it.
    public var ipv6LoopbackBinds: @Sendable () -> Bool
    /// Asks the Windows half about `port` (WSL only, bounded by its own deadline); `nil` when not available.
    public var windowsHalf: @Sendable (_ port: UInt16) -> WindowsConsult? = { _ in nil }
    /// The port's LISTEN rows with their visible owners (`PortOwners.listeners`: `/proc/net/tcp{,6}` and
    /// `/proc/*/fd`), for `ListenerConfirmation`; nil when they cannot be read (then no peer's pid is printed).
    public var listeners: @Sendable (_ port: UInt16) -> [PortOwner]? = { _ in nil }

    public init(
        probeLoopback: @escaping @Sendable ([String], UInt16, Duration, String) async -> [ProbeResult],
        portHolder: @escaping @Sendable (UInt16) -> PortHolder?,
        ipv6LoopbackBinds: @escaping @Sendable () -> Bool
    ) {
        self.probeLoopback = probeLoopback
        self.portHolder = portHolder
        self.ipv6LoopbackBinds = ipv6LoopbackBinds
    }
}
