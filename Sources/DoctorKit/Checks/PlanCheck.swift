import Gateway
import NetProbe

/// `gateway.plan`: the strategy and bind addresses the gateway would choose here, and why.
///
/// ok: a plan (its reasons in the detail); fail: the configuration is refused (the gateway would exit 78), with the
/// refusal's one fix (`PlanRefusal.fix`, chosen where the refusal is made; it names `openclaw.json` when the bad
/// value came from there). Read from `view.plan`: the same sequence as `gateway run` (blank token, planner, token
/// strength).
enum PlanCheck {
    static let id = "gateway.plan"

    static let check = DoctorCheck(
        id: id, summary: "The instance-check strategy and bind addresses the gateway would choose here, and why"
    ) { inputs in
        switch inputs.plan {
        case .success(let plan):
            let endpoints = plan.bindAddresses.map { IPAddressText.hostPort($0, plan.port) }.joined(separator: ", ")
            return CheckResult(id: id, status: .ok, title: "\(plan.strategy.rawValue) on \(endpoints)",
                               detail: plan.reasons, data: JSONValue(encoding: plan))
        case .failure(let refusal):
            return CheckResult(id: id, status: .fail, title: refusal.message,
                               detail: ["`openclaw gateway run` with this configuration exits 78 (configuration refused)"],
                               fix: refusal.fix,
                               data: ["refused": .string(refusal.message)])
        }
    }
}
