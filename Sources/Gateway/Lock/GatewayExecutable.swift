/// How a process's executable relates to this project's gateway, read from `/proc/<pid>/exe` (`GatewayExecutable.match`,
/// in GatewayLive).
public enum ExecutableMatch: Sendable, Equatable {
    /// The same file as the caller's own executable (`stat` of `/proc/<pid>/exe` and `/proc/self/exe`: same device
    /// and inode), e.g. `openclaw gateway stop` and the `openclaw gateway run` it stops.
    case sameAsCaller
    /// Another file named `openclaw` (another build or install of it, or the one replaced on disk by an upgrade while
    /// the gateway ran: the link then ends in ` (deleted)`).
    case named(path: String)
    /// Some other program (a `sleep`, a shell): never a gateway of this project.
    case other(path: String)
    /// `/proc/<pid>/exe` could not be read (the process is gone, or belongs to a user we may not inspect).
    case unreadable(errno: Int32)

    /// True for the two matches that count as a gateway of this project.
    public var isGateway: Bool {
        switch self {
        case .sameAsCaller, .named: return true
        case .other, .unreadable: return false
        }
    }
}

/// Recognises the gateway's executable. The rule: the process runs the very file the caller runs, or a file whose
/// name is `openclaw` (the only executable that serves the gateway: `openclaw gateway run`). A name alone is weak
/// against a user who builds a program called `openclaw`, but that user could signal their own processes anyway;
/// what this guards against is signalling an unrelated process (a recycled pid, a forged lock file, a `sleep`
/// holding the lock), which never runs a file of that name.
public enum GatewayExecutable {
    /// The basename the gateway's executable has.
    public static let name = "openclaw"

    /// Pure: `named` when the link target's basename (without the kernel's ` (deleted)` suffix) is `openclaw`.
    public static func classify(linkTarget: String) -> ExecutableMatch {
        var path = linkTarget
        if path.hasSuffix(" (deleted)") { path.removeLast(" (deleted)".count) }
        let base = path.split(separator: "/").last.map(String.init) ?? path
        return base == name ? .named(path: linkTarget) : .other(path: linkTarget)
    }
}
