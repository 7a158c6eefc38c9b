import Gateway
import NetProbe

/// `gateway.reach`: who reaches the gateway from Linux (127.0.0.1, ::1, 127.0.0.2, the LAN address) and from Windows
/// (through interop: 127.0.0.1, ::1, localhost, the VM's address under NAT), and why not, in WSL's terms.
///
/// Reads `view.reach` (`ReachMatrix`: every cell judged once, its lines, headline and JSON), never the raw probes.
/// Status: the matrix's (the worst cell's; a finding is at least `warn`); `skip` when nothing was tried or the probes
/// were not gathered; `fail` when they failed or passed their time limit.
enum ReachCheck {
    static let id = "gateway.reach"

    static let check = DoctorCheck(
        id: id, summary: "Who reaches the gateway from Linux, from Windows (curl.exe through interop) and from the LAN, and why not",
        liveSources: [.reach, .lock, .portOwners]
    ) { inputs in
        switch inputs.live.reach {
        case .value: break
        case .notGathered(let why):
            return CheckResult(id: id, status: .skip, title: "the reachability probes were not run: \(why)", data: ["reason": .string(why)])
        case .failed, .timedOut:
            let why = inputs.live.reach.problem ?? "failed"
            return CheckResult(id: id, status: .fail, title: "the reachability probes did not finish: \(why)", data: ["error": .string(why)])
        }
        let matrix = inputs.view.reach
        let status: CheckStatus
        switch matrix.status {
        case .ok: status = .ok
        case .info: status = .info
        case .warn: status = .warn
        case .fail: status = .fail
        case .notTried: status = .skip
        }
        return CheckResult(id: id, status: status, title: matrix.headline, detail: matrix.lines(),
                           fix: status == .ok || status == .skip ? nil : matrix.fix, data: matrix.json)
    }
}
