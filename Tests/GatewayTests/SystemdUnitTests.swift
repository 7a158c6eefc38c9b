import NetProbe
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

    // Issue 23 item 5: a token on `ExecStart=` would be in /proc/PID/cmdline of the service for every local user.
    // `render` takes no argument a token could travel in; the token comes from OPENCLAW_GATEWAY_TOKEN in a private
    // EnvironmentFile= or from openclaw.json.
    @Test("item 5: ExecStart= never holds a secret, whatever the paths (the masking rule finds none)")
    func noTokenInExecStart() {
        for state in [nil, "/srv/state", "/home/a b/.openclaw", "/x/token=abc", "/y/--token"] as [String?] {
            let text = SystemdUnit.render(executable: "/usr/bin/openclaw", port: 18789, stateDirectory: state)
            let execStart = text.split(separator: "\n").first { $0.hasPrefix("ExecStart=") }.map(String.init) ?? ""
            #expect(!execStart.isEmpty)
            #expect(!execStart.contains("--token ") && !execStart.contains("--token-file"), "\(execStart)")
            #expect(text.contains("EnvironmentFile="), "the unit says where a token belongs")
        }
    }
}
