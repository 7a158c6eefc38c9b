import Testing
import TestSupport
@testable import Gateway

/// Property tests of the one unit-file reading (`GatewayUnitReading.read`) and of `LingerState.parse`: random
/// bytes never crash them, and every unit `SystemdUnit.render` writes reads back as ours, with its port.
@Suite("unit reading properties")
struct GatewayUnitReadingPropertyTests {
    static let alphabet = Array("[]=\n \t#;\"'%\\/-_.ServiceUnitExecStartopenclawgateway--port78EX_CONFIGRestartPreventExitStatus0123456789é\u{0}")

    @Test("random unit-like text: no crash; a reading's port is one the text names or the default")
    func randomText() {
        var rng = SeededGenerator(seed: 0x5eed_0001)
        for _ in 0..<2000 {
            let length = Int.random(in: 0..<300, using: &rng)
            let text = String((0..<length).map { _ in Self.alphabet.randomElement(using: &rng)! })
            if let reading = GatewayUnitReading.read(text: text, dropIns: [text]) {
                #expect(reading.port == 18789 || text.contains(String(reading.port)), "\(text.debugDescription)")
            }
            _ = LingerState.parse(text)
        }
    }

    @Test("render then read: ours, with the port, restart-on-78 prevented, for any port and executable path")
    func roundTrip() {
        var rng = SeededGenerator(seed: 42)
        for _ in 0..<500 {
            let port = UInt16.random(in: 1...UInt16.max, using: &rng)
            let directory = ["/usr/bin", "/opt/open claw/bin", "/home/u/50%/bin", "/srv/\"q\""].randomElement(using: &rng)!
            let state = Bool.random(using: &rng) ? nil : "/var/lib/openclaw state"
            let text = SystemdUnit.render(executable: directory + "/openclaw", port: port, stateDirectory: state)
            #expect(GatewayUnitReading.read(text: text) == GatewayUnitReading(port: port, preventsRestartOn78: true, writtenByInstall: true),
                    "\(text)")
        }
    }
}
