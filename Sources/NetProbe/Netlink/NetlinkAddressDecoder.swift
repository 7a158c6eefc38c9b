/// Decodes `RTM_NEWADDR` messages (`struct ifaddrmsg` + `IFA_*` attributes) into `InterfaceAddress` values.
package enum NetlinkAddressDecoder {
    package static let messageType: UInt16 = 20  // RTM_NEWADDR
    package static let headerSize = 8            // sizeof(struct ifaddrmsg)

    /// The address, or `nil` for a family NetProbe does not report. `names` maps ifindex to name.
    package static func decode(_ message: NetlinkMessage, names: [Int: String]) throws(NetlinkDecodeError) -> InterfaceAddress? {
        let body = ByteReader(message.payload)
        guard message.payload.count >= headerSize,
              let rawFamily = body.u8(at: 0), let prefix = body.u8(at: 1), let shortFlags = body.u8(at: 2),
              let scope = body.u8(at: 3), let index = body.u32(at: 4)
        else { throw NetlinkDecodeError("RTM_NEWADDR body of \(message.payload.count) bytes is shorter than ifaddrmsg") }
        guard let family = NetlinkFormat.family(rawFamily) else { return nil }
        let attributes = try NetlinkAttributes(message.payload, from: headerSize)
        // `ip` shows IFA_LOCAL as `local`; IFA_ADDRESS is the peer on point-to-point links.
        guard let raw = attributes[2] ?? attributes[1] else {
            throw NetlinkDecodeError("RTM_NEWADDR for index \(index) has neither IFA_LOCAL nor IFA_ADDRESS")
        }
        guard let local = NetlinkFormat.ipAddress(raw) else {
            throw NetlinkDecodeError("RTM_NEWADDR for index \(index) has a \(raw.count)-byte address")
        }
        let interface = NetlinkNamesLookup.name(Int(index), in: names)
        let label = attributes.string(3)  // IFA_LABEL
        let flags = attributes.u32(8) ?? UInt32(shortFlags)  // IFA_FLAGS supersedes ifa_flags
        return InterfaceAddress(
            interface: interface, family: family, local: local, prefixLength: Int(prefix),
            scope: NetlinkNames.scope(scope), label: label == interface ? nil : label,
            flags: NetlinkNames.addressFlagNames(flags, family: family)
        )
    }
}

/// Interface index to name, as `ip` resolves it (`ifN` when the index is unknown).
package enum NetlinkNamesLookup {
    package static func name(_ index: Int, in names: [Int: String]) -> String {
        names[index] ?? "if\(index)"
    }
}
