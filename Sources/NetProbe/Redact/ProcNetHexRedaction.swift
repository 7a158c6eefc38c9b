/// Redacts the hex-encoded addresses of `/proc/net/tcp` and `/proc/net/tcp6` rows
/// (`0100007F:1F90`: each 32-bit word in host byte order, little-endian here).
enum ProcNetHexRedaction {
    static func redact(_ text: String, scramble: (String) -> String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var fields = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            var seen = 0
            for i in fields.indices where !fields[i].isEmpty {
                seen += 1
                guard seen == 2 || seen == 3 else { continue }
                fields[i] = redactEndpoint(fields[i], scramble: scramble)
            }
            return fields.joined(separator: " ")
        }.joined(separator: "\n")
    }

    private static func redactEndpoint(_ endpoint: String, scramble: (String) -> String) -> String {
        let parts = endpoint.split(separator: ":")
        guard parts.count == 2, let words = decodeWords(String(parts[0])) else { return endpoint }
        let text: String
        if words.count == 1 {
            text = IPv4Bits(value: UInt32(bigEndian: words[0])).text
        } else {
            let high = UInt64(UInt32(bigEndian: words[0])) << 32 | UInt64(UInt32(bigEndian: words[1]))
            let low = UInt64(UInt32(bigEndian: words[2])) << 32 | UInt64(UInt32(bigEndian: words[3]))
            text = IPv6Bits(high: high, low: low).text
        }
        let mapped = scramble(text)
        let encoded: [UInt32]
        if let v4 = IPv4Bits(mapped), words.count == 1 {
            encoded = [v4.value.bigEndian]
        } else if let v6 = IPv6Bits(mapped), words.count == 4 {
            encoded = [UInt32(v6.high >> 32), UInt32(truncatingIfNeeded: v6.high), UInt32(v6.low >> 32),
                       UInt32(truncatingIfNeeded: v6.low)].map { $0.bigEndian }
        } else {
            return endpoint
        }
        return encoded.map { hex8($0) }.joined() + ":" + parts[1]
    }

    /// Each 8-hex-digit group read as the kernel printed it (`%08X` of the in-memory word).
    private static func decodeWords(_ hex: String) -> [UInt32]? {
        guard hex.count == 8 || hex.count == 32 else { return nil }
        var words: [UInt32] = []
        var rest = Substring(hex)
        while !rest.isEmpty {
            guard let w = UInt32(rest.prefix(8), radix: 16) else { return nil }
            words.append(w)
            rest = rest.dropFirst(8)
        }
        return words
    }

    private static func hex8(_ w: UInt32) -> String {
        let s = String(w, radix: 16, uppercase: true)
        return String(repeating: "0", count: 8 - s.count) + s
    }
}
