import Testing
@testable import Gateway
@testable import GatewayServer

/// Issue 10 items 1-3: the failed-auth limiter, the connection budget and the token policy, with injected clocks
/// and limits.
@Suite("Admission limits")
struct AdmissionLimitsTests {
    @Test("10 failures in 60 s block a peer until its oldest failure leaves the window; other peers are untouched")
    func limiter() {
        var limiter = AuthFailureLimiter()
        for second in 0..<9 { limiter.recordFailure(peer: "127.0.0.1", now: .seconds(second)) }
        #expect(limiter.blocked(peer: "127.0.0.1", now: .seconds(9)) == nil)
        limiter.recordFailure(peer: "127.0.0.1", now: .seconds(9))
        #expect(limiter.blocked(peer: "127.0.0.1", now: .seconds(10)) == .seconds(50))
        #expect(limiter.blocked(peer: "::1", now: .seconds(10)) == nil)
        #expect(limiter.blocked(peer: "127.0.0.1", now: .milliseconds(59_999)) == .milliseconds(1))
        // At 60 s the failure of second 0 has left the window: 9 remain, the peer may try again.
        #expect(limiter.blocked(peer: "127.0.0.1", now: .seconds(60)) == nil)
        limiter.recordFailure(peer: "127.0.0.1", now: .seconds(60))
        #expect(limiter.blocked(peer: "127.0.0.1", now: .seconds(60)) == .seconds(1))
        #expect(limiter.blocked(peer: "127.0.0.1", now: .seconds(200)) == nil)
        #expect(limiter.trackedPeers == 0)
    }

    @Test("the peer table is bounded: the peer whose last failure is oldest is forgotten")
    func limiterBounded() {
        var limiter = AuthFailureLimiter(maxFailures: 2, window: .seconds(60), maxPeers: 3)
        for (i, peer) in ["a", "b", "c", "d"].enumerated() { limiter.recordFailure(peer: peer, now: .seconds(i)) }
        #expect(limiter.trackedPeers == 3)
        limiter.recordFailure(peer: "a", now: .seconds(5))
        #expect(limiter.blocked(peer: "a", now: .seconds(5)) == nil, "a was forgotten, so this is its first failure")
        limiter.recordFailure(peer: "d", now: .seconds(6))
        #expect(limiter.blocked(peer: "d", now: .seconds(6)) != nil)
    }

    @Test("the connection budget keeps a reserve below the soft limit", arguments: [
        (1024, 20, 846, 94),
        (256, 20, 155, 17),
        (100, 20, 8, 8),
        (80, 20, 0, 0),
        (1 << 20, 20, 1_047_468, 1024),
    ])
    func budget(_ soft: Int, _ inUse: Int, _ serve: Int, _ reserve: Int) {
        let budget = ConnectionBudget.plan(softLimit: soft, descriptorsInUse: inUse)
        #expect(budget == ConnectionBudget(serve: serve, reserve: reserve))
        #expect(budget.serve + budget.reserve + inUse + ConnectionBudget.margin <= max(soft, inUse + ConnectionBudget.margin))
    }

    @Test("admission: served, then reserve, then shed")
    func admission() {
        let budget = ConnectionBudget(serve: 3, reserve: 2)
        #expect((1...7).map { budget.admission(open: $0) } == [.serve, .serve, .serve, .reserve, .reserve, .shed, .shed])
    }

    @Test("a blank token is refused from every source, and its value never appears", arguments: ["", " ", "\t\n", "\u{3000}"])
    func blankTokens(_ value: String) throws {
        for source in ["--token", "OPENCLAW_GATEWAY_TOKEN", "gateway.auth.token in /s/openclaw.json"] {
            let refusal = try #require(TokenPolicy.blankRefusal(TokenSetting(value: value, source: source)))
            #expect(refusal.message.hasPrefix("Refusing a blank token from \(source):"))
        }
    }

    @Test("beyond loopback a token needs 16 bytes; on loopback any non-blank token will do")
    func tokenStrength() throws {
        let short = TokenSetting(value: "secret-token-15b", source: "--token")
        #expect(short.value.utf8.count == 16)
        #expect(TokenPolicy.strengthRefusal(short, bindAddresses: ["0.0.0.0"]) == nil)
        let fifteen = TokenSetting(value: "fifteen-bytes!!", source: "--token")
        let refusal = try #require(TokenPolicy.strengthRefusal(fifteen, bindAddresses: ["127.0.0.1", "0.0.0.0"]))
        #expect(refusal.message.contains("0.0.0.0 with a token of 15 bytes from --token") && !refusal.message.contains(fifteen.value))
        #expect(TokenPolicy.strengthRefusal(fifteen, bindAddresses: ["127.0.0.1", "::1"]) == nil)
        #expect(TokenPolicy.blankRefusal(TokenSetting(value: "x", source: "--token")) == nil)
        #expect(TokenPolicy.blankRefusal(nil) == nil && TokenPolicy.strengthRefusal(nil, bindAddresses: ["0.0.0.0"]) == nil)
    }
}
