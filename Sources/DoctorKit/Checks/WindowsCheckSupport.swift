import NetProbe

/// Shared gates of the Windows-half checks, read from the view (`EnvironmentView`): WSL only, and "not read" is a
/// skip naming why, never "none".
enum WindowsCheckSupport {
    /// A skip saying why an applicability answer is not `yes`: title `not WSL: native Linux`, or `unknown whether
    /// this is WSL: the environment is unknown; would decide it: ...` (three-valued: never "not WSL" when it is
    /// unknown); `data.reason` the short claim (`not WSL`), `data.applies` `no` or `unknown`.
    static func notApplicable(_ id: String, _ applicability: Applicability, _ subject: String) -> CheckResult {
        CheckResult(id: id, status: .skip, title: applicability.sentence(subject),
                    data: ["reason": .string(applicability.claim(subject)), "applies": .string(applicability.answer.rawValue),
                           "why": .string(applicability.reason)])
    }

    /// A skip for a tool output that is not known, saying why (interop off, hung, not in the capture).
    static func unknown(_ id: String, _ what: String, _ run: WindowsToolRun?, _ inputs: DoctorInputs) -> CheckResult {
        let why: String
        if let problem = run?.problem {
            why = "\(what) \(problem)"
        } else if let reason = inputs.facts.windows?.notRunReason {
            why = "Windows tools not run: \(reason)"
        } else {
            why = inputs.isLive ? "\(what) was not run" : "\(what) is not in this capture"
        }
        return CheckResult(id: id, status: .skip, title: why, data: ["reason": .string(why)])
    }
}
