import Foundation
import Testing
import TestSupport
@testable import NetProbe
@testable import NetProbeLive

/// The pure netlink decoders: formatting rules, and robustness against random and mutated bytes.
@Suite("Netlink decoders")
struct NetlinkDecoderTests {
    @Test("prefixes print as ip prints them")
    func prefixes() throws {
        #expect(try NetlinkFormat.prefix([127, 0, 0, 1], length: 32, family: .inet) == "127.0.0.1")
        #expect(try NetlinkFormat.prefix([10, 0, 0, 0], length: 8, family: .inet) == "10.0.0.0/8")
        #expect(try NetlinkFormat.prefix(nil, length: 0, family: .inet) == nil)
        #expect(try NetlinkFormat.prefix(nil, length: 8, family: .inet6) == "0/8")
        var ff00 = [UInt8](repeating: 0, count: 16)
        ff00[0] = 0xFF
        #expect(try NetlinkFormat.prefix(ff00, length: 8, family: .inet6) == "ff00::/8")
        var one = [UInt8](repeating: 0, count: 16)
        one[15] = 1
        #expect(try NetlinkFormat.prefix(one, length: 128, family: .inet6) == "::1")
        #expect(throws: NetlinkDecodeError.self) { try NetlinkFormat.prefix([1, 2, 3], length: 8, family: .inet) }
        #expect(NetlinkFormat.hardwareAddress([0x00, 0x15, 0x5D, 0xAB, 0xCD, 0xEF]) == "00:15:5d:ab:cd:ef")
    }

    @Test("flag and name tables")
    func names() {
        #expect(NetlinkNames.linkFlagNames(0x1 | 0x8 | 0x40 | 0x10000) == ["LOOPBACK", "UP", "LOWER_UP"])
        #expect(NetlinkNames.linkFlagNames(0x1 | 0x2 | 0x1000) == ["NO-CARRIER", "BROADCAST", "MULTICAST", "UP"])
        #expect(NetlinkNames.addressFlagNames(0x80 | 0x200, family: .inet) == ["permanent", "noprefixroute"])
        #expect(NetlinkNames.addressFlagNames(0x01, family: .inet6) == ["temporary", "dynamic"])
        #expect(NetlinkNames.neighbourStates(0x80) == ["PERMANENT"])
        #expect(NetlinkNames.neighbourStates(0) == ["NONE"])
        #expect(NetlinkNames.routeProtocol(2) == "kernel" && NetlinkNames.routeProtocol(77) == "77")
        #expect(NetlinkNames.linkType(0xFFFE) == "none" && NetlinkNames.linkType(9999) == "[9999]")
    }

    @Test("a hand-built RTM_NEWROUTE for the WSL loopback table decodes")
    func handBuiltRoute() throws {
        var payload: [UInt8] = [2, 32, 0, 0, 127, 2, 0, 1] + le32(0x4)  // AF_INET /32 table 127 proto kernel unicast onlink
        payload += attribute(1, [127, 0, 0, 1])          // RTA_DST
        payload += attribute(5, [169, 254, 73, 249])     // RTA_GATEWAY
        payload += attribute(4, le32(7))                 // RTA_OIF
        payload += attribute(15, le32(127))              // RTA_TABLE
        let route = try #require(try NetlinkRouteDecoder.decode(
            NetlinkMessage(type: 24, payload: payload), names: [7: "loopback0"]))
        #expect(route == Route(family: .inet, type: "unicast", destination: "127.0.0.1", table: 127,
                               gateway: "169.254.73.249", device: "loopback0", protocol_: "kernel", scope: "global",
                               flags: ["onlink"]))
        // Unknown index: named as ip names it.
        #expect(try NetlinkRouteDecoder.decode(NetlinkMessage(type: 24, payload: payload), names: [:])?.device == "if7")
        // Multicast-routing families are skipped.
        var ipmr = payload
        ipmr[0] = 128
        #expect(try NetlinkRouteDecoder.decode(NetlinkMessage(type: 24, payload: ipmr), names: [:]) == nil)
    }

    @Test("an attribute running past the message is an error naming its offset")
    func overrun() {
        let payload: [UInt8] = [2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] + [200, 0, 1, 0, 1, 2, 3, 4]
        #expect {
            _ = try NetlinkRuleDecoder.decode(NetlinkMessage(type: 32, payload: payload))
        } throws: { error in
            (error as? NetlinkDecodeError)?.message.contains("offset 12") == true
        }
    }

    @Test("random bytes never crash a decoder")
    func randomBytes() {
        var rng = SeededGenerator(seed: 0x5EED_0001)
        for _ in 0..<20_000 {
            let length = Int.random(in: 0..<160, using: &rng)
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            decodeAll(bytes)
            _ = try? NetlinkMessage(wholeMessage: bytes)
        }
    }

    @Test("mutated real messages never crash a decoder, and unmutated ones round-trip")
    func mutatedMessages() throws {
        let dumps = try NetlinkReader.collect(NetlinkSocket())
        let corpus = dumps.links + dumps.addresses + dumps.routes + dumps.rules + dumps.rules6 + dumps.neighbours
        try #require(!corpus.isEmpty)
        #expect(try NetlinkReader.decode(dumps).links.contains { $0.name == "lo" })
        var rng = SeededGenerator(seed: 0x5EED_0002)
        for _ in 0..<20_000 {
            var bytes = corpus[Int.random(in: 0..<corpus.count, using: &rng)].payload
            switch Int.random(in: 0..<4, using: &rng) {
            case 0 where !bytes.isEmpty:
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                }
            case 1:
                bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &rng)))
            case 2:
                bytes += (0..<Int.random(in: 1...40, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            default:
                // Attribute length fields (every 4 bytes after the header) set to extremes.
                if bytes.count > 16 {
                    let at = 8 + 4 * Int.random(in: 0..<((bytes.count - 10) / 4), using: &rng)
                    let value: UInt16 = [0, 1, 3, 4, 0xFFFF].randomElement(using: &rng) ?? 0
                    bytes[at] = UInt8(value & 0xFF)
                    bytes[at + 1] = UInt8(value >> 8)
                }
            }
            decodeAll(bytes)
        }
    }

    private func decodeAll(_ bytes: [UInt8]) {
        let names = [1: "lo", 2: "eth0"]
        _ = try? NetlinkLinkDecoder.decode(NetlinkMessage(type: 16, payload: bytes))
        _ = try? NetlinkAddressDecoder.decode(NetlinkMessage(type: 20, payload: bytes), names: names)
        _ = try? NetlinkRouteDecoder.decode(NetlinkMessage(type: 24, payload: bytes), names: names)
        _ = try? NetlinkRuleDecoder.decode(NetlinkMessage(type: 32, payload: bytes))
        _ = try? NetlinkNeighbourDecoder.decode(NetlinkMessage(type: 28, payload: bytes), names: names)
        _ = try? NetlinkAttributes(bytes, from: 0)
    }

    private func le32(_ value: UInt32) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }

    private func attribute(_ type: UInt16, _ payload: [UInt8]) -> [UInt8] {
        let length = UInt16(4 + payload.count)
        var bytes = withUnsafeBytes(of: length.littleEndian) { Array($0) } + withUnsafeBytes(of: type.littleEndian) { Array($0) }
        bytes += payload
        while bytes.count % 4 != 0 { bytes.append(0) }
        return bytes
    }
}
