/// Whether a systemd manager or journal can answer on this machine, learnt from the file system (`read`, in
/// `NetProbeLive`) before any `systemctl` or `journalctl` is run (each costs 10-40 ms just to say "not booted").
///
/// Sources: `sd_booted(3)` (a system manager runs iff `/run/systemd/system/` is a directory), `systemctl(1)`'s user
/// connection (`$XDG_RUNTIME_DIR/systemd/private`, `$XDG_RUNTIME_DIR/bus`, or `$DBUS_SESSION_BUS_ADDRESS`), and
/// `systemd-journald.service(8)`'s storage (`/run/log/journal/` volatile, `/var/log/journal/` persistent):
/// `journalctl` can read journal files of an earlier boot even when no systemd runs now, so the journal is asked
/// whenever a journal file is there. `sd_journal_open(3)` reads the `*.journal` (and `*.journal~`) files in either
/// directory and in their subdirectories (one per machine id, or `ID.NAMESPACE`); a directory with none (as a
/// container image ships `/var/log/journal`) cannot answer, and `journalctl` would take 10-70 ms to say nothing.
public struct SystemdPresence: Sendable, Equatable {
    /// `/run/systemd/system/` is a directory: systemd is PID 1.
    public var systemBooted: Bool
    /// The user manager's private socket (`$XDG_RUNTIME_DIR/systemd/private`) or the user bus (`$XDG_RUNTIME_DIR/bus`)
    /// exists, or a session bus is named.
    public var userManagerReachable: Bool
    /// `/run/log/journal/` or `/var/log/journal/` holds a journal file (directly or one directory down).
    public var journalStored: Bool

    public init(systemBooted: Bool, userManagerReachable: Bool, journalStored: Bool) {
        self.systemBooted = systemBooted
        self.userManagerReachable = userManagerReachable
        self.journalStored = journalStored
    }

    /// Why `systemctl show` is not asked in `scope`, or `nil` when it can answer.
    public func showNotAsked(_ scope: SystemdScope) -> String? {
        guard systemBooted else { return Self.notBooted }
        if scope == .user && !userManagerReachable {
            return "no user manager to ask (no $XDG_RUNTIME_DIR/systemd/private or /bus, no $DBUS_SESSION_BUS_ADDRESS)"
        }
        return nil
    }

    /// Why `journalctl` is not asked, or `nil` when a journal can be there.
    public var journalNotAsked: String? {
        systemBooted || journalStored ? nil
            : "no journal here (systemd is not running and no journal file is in /run/log/journal or /var/log/journal)"
    }

    /// The reason recorded when PID 1 is not systemd; it reads as systemctl's own answer in that case.
    public static let notBooted = "systemd is not running here (/run/systemd/system is absent: not booted with systemd)"
}
