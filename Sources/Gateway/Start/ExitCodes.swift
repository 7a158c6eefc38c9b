/// Exit codes of `openclaw gateway ...` (sysexits where one fits; 78 stops systemd's `Restart=always` loop).
public enum GatewayExit {
    public static let ok: Int32 = 0
    /// Anything else, with the cause.
    public static let failure: Int32 = 1
    /// `status`: no gateway runs on the port.
    public static let notRunning: Int32 = 3
    /// EX_TEMPFAIL: the port is held by something that is not a gateway.
    public static let portHeld: Int32 = 75
    /// EX_CONFIG: a gateway already runs for this port, or the configuration is refused.
    public static let config: Int32 = 78
}
