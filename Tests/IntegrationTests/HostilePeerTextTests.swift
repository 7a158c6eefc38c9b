import Foundation
import Gateway
import Testing
import TestSupport

/// Issue 23 item 6: a fake gateway on the port (`FakeGatewayPeer`, a Python program holding the lock with forged metadata and
/// answering the WebSocket challenge and the identity endpoint) whose `instanceId`, `version` and `startedAt` hold
/// terminal escapes (`ESC ] 0 ; ... BEL`, `ESC [ 2 J`, the C1 CSI). `openclaw gateway run|status|probe|stop`, text and
/// JSON, must never write one raw: one escaping rule (`TerminalText`) for every string from outside. The sec2 re-attack
/// added a line feed starting a forged line and U+202E (bidirectional override): neither reaches the terminal.
extension GatewayEndToEndTests {
    /// What the hostile peer claims: terminal escapes (`ESC ] 0 ; ... BEL`, `ESC [ 2 J`, the C1 CSI) in every text.
    static let hostileClaims: FakeGatewayPeer.Claims = {
        // sec2 re-attack: a line feed that would start a forged line, and U+202E RIGHT-TO-LEFT OVERRIDE.
        let evil = "\u{1B}]0;PWNED\u{07}\u{1B}[2J\u{9B}31m\nFORGED: verified (pid 1)\u{202E}"
        return FakeGatewayPeer.Claims(instanceId: "id" + evil, strategy: "pidfile" + evil, version: "v" + evil, startedAt: "t" + evil)
    }()

    @Test("issue 23 item 6: a peer's terminal escapes never reach the terminal from gateway run, status, probe or stop (text and --json)")
    func hostilePeerText() async throws {
        try Self.requireBinary()
        let gw = Gateway()
        let lockDirectory = gw.stateDir + "/run"
        try FileManager.default.createDirectory(atPath: lockDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let peer = try SpawnedChild.start("/usr/bin/env", ["python3"] + FakeGatewayPeer.arguments(
            port: gw.port, claims: Self.hostileClaims, lockPath: lockDirectory + "/gateway-\(gw.port).lock"),
                                          environment: ChildEnvironment.clean())
        defer { peer.terminate() }
        #expect(await peer.waitForOutput("ready"), "the fake gateway did not start: \(peer.stderr)")
        func raw(_ text: String) -> Bool {
            text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || ($0.value >= 0x7F && $0.value <= 0x9F) || $0 == "\u{202E}" }
                || text.split(separator: "\n").contains { $0.hasPrefix("FORGED") }
        }
        var sawPeerText = false
        for arguments in [["gateway", "status"], ["gateway", "status", "--json"], ["gateway", "probe"], ["gateway", "probe", "--json"],
                          ["gateway", "stop", "--timeout", "1"], ["gateway", "run"]] {
            let result = try await gw.command(arguments)
            #expect(!raw(result.out) && !raw(result.err), "\(arguments): \(result.out.debugDescription) \(result.err.debugDescription)")
            if result.out.contains("PWNED") || result.err.contains("PWNED") { sawPeerText = true }
        }
        #expect(sawPeerText, "the peer's strings reached some output (escaped), so the check above means something")
        #expect(peer.isRunning, "stop did not signal an unverified holder")
    }
}
