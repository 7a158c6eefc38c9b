/// A process (or an unidentified holder) that listens on a TCP port, as `ss -tlnp` would show it.
public struct PortOwner: Sendable, Codable, Equatable {
    /// `nil` when no visible process holds the socket inode (another user's process without root, or
    /// another PID namespace).
    public var pid: Int32?
    /// `/proc/PID/comm`.
    public var comm: String?
    /// `/proc/PID/cmdline`, split at NUL.
    public var cmdline: [String]?
    /// User name of `uid`, when `getpwuid_r` knows it.
    public var user: String?
    /// Socket owner uid from `/proc/net/tcp*` (`ss -e`'s `uid:`); `nil` when a pasted listener table does not show it.
    public var uid: UInt32?
    /// The socket inode (`/proc/net/tcp*`, `ss -e`'s `ino:`); `nil` when a pasted listener table does not show it.
    public var inode: UInt64?
    /// The listening address (`127.0.0.1`, `::`, ...).
    public var localAddress: String
    /// Whether `pid` is this process.
    public var isSelf: Bool

    public init(
        pid: Int32?, comm: String? = nil, cmdline: [String]? = nil, user: String? = nil, uid: UInt32?, inode: UInt64?,
        localAddress: String, isSelf: Bool = false
    ) {
        self.pid = pid
        self.comm = comm
        self.cmdline = cmdline
        self.user = user
        self.uid = uid
        self.inode = inode
        self.localAddress = localAddress
        self.isSelf = isSelf
    }

    /// `uid N`, or what stands for it when the listener table (a paste) does not show the uid.
    public var uidText: String { uid.map { "uid \($0)" } ?? "holder not in the paste" }

    /// One line for humans: `pid 123 user alice: python3 -m http.server (127.0.0.1)` or
    /// `uid 1000, process not visible (0.0.0.0)`.
    public var summary: String {
        guard let pid else {
            guard let uid else { return "holder not in the paste (\(localAddress))" }
            return "uid \(uid), process not visible (\(localAddress))"
        }
        let who = user ?? uid.map { "uid \($0)" } ?? "not in the paste"
        return "pid \(pid)\(isSelf ? " (this process)" : "") user \(who): \(commandText) (\(localAddress))"
    }

    /// The command for humans: `cmdline` joined with spaces, else `comm`, else `?`.
    public var commandText: String {
        cmdline.flatMap { $0.isEmpty ? nil : $0.joined(separator: " ") } ?? comm ?? "?"
    }
}
