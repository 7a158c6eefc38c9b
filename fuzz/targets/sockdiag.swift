// Fuzz target `sockdiag`: kernel bytes through InetDiag.decode, as ListeningSockets feeds it. The input is a stream
// of whole netlink messages (`nlmsghdr` + body, 4-byte aligned, as one `recv` returns them); every message goes to the
// decoder. Properties: a row comes only from a SOCK_DIAG_BY_FAMILY message of at least 72 bytes and AF_INET or
// AF_INET6, with the family, state, ports, uid and inode the bytes hold, and address text of that family; anything
// else is a named error, never a trap. The same bytes as one reply (InetDiag.reply) never trap and give at most one
// row per 88 bytes. Seeds: real dumps of a namespace with listeners (fuzz/make-sockdiag-seeds).
@testable import NetProbe

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    var offset = 0
    var count = 0
    while offset + NetlinkMessage.headerSize <= bytes.count, count < 64 {
        let rest = Array(bytes[offset...])
        guard let message = try? NetlinkMessage(wholeMessage: rest) else { break }
        count += 1
        let length = Int(ByteReader(rest).u32(at: 0) ?? 0)
        offset += (length + 3) & ~3
        let body = message.payload
        do {
            let row = try InetDiag.decode(message)
            fuzzRequire(message.type == InetDiag.sockDiagByFamily, "a row from message type \(message.type)")
            fuzzRequire(body.count >= InetDiag.messageSize, "a row from a \(body.count)-byte body")
            fuzzRequire(row.family == (body[0] == 2 ? .inet : .inet6) && (body[0] == 2 || body[0] == 10), "family \(body[0]) gave \(row.family)")
            fuzzRequire(row.state == body[1], "state \(row.state), byte \(body[1])")
            fuzzRequire(row.localPort == UInt16(body[4]) << 8 | UInt16(body[5]), "local port \(row.localPort)")
            fuzzRequire(row.remotePort == UInt16(body[6]) << 8 | UInt16(body[7]), "remote port \(row.remotePort)")
            let reader = ByteReader(body)
            fuzzRequire(row.uid == reader.u32(at: 64) && row.inode == UInt64(reader.u32(at: 68) ?? 0), "uid or inode")
            let separator: Character = row.family == .inet ? "." : ":"
            fuzzRequire(row.localAddress.contains(separator) && row.remoteAddress.contains(separator), "address text \(row.localAddress) \(row.remoteAddress)")
        } catch {
            fuzzRequire(!error.message.isEmpty, "an error without a message")
            fuzzRequire(message.type != InetDiag.sockDiagByFamily || body.count < InetDiag.messageSize
                || (body[0] != 2 && body[0] != 10), "refused a well-formed message: \(error.message)")
        }
    }
    // The whole input as one `recv`: `InetDiag.reply` (as ListeningSockets reads it) never traps, and its rows are
    // SOCK_DIAG_BY_FAMILY messages of the asked sequence, so never more than the messages the input holds.
    let sequence = ByteReader(bytes).u32(at: 8) ?? 0
    if let reply = try? InetDiag.reply(bytes, sequence: sequence) {
        fuzzRequire(reply.rows.count <= bytes.count / (NetlinkMessage.headerSize + InetDiag.messageSize), "\(reply.rows.count) rows from \(bytes.count) bytes")
    }
    return 0
}
