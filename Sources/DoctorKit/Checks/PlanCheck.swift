import Gateway
import NetProbe

/// `gateway.plan`: the strategy and bind addresses the gateway would choose here, and why.
///
/// ok: a plan (its reasons in the detail); fail: the configuration is refused (the gateway would exit 78).
enum PlanCheck {
    static let id = "gateway.plan"

    static let check = DoctorCheck(
        id: id, summary: "The instance-check strategy and bind addresses the gateway would choose here, and why"
    ) { inputs in
        switch inputs.plan {
        case .success(let plan):
            let endpoints = plan.bindAddresses.map { IPAddressText.hostPort($0, plan.port) }.joined(separator: ", ")
            return CheckResult(id: id, status: .ok, title: "\(plan.strategy.rawValue) on \(endpoints)",
                               detail: plan.reasons, data: .from(plan))
        case .failure(let refusal):
            return CheckResult(id: id, status: .fail, title: refusal.message,
                               detail: ["`openclaw gateway run` with this configuration exits 78 (configuration refused)"],
                               fix: PlanRefusalHint.hint(for: refusal),
                               data: ["refused": .string(refusal.message)])
        }
    }
}

/// A fix hint for a planner refusal, chosen by what the refusal is about.
enum PlanRefusalHint {
    static func hint(for refusal: PlanRefusal) -> String {
        if refusal.message.contains("blank token") {
            return "set a token of at least \(TokenPolicy.minimumBytesBeyondLoopback) bytes: export OPENCLAW_GATEWAY_TOKEN=\"$(openssl rand -hex 32)\", or unset OPENCLAW_GATEWAY_TOKEN for a loopback-only gateway"
        }
        if refusal.message.contains("without auth") {
            return "export OPENCLAW_GATEWAY_TOKEN=\"$(openssl rand -hex 32)\" (or --token), or use --bind loopback"
        }
        if refusal.message.contains("--bind-host") {
            return "use --bind custom --bind-host ADDRESS with an IP address literal, or drop --bind-host"
        }
        return "correct --bind / --bind-host (see `openclaw gateway run --help`)"
    }
}
