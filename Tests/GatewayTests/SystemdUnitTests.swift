import Testing
@testable import Gateway
@testable import GatewayServer

@Suite("systemd unit")
struct SystemdUnitTests {
    @Test("restart policy and ExecStart")
    func unit() {
        let text = SystemdUnit.render(executable: "/opt/open claw/openclaw", port: 18790, stateDirectory: "/srv/state")
        for line in ["Restart=always", "RestartSec=5", "RestartPreventExitStatus=78",
                     "ExecStart=\"/opt/open claw/openclaw\" gateway run --port 18790 --state-dir /srv/state",
                     "StartLimitBurst=5", "StartLimitIntervalSec=60", "TimeoutStopSec=10",
                     "WantedBy=default.target"] {
            #expect(text.contains(line + "\n"), "missing \(line)")
        }
        #expect(!text.contains("network-online.target"), "a user manager has no network-online.target")
        #expect(SystemdUnit.quote("50%") == "50%%")
    }
}
