import NetProbe

/// Whether a pid a peer claims (the `pid` of its identity document, or of its lock metadata) is the process that
/// holds the port's listening socket, judged from the kernel's socket tables: the LISTEN rows of `/proc/net/tcp{,6}`
/// for the port and the `/proc/PID/fd` links to their inodes (`PortOwners.listeners`). Pure.
///
/// A claimed pid is a claim: any local program can answer the identity handshake or write a lock file with
/// `"pid": 1`. A message prints a pid, or advises `kill -TERM PID`, only when it is `.confirmed`; otherwise it says
/// the holder is unverified and names what the tables show (`.unverified(shown)`). The lock holder is judged by
/// `GatewayStopper.verifyHolder` (what `gateway stop` signals); this is the same test for a holder that does not
/// hold our lock.
public enum ListenerConfirmation: Sendable, Equatable {
    /// `pid` holds a listening socket on the port that accepts connections to the address the peer answered on (it is
    /// one of the owners of that LISTEN row's inode).
    case confirmed(pid: Int32)
    /// Not confirmed; the sentence says what the socket tables show instead (inodes, uids, processes).
    case unverified(shown: String)

    /// - Parameters:
    ///   - claimedPid: the pid the peer claims, nil when it claims none.
    ///   - host: the address the peer answered on: only a LISTEN row that accepts connections to it (`BindCoverage`:
    ///     the same address, `0.0.0.0` for IPv4, `::`) can confirm the pid. A process of the same account listening
    ///     on `127.0.0.2:PORT` is not the one that answered on `127.0.0.1:PORT`.
    ///   - port: the TCP port, for the wording.
    ///   - listeners: the port's LISTEN rows with their visible owners (`PortOwners.listeners(port:)`), nil when the
    ///     tables were not read.
    public static func judge(claimedPid: Int32?, answeredOn host: String, port: UInt16, listeners: [PortOwner]?) -> ListenerConfirmation {
        if let claimedPid, let listeners,
           listeners.contains(where: { $0.pid == claimedPid && !$0.isSelf && BindCoverage.covers($0.localAddress, host) }) {
            return .confirmed(pid: claimedPid)
        }
        return .unverified(shown: describe(listeners: listeners, port: port))
    }

    /// The confirmed pid; nil when unverified.
    public var pid: Int32? {
        if case .confirmed(let pid) = self { return pid }
        return nil
    }

    /// The holder as every message that names a peer's pid says it (`gateway status`, `stop`, `probe`, `run`, the
    /// doctor's `gateway.reach` and `gateway.port`): `pid 77` when confirmed, else `holder unverified: the socket
    /// tables show ...`. The claimed pid itself is never printed unconfirmed.
    public var words: String {
        switch self {
        case .confirmed(let pid): return "pid \(pid)"
        case .unverified(let shown): return "holder unverified: \(shown)"
        }
    }

    /// What the socket tables show for the port, one clause per LISTEN row: `inode 123 (uid 1001 bob): pid 77 python3`
    /// or `inode 123 (uid 1001 bob): process not visible to this user`. Only `comm` is named, never the command line
    /// (it may hold a secret). This process's own sockets are left out; nil listeners: the tables were not read.
    public static func describe(listeners: [PortOwner]?, port: UInt16) -> String {
        guard let listeners = listeners?.filter({ !$0.isSelf }) else {
            return "the socket tables (/proc/net/tcp, /proc/net/tcp6) were not read"
        }
        guard !listeners.isEmpty else {
            return "the socket tables show no listening socket on port \(port) in this network namespace"
        }
        var clauses: [String] = []
        for owner in listeners {
            let who = owner.uidText + (owner.user.map { " \($0)" } ?? "")
            let process = owner.pid.map { "pid \($0) \(owner.comm ?? "?")" } ?? "process not visible to this user"
            let clause = "\(IPAddressText.hostPort(owner.localAddress, port)) inode \(owner.inode.map(String.init) ?? "not shown") (\(who)): \(process)"
            if !clauses.contains(clause) { clauses.append(clause) }
        }
        return "the socket tables show " + clauses.joined(separator: "; ")
    }
}
