/// Decodes `RTM_NEWRULE` messages (`struct fib_rule_hdr` + `FRA_*` attributes) into `Rule` values.
package enum NetlinkRuleDecoder {
    package static let messageType: UInt16 = 32  // RTM_NEWRULE
    package static let headerSize = 12           // sizeof(struct fib_rule_hdr)
    private static let lookupAction: UInt8 = 1  // FR_ACT_TO_TBL
    private static let invertFlag: UInt32 = 0x2  // FIB_RULE_INVERT

    /// The rule, or `nil` for a family other than IPv4/IPv6 (an `AF_UNSPEC` dump also returns
    /// the multicast-routing families 0x80 and 0x81).
    package static func decode(_ message: NetlinkMessage) throws(NetlinkDecodeError) -> Rule? {
        let body = ByteReader(message.payload)
        guard message.payload.count >= headerSize,
              let rawFamily = body.u8(at: 0), let dstLength = body.u8(at: 1), let srcLength = body.u8(at: 2),
              let headerTable = body.u8(at: 4), let action = body.u8(at: 7), let flags = body.u32(at: 8)
        else { throw NetlinkDecodeError("RTM_NEWRULE body of \(message.payload.count) bytes is shorter than fib_rule_hdr") }
        guard let family = NetlinkFormat.family(rawFamily) else { return nil }
        let attributes = try NetlinkAttributes(message.payload, from: headerSize)

        var rule = Rule(family: family, priority: Int(attributes.u32(6) ?? 0))  // FRA_PRIORITY
        rule.source = try NetlinkFormat.prefix(attributes[2], length: Int(srcLength), family: family)  // FRA_SRC
        rule.destination = try NetlinkFormat.prefix(attributes[1], length: Int(dstLength), family: family)  // FRA_DST
        if flags & invertFlag != 0 {
            // `ip rule` prints `not from ...`; keep the inversion visible in the selector text.
            rule.source = "not " + (rule.source ?? "all")
        }
        rule.inputInterface = attributes.string(3)    // FRA_IIFNAME
        rule.outputInterface = attributes.string(17)  // FRA_OIFNAME
        rule.ipProto = attributes.u8(22).map(NetlinkNames.ipProtocol)  // FRA_IP_PROTO
        rule.sourcePort = portRange(attributes[23])       // FRA_SPORT_RANGE
        rule.destinationPort = portRange(attributes[24])  // FRA_DPORT_RANGE
        if attributes[10] != nil || attributes[16] != nil {  // FRA_FWMARK, FRA_FWMASK
            let mark = attributes.u32(10) ?? 0
            let mask = attributes.u32(16) ?? 0xFFFF_FFFF
            rule.fwmark = mask == 0xFFFF_FFFF ? hex(mark) : "\(hex(mark))/\(hex(mask))"
        }
        if action == lookupAction {
            rule.table = Int(attributes.u32(15) ?? UInt32(headerTable))  // FRA_TABLE holds ids above 255
        } else {
            rule.action = NetlinkNames.ruleAction(action)
            if action == 2, let target = attributes.u32(4) { rule.action = "goto \(target)" }  // FRA_GOTO
        }
        return rule
    }

    /// `struct fib_rule_port_range` (host order): `8080` or `1000-2000`.
    private static func portRange(_ bytes: [UInt8]?) -> String? {
        guard let bytes else { return nil }
        let reader = ByteReader(bytes)
        guard let start = reader.u16(at: 0), let end = reader.u16(at: 2) else { return nil }
        return start == end ? String(start) : "\(start)-\(end)"
    }

    /// `%#x` as `ip` prints marks (`0x1`, and `0` for zero).
    private static func hex(_ value: UInt32) -> String {
        value == 0 ? "0" : "0x" + String(value, radix: 16)
    }
}
