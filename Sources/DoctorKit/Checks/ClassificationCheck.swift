import NetProbe

/// `env.classification`: the verdict with its confidence and evidence.
///
/// ok: a known kind with medium or high confidence; info: WSL2 whose networking mode is unknown;
/// warn: an unknown kind or low confidence (the gateway then plays safe and uses the pidfile strategy).
enum ClassificationCheck {
    static let id = "env.classification"

    static let check = DoctorCheck(
        id: id, summary: "What this machine is (native, container, WSL1, WSL2 and its networking mode), with evidence"
    ) { inputs in
        let v = inputs.verdict
        let status: CheckStatus
        switch (v.kind, v.confidence) {
        case (.unknown, _), (_, .low): status = .warn
        case (.wsl2, _) where (v.wslNetworkingMode ?? .unknown) == .unknown: status = .info
        default: status = .ok
        }
        let detail = v.evidence.map { e in
            "\(e.stance.rawValue) \(e.claim): \(e.signal) = \(e.observed) (\(e.source))"
        }
        let fix: String?
        if status == .ok {
            fix = nil
        } else if inputs.isLive {
            fix = "attach the output of `openclaw-doctor capture` (redacted) to a bug report so the classifier can learn this machine"
        } else {
            fix = "run `openclaw-doctor capture` on the machine itself (not a pasted fragment) so every signal is read"
        }
        return CheckResult(id: id, status: status, title: v.summary, detail: detail, fix: fix, data: JSONValue(encoding: v))
    }
}
