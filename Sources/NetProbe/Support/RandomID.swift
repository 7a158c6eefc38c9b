/// Random identifiers (instance ids, connection ids, nonces) from the system CSPRNG (`getrandom(2)`).
public enum RandomID {
    /// `bytes` random bytes as lowercase hex (one `getrandom(2)` per 8 bytes, no intermediate strings).
    public static func hex(bytes: Int = 16) -> String {
        var generator = SystemRandomNumberGenerator()
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes * 2)
        var word: UInt64 = 0
        for index in 0..<bytes {
            if index % 8 == 0 { word = generator.next() }
            let byte = UInt8(truncatingIfNeeded: word)
            word >>= 8
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
