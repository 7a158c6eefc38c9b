/// Random identifiers (instance ids, connection ids, nonces) from the system CSPRNG (`getrandom(2)`).
public enum RandomID {
    /// `bytes` random bytes as lowercase hex.
    public static func hex(bytes: Int = 16) -> String {
        var generator = SystemRandomNumberGenerator()
        var out = ""
        for _ in 0..<bytes {
            let b = UInt8.random(in: 0...255, using: &generator)
            out += String(b >> 4, radix: 16) + String(b & 0xf, radix: 16)
        }
        return out
    }
}
