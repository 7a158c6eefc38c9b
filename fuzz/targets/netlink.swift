// Fuzz target `netlink`: kernel bytes through the rtnetlink decoders, as NetlinkReader feeds them. The input is a
// stream of whole netlink messages (`nlmsghdr` + body, 4-byte aligned, as one `recv` returns them); every message
// goes to all five decoders (RTM_NEWLINK, RTM_NEWADDR, RTM_NEWROUTE, RTM_NEWRULE, RTM_NEWNEIGH bodies), the links
// first so the others get the interface names. Properties: a message is accepted only when nlmsg_len fits, peers
// resolve one link per decoded link, and no decoder traps. Seeds: real dumps of a namespace (fuzz/corpus/netlink).
@testable import NetProbe

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    var messages: [NetlinkMessage] = []
    var offset = 0
    while offset + NetlinkMessage.headerSize <= bytes.count, messages.count < 64 {
        let rest = Array(bytes[offset...])
        guard let message = try? NetlinkMessage(wholeMessage: rest) else { break }
        messages.append(message)
        let length = Int(ByteReader(rest).u32(at: 0) ?? 0)
        fuzzRequire(length >= NetlinkMessage.headerSize, "a message of nlmsg_len \(length) was accepted")
        fuzzRequire(message.payload.count == length - NetlinkMessage.headerSize, "payload \(message.payload.count) for nlmsg_len \(length)")
        offset += (length + 3) & ~3
    }
    var links: [NetlinkLinkDecoder.Decoded] = []
    var names: [Int: String] = [:]
    for message in messages {
        if let decoded = try? NetlinkLinkDecoder.decode(message) {
            links.append(decoded)
        }
    }
    let resolved = NetlinkLinkDecoder.resolvePeers(links)
    fuzzRequire(resolved.count == links.count, "\(links.count) decoded links became \(resolved.count)")
    for link in resolved { if let index = link.index { names[index] = link.name } }
    for message in messages {
        _ = try? NetlinkAddressDecoder.decode(message, names: names)
        _ = try? NetlinkRouteDecoder.decode(message, names: names)
        _ = try? NetlinkRuleDecoder.decode(message)
        _ = try? NetlinkNeighbourDecoder.decode(message, names: names)
    }
    return 0
}
