import Glibc
import Testing
import TestSupport
@testable import NetProbe

/// `IPAddress`: its text reads back to it and is glibc's `inet_ntop(3)`'s, and it accepts exactly what glibc's
/// `inet_pton(3)` accepts, with the same bytes.
@Suite("IP address")
struct IPAddressTests {
    static func pton(_ text: String) -> [UInt8]? {
        var v4 = in_addr(), v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: v4) { Array($0) } }
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: v6) { Array($0) } }
        return nil
    }

    static func ntop(_ bytes: [UInt8]) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let ok = bytes.withUnsafeBytes { inet_ntop(bytes.count == 4 ? AF_INET : AF_INET6, $0.baseAddress, &buffer, socklen_t(buffer.count)) != nil }
        return ok ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : nil
    }

    @Test("random bytes: parse(text(x)) == x, text(x) is inet_ntop's, and inet_pton reads it to the same bytes (seeded, 20000)")
    func textRoundTrips() throws {
        var generator = SeededGenerator(seed: 0x1B)
        for _ in 0..<20000 {
            let v6 = generator.next() % 2 == 0
            var bytes = (0..<(v6 ? 16 : 4)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            // Zero runs, mapped and loopback shapes are where the text form has its rules.
            for index in bytes.indices where generator.next() % 3 == 0 { bytes[index] = 0 }
            if v6, generator.next() % 5 == 0 { bytes.replaceSubrange(0..<12, with: Array(repeating: 0, count: 10) + [0xFF, 0xFF]) }
            if v6, generator.next() % 7 == 0 { bytes.replaceSubrange(0..<12, with: Array(repeating: 0, count: 12)) }
            let address = try #require(IPAddress(bytes: bytes))
            #expect(try IPAddress(parsing: address.text) == address, "\(address.text)")
            #expect(Self.pton(address.text) == bytes, "\(address.text)")
            #expect(address.text == Self.ntop(bytes), "\(bytes)")
        }
    }

    @Test("random texts: accepted exactly where inet_pton accepts, with its bytes (seeded, 50000)")
    func agreesWithInetPton() {
        let pieces = ["0", "1", "00", "01", "255", "256", "ffff", "FfFf", "12345", "a", "g", ".", ":", "::", "%eth0", " ", "1.2.3.4", "127"]
        var generator = SeededGenerator(seed: 0x1A)
        var accepted = 0
        for _ in 0..<50000 {
            let text = (0..<Int(generator.next() % 10)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            let mine = IPAddress(text)
            #expect(mine?.bytes == Self.pton(text), "\(text.debugDescription)")
            if mine != nil { accepted += 1 }
        }
        #expect(accepted > 500, "\(accepted)")
    }

    @Test("classification and text: loopback, unspecified, link-local, RFC 5952")
    func examples() throws {
        #expect(IPAddress("127.5.0.1")?.isLoopback == true && IPAddress("::1")?.isLoopback == true)
        #expect(IPAddress("::ffff:127.0.0.1")?.isLoopback == true && IPAddress("::2")?.isLoopback == false)
        #expect(IPAddress("0.0.0.0")?.isUnspecified == true && IPAddress("::")?.isUnspecified == true)
        #expect(IPAddress("169.254.1.1")?.isLinkLocal == true && IPAddress("FE80::1")?.isLinkLocal == true && IPAddress("fec0::1")?.isLinkLocal == false)
        #expect(IPAddress("2001:DB8:0:0:1:0:0:1")?.text == "2001:db8::1:0:0:1")
        #expect(IPAddress("2001:db8:0:1:1:1:1:1")?.text == "2001:db8:0:1:1:1:1:1")
        #expect(IPAddress("::FFFF:7F00:1")?.text == "::ffff:127.0.0.1")
        #expect(IPAddress("::c000:201")?.text == "::192.0.2.1" && IPAddress("::1:0")?.text == "::0.1.0.0")
        #expect(IPAddress("0::1")?.text == "::1" && IPAddress("::102")?.text == "::102")
        #expect(throws: IPAddressParseError(kind: .badOctet, offset: 4)) { try IPAddress(parsing: "1.256.0.0") }
        #expect(throws: IPAddressParseError(kind: .unexpectedCharacter, offset: 6)) { try IPAddress(parsing: "fe80::%eth0") }
        #expect(throws: IPAddressParseError(kind: .secondDoubleColon, offset: 5)) { try IPAddress(parsing: "1::2::3") }
    }
}
