/// SplitMix64: the one small seeded generator of the property and fuzz tests, so a failure reproduces from its seed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `count` random bytes.
    public mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &self) }
    }

    /// `input` with a few random byte flips, insertions, deletions or truncations.
    public mutating func mutate(_ input: [UInt8]) -> [UInt8] {
        var out = input
        for _ in 0..<Int.random(in: 1...4, using: &self) {
            switch Int.random(in: 0..<4, using: &self) {
            case 0 where !out.isEmpty:
                out[Int.random(in: 0..<out.count, using: &self)] = UInt8.random(in: .min ... .max, using: &self)
            case 1:
                out.insert(UInt8.random(in: .min ... .max, using: &self), at: Int.random(in: 0...out.count, using: &self))
            case 2 where !out.isEmpty:
                out.remove(at: Int.random(in: 0..<out.count, using: &self))
            case 3:
                out = Array(out.prefix(Int.random(in: 0...out.count, using: &self)))
            default:
                break
            }
        }
        return out
    }
}
