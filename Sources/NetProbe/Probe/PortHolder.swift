/// Who holds a TCP port, judged from a bind attempt and the LISTEN rows this network namespace shows.
///
/// JSON shape: `{"holder": name, ...fields}`.
public enum PortHolder: Sendable, Equatable, Codable {
    /// The bind succeeded: nobody holds the port for that address.
    case free
    /// Listening processes found in `/proc` (some may have `pid == nil` when not visible).
    case linuxProcesses([PortOwner])
    /// A LISTEN row exists, but no visible process holds it (another user's process without root).
    case hiddenLinuxProcess(uid: UInt32?)
    /// `EADDRINUSE` with no LISTEN row at all: the holder is outside this Linux network namespace's view.
    /// Under WSL2 mirrored networking that is a Windows program or a Windows port reservation.
    case outsideLinux
    /// The bind failed for another reason (`EACCES` below 1024, `EADDRNOTAVAIL`, ...) and nothing listens.
    case bindFailed(errno: Int32)

    /// Stable name: `free`, `linux-processes`, `hidden-linux-process`, `outside-linux`, `bind-failed`.
    public var name: String {
        switch self {
        case .free: return "free"
        case .linuxProcesses: return "linux-processes"
        case .hiddenLinuxProcess: return "hidden-linux-process"
        case .outsideLinux: return "outside-linux"
        case .bindFailed: return "bind-failed"
        }
    }

    /// Classifies a port. Pure. Listening rows win over the bind result when the bind did not succeed:
    /// visible processes give `linuxProcesses`, rows with no visible process `hiddenLinuxProcess`;
    /// `EADDRINUSE` with no rows is `outsideLinux`.
    public static func classify(bindResult: BindAttempt, owners: [PortOwner]) -> PortHolder {
        switch bindResult {
        case .succeeded:
            return .free
        case .addressInUse, .failed:
            if owners.contains(where: { $0.pid != nil }) { return .linuxProcesses(owners) }
            if let hidden = owners.first { return .hiddenLinuxProcess(uid: hidden.uid) }
            if case .failed(let code) = bindResult { return .bindFailed(errno: code) }
            return .outsideLinux
        }
    }

    private enum Keys: String, CodingKey { case holder, owners, uid, errno }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let name = try c.decode(String.self, forKey: .holder)
        switch name {
        case "free": self = .free
        case "linux-processes": self = .linuxProcesses(try c.decode([PortOwner].self, forKey: .owners))
        case "hidden-linux-process": self = .hiddenLinuxProcess(uid: try c.decodeIfPresent(UInt32.self, forKey: .uid))
        case "outside-linux": self = .outsideLinux
        case "bind-failed": self = .bindFailed(errno: try c.decode(Int32.self, forKey: .errno))
        default:
            throw DecodingError.dataCorruptedError(forKey: .holder, in: c, debugDescription: "unknown port holder \"\(name)\"")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(name, forKey: .holder)
        switch self {
        case .free, .outsideLinux: break
        case .linuxProcesses(let owners): try c.encode(owners, forKey: .owners)
        case .hiddenLinuxProcess(let uid): try c.encodeIfPresent(uid, forKey: .uid)
        case .bindFailed(let code): try c.encode(code, forKey: .errno)
        }
    }
}
