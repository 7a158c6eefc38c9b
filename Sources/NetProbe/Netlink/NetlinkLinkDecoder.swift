/// Decodes `RTM_NEWLINK` messages (`struct ifinfomsg` + `IFLA_*` attributes) into `Link` values.
package enum NetlinkLinkDecoder {
    package static let messageType: UInt16 = 16  // RTM_NEWLINK
    package static let headerSize = 16           // sizeof(struct ifinfomsg)

    /// A link before its `@peer` suffix is resolved against the other links of the dump.
    package struct Decoded: Sendable, Equatable {
        package var link: Link
        /// `IFLA_LINK`, when the kernel sent it (the lower or peer device's index).
        package var lowerIndex: Int?
        /// Whether `IFLA_LINK_NETNSID` was sent (the peer lives in another namespace).
        package var lowerInOtherNamespace: Bool
    }

    package static func decode(_ message: NetlinkMessage) throws(NetlinkDecodeError) -> Decoded {
        let body = ByteReader(message.payload)
        guard message.payload.count >= headerSize,
              let type = body.u16(at: 2), let index = body.i32(at: 4), let flags = body.u32(at: 8)
        else { throw NetlinkDecodeError("RTM_NEWLINK body of \(message.payload.count) bytes is shorter than ifinfomsg") }
        let attributes = try NetlinkAttributes(message.payload, from: headerSize)
        guard let name = attributes.string(3) else {  // IFLA_IFNAME
            throw NetlinkDecodeError("RTM_NEWLINK for index \(index) has no IFLA_IFNAME")
        }
        let linkType = NetlinkNames.linkType(type)
        var kind: String?
        if let info = attributes[18] {  // IFLA_LINKINFO
            kind = try NetlinkAttributes(info, from: 0).string(1)  // IFLA_INFO_KIND
        }
        let link = Link(
            index: Int(index), name: name, flags: NetlinkNames.linkFlagNames(flags),
            mtu: attributes.u32(4).map(Int.init),  // IFLA_MTU
            mac: attributes[1].flatMap { hardwareText($0, linkType: linkType) },  // IFLA_ADDRESS
            linkType: linkType, kind: kind,
            operState: attributes.u8(16).map(NetlinkNames.operState)  // IFLA_OPERSTATE
        )
        return Decoded(
            link: link, lowerIndex: attributes.u32(5).map { Int(Int32(bitPattern: $0)) },  // IFLA_LINK
            lowerInOtherNamespace: attributes[37] != nil  // IFLA_LINK_NETNSID
        )
    }

    /// Resolves every link's `@peer` the way `ip link` prints it: a name in this namespace,
    /// `ifN` for a peer in another namespace (or an unknown index), `NONE` for index 0.
    package static func resolvePeers(_ decoded: [Decoded]) -> [Link] {
        var names: [Int: String] = [:]
        for item in decoded { if let index = item.link.index { names[index] = item.link.name } }
        return decoded.map { item in
            var link = item.link
            if let lower = item.lowerIndex {
                if lower == 0 {
                    link.peer = "NONE"
                } else if item.lowerInOtherNamespace {
                    link.peer = "if\(lower)"
                } else {
                    link.peer = names[lower] ?? "if\(lower)"
                }
            }
            return link
        }
    }

    /// Tunnel devices carry an IP address as their link-layer address; `ip` prints it as one.
    private static func hardwareText(_ bytes: [UInt8], linkType: String) -> String? {
        switch linkType {
        case "ipip", "sit", "gre", "tunnel6", "gre6":
            return NetlinkFormat.ipAddress(bytes) ?? NetlinkFormat.hardwareAddress(bytes)
        default:
            return NetlinkFormat.hardwareAddress(bytes)
        }
    }
}
