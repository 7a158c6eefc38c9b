/// Which tool the one executable is, from the basename of `argv[0]` (as busybox picks an applet and `git` a `git-*`
/// command): `openclaw` and `openclaw-doctor` are the same file under two names (a symbolic link, a hard link or a
/// copy). Every other name is refused with exit 64, never guessed.
public enum ProgramName: Equatable, Sendable {
    /// `openclaw`: the gateway's command line and `openclaw doctor`.
    case openclaw
    /// `openclaw-doctor`: the environment report and its subcommands.
    case doctor
    /// Any other basename, or an empty `argv[0]`.
    case unknown(String)

    /// The names this executable answers to.
    public static let names = ["openclaw", "openclaw-doctor"]

    /// Pure: the tool `argv0` names. Only the last path component counts (`/usr/bin/openclaw-doctor`, `./openclaw`).
    public static func resolve(argv0: String) -> ProgramName {
        let base = argv0.split(separator: "/").last.map(String.init) ?? ""
        switch base {
        case "openclaw": return .openclaw
        case "openclaw-doctor": return .doctor
        default: return .unknown(base)
        }
    }

    /// Pure: the one-line refusal of `name` for standard error (the name quoted with its control characters escaped).
    public static func refusal(_ name: String) -> String {
        "openclaw: this executable runs as openclaw or openclaw-doctor (the name it is started under), not as "
            + "\(name.debugDescription); start it through a link of one of those names (ln -s openclaw openclaw-doctor)\n"
    }
}
