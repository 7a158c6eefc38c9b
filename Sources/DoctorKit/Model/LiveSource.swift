/// One kind of live observation a check reads. The shell gathers only the sources the selected checks
/// (and `--fix`) need, so `--only env.classification` never opens a socket.
public enum LiveSource: String, Sendable, CaseIterable, Comparable {
    /// The loopback probes of 127.0.0.1 and ::1.
    case probes
    /// The LISTEN sockets of the port in `/proc/net/tcp{,6}` with their processes, and a trial bind.
    case portOwners
    /// The instance lock file (`flock` state and metadata).
    case lock
    /// `lstat` of the lock directory.
    case lockDirectory
    /// systemd user unit files.
    case units
    /// The reachability probes (`ReachProbes`: from Linux, and from Windows through interop) and the boot id.
    case reach
    /// `stat` of the state directory, the directories above it, the canvas root and `openclaw.json` (`StatePathTrust`).
    case stateDirectory
    /// `/proc/PID/cmdline` of the port's listeners and of the verified lock holder, masked.
    case holderCommandLines

    public static func < (lhs: LiveSource, rhs: LiveSource) -> Bool { lhs.rawValue < rhs.rawValue }
}
