/// Where `openclaw gateway install` puts the user unit and what it calls it. Pure.
///
/// The directory is systemd's first user unit path for the user's own configuration, `$XDG_CONFIG_HOME/systemd/user`
/// (`~/.config/systemd/user` when `XDG_CONFIG_HOME` is unset or not absolute: systemd.unit(5) "User Unit Search Path").
/// The name is `openclaw-gateway.service` (upstream's), or `openclaw-gateway-PORT.service` beside an existing
/// `openclaw-gateway.service` that serves another port.
public enum ServiceUnitName {
    /// Upstream's unit name.
    public static let standard = "openclaw-gateway.service"

    /// The name of the unit for a second port.
    public static func forPort(_ port: UInt16) -> String { "openclaw-gateway-\(port).service" }

    /// The two names a gateway unit for `port` can have, in the order `install` considers them.
    public static func candidates(port: UInt16) -> [String] { [standard, forPort(port)] }

    /// `$XDG_CONFIG_HOME/systemd/user`, else `HOME/.config/systemd/user`.
    public static func directory(environment: [String: String], home: String) -> String {
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            return trimmed(config) + "/systemd/user"
        }
        return trimmed(home) + "/.config/systemd/user"
    }

    private static func trimmed(_ path: String) -> String {
        var path = path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path == "/" ? "" : path
    }
}
