/// Decodes `RTM_NEWROUTE` messages (`struct rtmsg` + `RTA_*` attributes) into `Route` values,
/// with the fields formatted as `ip -j route show table all` prints them.
package enum NetlinkRouteDecoder {
    package static let messageType: UInt16 = 24  // RTM_NEWROUTE
    package static let headerSize = 12           // sizeof(struct rtmsg)
    private static let clonedFlag: UInt32 = 0x200  // RTM_F_CLONED: a cache entry, not a route

    /// The route, or `nil` for a family NetProbe does not report or a cloned (cache) entry.
    package static func decode(_ message: NetlinkMessage, names: [Int: String]) throws(NetlinkDecodeError) -> Route? {
        let body = ByteReader(message.payload)
        guard message.payload.count >= headerSize,
              let rawFamily = body.u8(at: 0), let dstLength = body.u8(at: 1), let headerTable = body.u8(at: 4),
              let proto = body.u8(at: 5), let scope = body.u8(at: 6), let type = body.u8(at: 7),
              let flags = body.u32(at: 8)
        else { throw NetlinkDecodeError("RTM_NEWROUTE body of \(message.payload.count) bytes is shorter than rtmsg") }
        guard let family = NetlinkFormat.family(rawFamily), flags & clonedFlag == 0 else { return nil }
        let attributes = try NetlinkAttributes(message.payload, from: headerSize)

        let destination = try NetlinkFormat.prefix(attributes[1], length: Int(dstLength), family: family) ?? "default"
        var gateway = try address(attributes[5], "RTA_GATEWAY")
        if gateway == nil, let via = attributes[18] { gateway = try viaAddress(via) }  // RTA_VIA
        var device = attributes.u32(4).map { NetlinkNamesLookup.name(Int($0), in: names) }  // RTA_OIF
        var nexthopFlags: UInt32 = 0
        if let multipath = attributes[9], let first = try firstNexthop(multipath, names: names) {  // RTA_MULTIPATH
            gateway = gateway ?? first.gateway
            device = device ?? first.device
            nexthopFlags = first.flags
        }
        return Route(
            family: family, type: NetlinkNames.routeType(type), destination: destination,
            table: Int(attributes.u32(15) ?? UInt32(headerTable)),  // RTA_TABLE holds ids above 255
            gateway: gateway, device: device, protocol_: NetlinkNames.routeProtocol(proto),
            scope: NetlinkNames.scope(scope), metric: attributes.u32(6).map(Int.init),  // RTA_PRIORITY
            preferredSource: try address(attributes[7], "RTA_PREFSRC"),
            flags: NetlinkFormat.flagNames(flags | nexthopFlags, NetlinkNames.routeFlags)
        )
    }

    private static func address(_ bytes: [UInt8]?, _ what: String) throws(NetlinkDecodeError) -> String? {
        guard let bytes else { return nil }
        return try requiredAddress(bytes, what)
    }

    private static func requiredAddress(_ bytes: [UInt8], _ what: String) throws(NetlinkDecodeError) -> String {
        guard let text = NetlinkFormat.ipAddress(bytes) else {
            throw NetlinkDecodeError("\(what) of \(bytes.count) bytes")
        }
        return text
    }

    /// `struct rtvia`: a 2-byte family, then the address.
    private static func viaAddress(_ bytes: [UInt8]) throws(NetlinkDecodeError) -> String {
        guard bytes.count > 2 else { throw NetlinkDecodeError("RTA_VIA of \(bytes.count) bytes") }
        return try requiredAddress(Array(bytes[2...]), "RTA_VIA")
    }

    /// The first `struct rtnexthop` of a multipath route (NetProbe's model holds one next hop).
    private static func firstNexthop(
        _ bytes: [UInt8], names: [Int: String]
    ) throws(NetlinkDecodeError) -> (gateway: String?, device: String?, flags: UInt32)? {
        let reader = ByteReader(bytes)
        guard let length = reader.u16(at: 0), let flags = reader.u8(at: 2), let index = reader.i32(at: 4) else {
            return nil
        }
        let size = Int(length)
        guard size >= 8, size <= bytes.count else {
            throw NetlinkDecodeError("RTA_MULTIPATH next hop of length \(size) in \(bytes.count) bytes")
        }
        let attributes = try NetlinkAttributes(Array(bytes[0..<size]), from: 8)
        let gateway = try address(attributes[5], "RTA_GATEWAY")
        let device = index > 0 ? NetlinkNamesLookup.name(Int(index), in: names) : nil
        return (gateway, device, UInt32(flags))
    }
}
