/// `.wslconfig`: the REQUESTED networking mode only. Recorded as neutral evidence and NEVER used to decide.
///
/// WSL silently falls back from mirrored to NAT (old Windows, old kernel, IPv6 disabled, group policy), so a
/// mismatch between the request and the effective mode is reported as its own item.
enum WslConfigSignals {
    static func read(_ facts: MachineFacts, effective: WSLNetworkingMode?) -> [Signal] {
        guard let file = facts.wslconfig else { return [] }
        let config = WslConfig.parse(file.text)
        let place = facts.origin.isLive ? file.path : facts.origin.describe(.wslconfig)
        var signals: [Signal] = []
        if let requested = config.requestedNetworkingMode, let entry = config.networkingModeEntry {
            let source = "\(place), line \(entry.line)"
            let unknown = WslConfig.networkingMode(entry.value) == nil ? " (unknown value: WSL uses nat)" : ""
            signals.append(.neutral("wslconfig.requested-mode", source,
                                    "[\(entry.section ?? "")] \(entry.key) = \(entry.value)\(unknown)",
                                    about: requested.rawValue))
            if let effective, effective != .unknown, effective != requested {
                signals.append(.neutral("wslconfig.mismatch", source,
                                        "requested \(requested.rawValue), effective \(effective.rawValue)",
                                        about: effective.rawValue))
            }
        }
        // The first `WslConfig.listedProblems` as evidence, then one that counts the rest (200,000 garbage lines made a 125 MB report).
        for problem in config.problems.prefix(WslConfig.listedProblems) {
            signals.append(.neutral("wslconfig.problem", "\(place), line \(problem.line)", problem.description,
                                    about: "wslconfig"))
        }
        if config.problems.count > WslConfig.listedProblems {
            signals.append(.neutral("wslconfig.problem", place,
                                    "\(config.problems.count - WslConfig.listedProblems) more problems, not listed", about: "wslconfig"))
        }
        return signals
    }
}
