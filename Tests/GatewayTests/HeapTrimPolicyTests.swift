import Testing
@testable import Gateway
@testable import GatewayServer

@Suite("Heap trim policy")
struct HeapTrimPolicyTests {
    /// Opens connections up to `peak`, then closes them down to zero; the open counts at which a trim was asked.
    static func burst(_ policy: inout HeapTrimPolicy, peak: Int) -> [Int] {
        for open in 1...peak { policy.opened(open: open) }
        return (0..<peak).reversed().filter { policy.closed(open: $0) }
    }

    @Test("trims once when the open connections fall to zero after a burst; not after a few; again after the next burst")
    func trims() {
        var policy = HeapTrimPolicy()
        let few = Self.burst(&policy, peak: 3)
        #expect(few.isEmpty)
        let first = Self.burst(&policy, peak: HeapTrimPolicy.burst)
        #expect(first == [0])
        let again = policy.closed(open: 0)
        #expect(!again)
        let small = Self.burst(&policy, peak: 1)
        #expect(small.isEmpty)
        let next = Self.burst(&policy, peak: HeapTrimPolicy.burst + 10)
        #expect(next == [0])
    }
}
