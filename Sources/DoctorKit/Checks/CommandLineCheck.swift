import Gateway
import NetProbe

/// `gateway.cmdline`: a secret on the command line of the port's listeners or of the lock's verified holder.
/// `/proc/PID/cmdline` is readable by every local user, so `--token X` hands the token to every account (they can
/// log in with it). The value is never shown: the argv is read through `SecretMasking.maskArguments`.
///
/// ok: no secret in those command lines; fail: one holds a secret value; warn: one was given `--token` but the
/// gateway overwrote the value at start (`xxxx`: readable until then, and still in shell history or a unit file).
enum CommandLineCheck {
    static let id = "gateway.cmdline"

    static let check = DoctorCheck(
        id: id, summary: "No secret (--token, *_TOKEN=, passwords) on a running gateway's command line, which every local user can read",
        liveSources: [.holderCommandLines]
    ) { inputs in
        if case .notGathered(let why) = inputs.live.holderCommandLines {
            return CheckResult(id: id, status: .skip, title: "command lines not read: \(why)")
        }
        guard case .value(let holders) = inputs.live.holderCommandLines else {
            let why = inputs.live.holderCommandLines.problem ?? "unknown"
            return CheckResult(id: id, status: .warn, title: "command lines not read: \(why)", data: ["error": .string(why)])
        }
        var exposed: [(HolderCommandLine, [CommandLineExposure])] = []
        for holder in holders where !holder.exposures.isEmpty { exposed.append((holder, holder.exposures)) }
        guard !exposed.isEmpty else {
            return CheckResult(id: id, status: .ok,
                               title: holders.isEmpty ? "no command line to check: no process listens on port \(inputs.port), and no verified gateway holds its lock"
                                   : "no secret on the command line of \(holders.map { "pid \($0.pid)" }.joined(separator: ", "))",
                               data: ["pids": .array(holders.map { .number(Double($0.pid)) })])
        }
        let readable = exposed.filter { $0.1.contains { !$0.wiped } }
        var detail: [String] = []
        for (holder, found) in exposed {
            let masked = holder.maskedArguments.joined(separator: " ")
            let kinds = found.map { $0.wiped ? "\($0.name) (value overwritten at start)" : $0.name }.joined(separator: ", ")
            detail.append("pid \(holder.pid) (\(holder.role)): \(kinds): \(masked)")
        }
        let first = (readable.first ?? exposed[0]).0
        let fix = "start the gateway with --token-file PATH (a file of mode 600) or OPENCLAW_GATEWAY_TOKEN in a private "
            + "EnvironmentFile= (openclaw gateway install writes one), not --token; then change the token, which other "
            + "users may have read"
        if !readable.isEmpty {
            return CheckResult(id: id, status: .fail,
                               title: "the command line of pid \(first.pid) (\(first.role)) holds a secret that every local user can read in /proc/\(first.pid)/cmdline",
                               detail: detail, fix: fix,
                               data: ["pids": .array(readable.map { .number(Double($0.0.pid)) }), "wiped": false], path: "/proc/\(first.pid)/cmdline")
        }
        return CheckResult(id: id, status: .warn,
                           title: "pid \(first.pid) (\(first.role)) was given a secret on its command line; the gateway overwrote it at start, but it was readable until then",
                           detail: detail, fix: fix,
                           data: ["pids": .array(exposed.map { .number(Double($0.0.pid)) }), "wiped": true], path: "/proc/\(first.pid)/cmdline")
    }
}

