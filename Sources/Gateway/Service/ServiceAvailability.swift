import NetProbe

/// Whether `openclaw gateway install`/`start`/`restart`/`uninstall` have a systemd user manager to ask, and when not,
/// why and what to do. Pure: judged from `SystemdPresence` (sd_booted's rule and the user manager's sockets) and the
/// environment kind of the verdict (read only when systemd is absent, for the advice).
public enum ServiceAvailability: Sendable, Equatable {
    case available
    /// No user manager: `reason` (one sentence) and `advice` (what to do instead, with the command).
    case unavailable(reason: String, advice: String)

    /// The judgement. `user` names the account in the advice; `kind`/`container` come from the verdict; `run` is
    /// the foreground command the advice names, with the options the user gave (`openclaw gateway run --port P`).
    public static func judge(
        presence: SystemdPresence, kind: EnvironmentKind?, container: ContainerKind?, user: String,
        run: String = "openclaw gateway run"
    ) -> ServiceAvailability {
        let foreground = "run the gateway in the foreground instead: \(run)"
        guard presence.systemBooted else {
            switch kind {
            case .wsl2?, .wsl1?:
                return .unavailable(
                    reason: "systemd is not running in this WSL distro (/run/systemd/system is absent)",
                    advice: "add 'systemd=true' under [boot] in /etc/wsl.conf, run 'wsl.exe --shutdown' from Windows and "
                        + "open the distro again; or \(foreground)")
            case .container?:
                let name = container.map { " (\($0.rawValue))" } ?? ""
                return .unavailable(
                    reason: "this is a container\(name) without systemd as PID 1 (/run/systemd/system is absent)",
                    advice: "let the container's supervisor run '\(run)' (e.g. as the container's command); or \(foreground)")
            default:
                return .unavailable(
                    reason: "systemd is not running here (/run/systemd/system is absent: not booted with systemd)",
                    advice: "supervise '\(run)' with the init system in use; or \(foreground)")
            }
        }
        guard presence.userManagerReachable else {
            return .unavailable(
                reason: "no systemd user manager to ask for \(user) (no $XDG_RUNTIME_DIR/systemd/private, no $DBUS_SESSION_BUS_ADDRESS)",
                advice: "log in as \(user) through a session (ssh, a console login), or run 'loginctl enable-linger \(user)' and "
                    + "export XDG_RUNTIME_DIR=/run/user/$(id -u \(user)); then run the command again")
        }
        return .available
    }
}
