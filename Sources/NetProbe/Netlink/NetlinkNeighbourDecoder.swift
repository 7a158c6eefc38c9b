/// Decodes `RTM_NEWNEIGH` messages (`struct ndmsg` + `NDA_*` attributes) into `Neighbour` values.
package enum NetlinkNeighbourDecoder {
    package static let messageType: UInt16 = 28  // RTM_NEWNEIGH
    package static let headerSize = 12           // sizeof(struct ndmsg)

    /// The neighbour, or `nil` for a family other than IPv4/IPv6 or an entry without a destination.
    package static func decode(_ message: NetlinkMessage, names: [Int: String]) throws(NetlinkDecodeError) -> Neighbour? {
        let body = ByteReader(message.payload)
        guard message.payload.count >= headerSize,
              let rawFamily = body.u8(at: 0), let index = body.i32(at: 4), let state = body.u16(at: 8)
        else { throw NetlinkDecodeError("RTM_NEWNEIGH body of \(message.payload.count) bytes is shorter than ndmsg") }
        guard NetlinkFormat.family(rawFamily) != nil else { return nil }
        let attributes = try NetlinkAttributes(message.payload, from: headerSize)
        guard let rawDestination = attributes[1] else { return nil }  // NDA_DST
        guard let destination = NetlinkFormat.ipAddress(rawDestination) else {
            throw NetlinkDecodeError("NDA_DST of \(rawDestination.count) bytes")
        }
        return Neighbour(
            destination: destination,
            device: index > 0 ? NetlinkNamesLookup.name(Int(index), in: names) : nil,
            lladdr: attributes[2].flatMap(NetlinkFormat.hardwareAddress),  // NDA_LLADDR
            state: NetlinkNames.neighbourStates(state)
        )
    }
}
