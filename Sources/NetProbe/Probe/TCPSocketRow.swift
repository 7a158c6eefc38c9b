/// One socket row of `/proc/net/tcp` or `/proc/net/tcp6`, with addresses decoded.
public struct TCPSocketRow: Sendable, Codable, Equatable {
    public var family: AddressFamily
    /// Local address text (`127.0.0.1`, `::1`, `0.0.0.0`, `::`).
    public var localAddress: String
    public var localPort: UInt16
    public var remoteAddress: String
    public var remotePort: UInt16
    /// Kernel TCP state code (`st` column): `0x0A` is LISTEN, `0x01` ESTABLISHED.
    public var state: UInt8
    /// Owning user id (`uid` column).
    public var uid: UInt32
    /// Socket inode (`inode` column), matched against `/proc/PID/fd/*` links `socket:[inode]`.
    public var inode: UInt64

    /// The `st` code of a listening socket.
    public static let listenState: UInt8 = 0x0A

    public init(
        family: AddressFamily, localAddress: String, localPort: UInt16, remoteAddress: String, remotePort: UInt16,
        state: UInt8, uid: UInt32, inode: UInt64
    ) {
        self.family = family
        self.localAddress = localAddress
        self.localPort = localPort
        self.remoteAddress = remoteAddress
        self.remotePort = remotePort
        self.state = state
        self.uid = uid
        self.inode = inode
    }

    public var isListening: Bool { state == Self.listenState }
}
