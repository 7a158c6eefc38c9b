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
        #expect(limiter.blocked(peer: "127.0.0.1", now: .seconds(10)) == .peer(.seconds(50)))
        #expect(limiter.blocked(peer: "::1", now: .seconds(10)) == nil)
        #expect(limiter.blocked(peer: "127.0.0.1", now: .milliseconds(59_999)) == .peer(.milliseconds(1)))
        // At 60 s the failure of second 0 has left the window: 9 remain, the peer may try again.
        #expect(limiter.blocked(peer: "127.0.0.1", now: .seconds(60)) == nil)
        limiter.recordFailure(peer: "127.0.0.1", now: .seconds(60))
        #expect(limiter.blocked(peer: "127.0.0.1", now: .seconds(60)) == .peer(.seconds(1)))
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

    @Test("a peer rotating its address (127.0.0.N) gets no more than the global budget; then every peer is refused until the window moves")
    func limiterGlobal() {
        var limiter = AuthFailureLimiter(maxFailures: 10, maxGlobalFailures: 100, window: .seconds(60))
        var failed = 0
        var refused: [AuthFailureLimiter.Block] = []
        for n in 0..<1990 {
            let peer = "127.0.\(n / 250).\(n % 250 + 1)"
            let now = Duration.milliseconds(n / 3)  // 1,990 attempts in 0.7 s, as in issue 23 item 8
            if let block = limiter.admit(peer: peer, now: now) { refused.append(block) } else { failed += 1 }
        }
        #expect(failed == 100 && limiter.globalFailures == 100)
        #expect(refused.count == 1890 && refused.allSatisfy { if case .global = $0 { return true } else { return false } })
        // A legitimate peer (never failed) is refused too while the budget is spent, for the rest of the window.
        #expect(limiter.blocked(peer: "192.0.2.7", now: .seconds(1)) == .global(.seconds(59)))
        // The first failures were at 0 ms: at 60 s they leave the window and attempts are admitted again.
        #expect(limiter.admit(peer: "192.0.2.7", now: .seconds(60)) == nil)
    }

    @Test("peers are counted by IPv4 address and by IPv6 /64 prefix: rotating inside a /64 shares one allowance")
    func peerKeys() {
        #expect(AuthFailureLimiter.peerKey("127.0.0.7") == "127.0.0.7")
        #expect(AuthFailureLimiter.peerKey("::ffff:127.0.0.7") == "127.0.0.7")
        #expect(AuthFailureLimiter.peerKey("::1") == "::/64")
        #expect(AuthFailureLimiter.peerKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd") == "2001:db8:1:2::/64")
        #expect(AuthFailureLimiter.peerKey("2001:DB8:1:2::9") == "2001:db8:1:2::/64")
        #expect(AuthFailureLimiter.peerKey("fe80::1") == "fe80::/64")
        #expect(AuthFailureLimiter.peerKey("unknown") == "unknown")
        var limiter = AuthFailureLimiter(maxFailures: 3, maxGlobalFailures: 100, window: .seconds(60))
        for i in 1...3 { #expect(limiter.admit(peer: "2001:db8:1:2::\(i)", now: .seconds(i)) == nil) }
        #expect(limiter.admit(peer: "2001:db8:1:2:ffff::42", now: .seconds(4)) == .peer(.seconds(57)))
        #expect(limiter.admit(peer: "2001:db8:1:3::1", now: .seconds(4)) == nil, "another /64 has its own allowance")
        limiter.refund(peer: "2001:db8:1:2::77", at: .seconds(2))
        #expect(limiter.blocked(peer: "2001:db8:1:2::1", now: .seconds(5)) == nil, "a refund is keyed the same way")
    }

    @Test("admitted attempts count at once and a refund takes one back: concurrent attempts never exceed a budget together")
    func limiterAdmitRefund() {
        var limiter = AuthFailureLimiter(maxFailures: 3, maxGlobalFailures: 5, window: .seconds(60))
        // Three attempts of one peer admitted before any is judged: the fourth is refused at once.
        for i in 0..<3 { #expect(limiter.admit(peer: "a", now: .milliseconds(i)) == nil) }
        #expect(limiter.admit(peer: "a", now: .milliseconds(3)) == .peer(.milliseconds(59_997)))
        // One of them was right (or no auth attempt): refunded, so "a" may try once more.
        limiter.refund(peer: "a", at: .milliseconds(1))
        #expect(limiter.blocked(peer: "a", now: .milliseconds(4)) == nil)
        #expect(limiter.admit(peer: "a", now: .milliseconds(4)) == nil)
        // Global: "a" holds 3, two more peers fill the 5; a sixth peer is refused globally.
        #expect(limiter.admit(peer: "b", now: .milliseconds(5)) == nil)
        #expect(limiter.admit(peer: "c", now: .milliseconds(6)) == nil)
        #expect(limiter.admit(peer: "d", now: .milliseconds(7)) == .global(.milliseconds(59_993)))
        limiter.refund(peer: "c", at: .milliseconds(6))
        #expect(limiter.admit(peer: "d", now: .milliseconds(8)) == nil)
        // A refund of an attempt that is not recorded changes nothing.
        limiter.refund(peer: "zz", at: .milliseconds(99))
        #expect(limiter.globalFailures == 5)
    }

    @Test("the global count stays bounded and is not forgotten with the peer table")
    func limiterGlobalBounded() {
        var limiter = AuthFailureLimiter(maxFailures: 10, maxGlobalFailures: 4, window: .seconds(60), maxPeers: 2)
        for (i, peer) in ["a", "b", "c", "d", "e", "f"].enumerated() { limiter.recordFailure(peer: peer, now: .seconds(i)) }
        #expect(limiter.trackedPeers == 2 && limiter.globalFailures == 4)
        #expect(limiter.blocked(peer: "new", now: .seconds(6)) == .global(.seconds(56)))
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

    @Test("a token needs 16 bytes, beyond loopback and on loopback alike; the refusal names the minimum, never the token")
    func tokenStrength() throws {
        let sixteen = TokenSetting(value: "secret-token-16b", source: "--token")
        #expect(sixteen.value.utf8.count == 16)
        #expect(TokenPolicy.strengthRefusal(sixteen, bindAddresses: ["0.0.0.0"]) == nil)
        #expect(TokenPolicy.strengthRefusal(sixteen, bindAddresses: ["127.0.0.1", "::1"]) == nil)
        let fifteen = TokenSetting(value: "fifteen-bytes!!", source: "--token")
        let open = try #require(TokenPolicy.strengthRefusal(fifteen, bindAddresses: ["127.0.0.1", "0.0.0.0"]))
        #expect(open.message.contains("0.0.0.0 with a token of 15 bytes from --token") && open.message.contains("at least 16 bytes"))
        #expect(!open.message.contains(fifteen.value) && !open.fix.contains(fifteen.value))
        for loopback in [["127.0.0.1", "::1"], ["127.0.0.2"], ["::1"]] {
            let refusal = try #require(TokenPolicy.strengthRefusal(fifteen, bindAddresses: loopback), "\(loopback)")
            #expect(refusal.message.hasPrefix("Refusing a token of 15 bytes from --token: a token needs at least 16 bytes, on loopback too"))
            #expect(!refusal.message.contains(fifteen.value) && !refusal.fix.contains(fifteen.value))
        }
        // Bytes, not characters: 6 characters of 3 bytes each are 18 bytes.
        #expect(TokenPolicy.strengthRefusal(TokenSetting(value: "\u{20AC}\u{20AC}\u{20AC}\u{20AC}\u{20AC}\u{20AC}", source: "--token"), bindAddresses: ["127.0.0.1"]) == nil)
        #expect(TokenPolicy.blankRefusal(TokenSetting(value: "x", source: "--token")) == nil)
        #expect(TokenPolicy.blankRefusal(nil) == nil && TokenPolicy.strengthRefusal(nil, bindAddresses: ["0.0.0.0"]) == nil)
    }
}
