import NetProbe

/// `env.wsl.config-keys`: `.wslconfig` keys WSL ignores (wrong section), unknown modes, bad values and lines.
///
/// skip: no `.wslconfig` in the facts; ok: no problems; warn: at least one problem, each with its line.
enum ConfigKeysCheck {
    static let id = "env.wsl.config-keys"

    static let check = DoctorCheck(
        id: id, summary: ".wslconfig keys in the wrong section (hostAddressLoopback, ignoredPorts), unknown modes, bad values"
    ) { inputs in
        guard let file = inputs.facts.wslconfig, let config = inputs.wslConfig else {
            let why: String
            if let looked = inputs.facts.wslconfigLookedFor {
                why = "no .wslconfig found (looked under \(looked))"
            } else {
                why = ".wslconfig is not in the facts"
            }
            return CheckResult(id: id, status: .skip, title: why, data: ["reason": .string(why)])
        }
        guard !config.problems.isEmpty else {
            return CheckResult(id: id, status: .ok, title: "\(config.entries.count) keys, none misplaced",
                               data: ["path": .string(file.path), "problems": []], path: file.path)
        }
        // `WslConfigProblem.description` already names the line (".wslconfig line 3: ...").
        let listed = config.problems.prefix(WslConfig.listedProblems)  // `problemsFound` counts them all
        var detail = listed.map { "\(file.path): \($0.description)" }
        if config.problems.count > listed.count {
            detail.append("\(config.problems.count - listed.count) more problems are not listed")
        }
        var hints: [String] = []
        if config.problems.contains(where: { if case .keyInWrongSection = $0.kind { return true } else { return false } }) {
            hints.append("put hostAddressLoopback and ignoredPorts under [experimental], networkingMode and dnsTunneling under [wsl2]")
        }
        if config.problems.contains(where: { if case .unknownNetworkingMode = $0.kind { return true } else { return false } }) {
            hints.append("networkingMode is one of nat, mirrored, bridged, virtioproxy, none")
        }
        if config.problems.contains(where: { if case .keyInWrongSection = $0.kind { return false } else if case .unknownNetworkingMode = $0.kind { return false } else { return true } }) {
            hints.append("correct or remove the lines named above")
        }
        return CheckResult(
            id: id, status: .warn,
            title: "\(config.problems.count) problem\(config.problems.count == 1 ? "" : "s") in .wslconfig",
            detail: detail,
            fix: hints.joined(separator: "; ") + "; then from Windows: `wsl --shutdown`",
            data: ["path": .string(file.path),
                   "problemsFound": .number(Double(config.problems.count)),
                   "problems": .array(listed.map { ["line": .number(Double($0.line)), "message": .string($0.description)] })],
            path: file.path)
    }
}
