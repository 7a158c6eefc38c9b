/// What Windows' `wsl.exe` says about the distribution a report is about: the VERSION column of `wsl -l -v`
/// (`MachineFacts.windows.wslList`, `WslDistributionList`) and, weaker, the default version of `wsl --status`
/// (`wslStatus`, `WslStatusInfo`: the version a NEW distribution gets).
///
/// The distribution is the one `WSL_DISTRO_NAME` names (the `env` section), else the only one listed, else the one
/// `wsl --status` names as default, else the row marked `*`. Its VERSION is primary when the distribution is named or
/// the only one, supporting when it is only the default of several (the report may be about another). The default
/// version counts (supporting) only when no row was chosen. A kernel release still decides first (`Classifier`); a
/// VERSION that disagrees with the decided kind is recorded as contradicting it, never silently dropped.
struct WslListReading: Sendable {
    /// The row chosen, and how.
    var row: WslDistribution?
    var how: String
    var listSource: String
    /// `wsl --status`'s default version, and where it was read.
    var status: WslStatusInfo?
    var statusSource: String
    /// Plain `wsl -l`'s names (`WslListNames`), read only when no `wsl -l -v` row is there: they say which
    /// distributions exist and the default, never WSL1 or WSL2.
    var names: [WslListedName] = []

    /// WSL1 or WSL2 as `wsl.exe` says it (the row's VERSION, else the default version); `nil` when neither.
    var says: EnvironmentKind? {
        if let row { return row.version == 1 ? .wsl1 : .wsl2 }
        if let version = status?.defaultVersion { return version == 1 ? .wsl1 : .wsl2 }
        return nil
    }

    /// The signals, aimed at the decided kind (`wsl1`, `wsl2`, or `native`/`unknown`: every one contradicts or is
    /// neutral there).
    func signals(for kind: EnvironmentKind) -> [Signal] {
        var out: [Signal] = []
        func aimed(_ signal: Signal, said: EnvironmentKind) -> Signal {
            switch kind {
            case .wsl1: return signal.aimed(at: Claim.wsl1, agrees: said == .wsl1)
            case .wsl2: return signal.aimed(at: Claim.wsl2, agrees: said == .wsl2)
            case .native: return signal.aimed(at: Claim.native, agrees: false)
            default: return Signal(evidence: signal.evidence, weight: .none)
            }
        }
        if let row {
            let said: EnvironmentKind = row.version == 1 ? .wsl1 : .wsl2
            let claim = said == .wsl1 ? Claim.wsl1 : Claim.wsl2
            let observed = "wsl -l -v: \(row.name) VERSION \(row.version) (\(how); line \(row.line))"
            let signal: Signal = how == WslListSignals.byDefaultMark
                ? .supporting("wsl.list-version", listSource, observed, supports: claim)
                : .primary("wsl.list-version", listSource, observed, supports: claim)
            out.append(aimed(signal, said: said))
        } else if !how.isEmpty {
            out.append(.neutral("wsl.list-version", listSource, "wsl -l -v: \(how)", about: Claim.wsl))
        }
        if row == nil, !names.isEmpty {
            let listed = names.prefix(12).map { $0.isDefault ? "\($0.name) (the default)" : $0.name }.joined(separator: ", ")
                + (names.count > 12 ? ", \(names.count - 12) more" : "")
            out.append(.neutral("wsl.list-names", listSource,
                                "wsl -l: \(listed); names only, no VERSION column: it does not say WSL1 or WSL2 (wsl -l -v does)",
                                about: Claim.wsl))
        }
        if let status, let version = status.defaultVersion {
            let said: EnvironmentKind = version == 1 ? .wsl1 : .wsl2
            let observed = "wsl --status: default version \(version)" + (status.defaultDistribution.map { ", default distribution \($0)" } ?? "")
                + " (the version a new distribution gets)"
            if row == nil {
                out.append(aimed(.supporting("wsl.status-default-version", statusSource, observed,
                                             supports: said == .wsl1 ? Claim.wsl1 : Claim.wsl2), said: said))
            } else {
                out.append(.neutral("wsl.status-default-version", statusSource, observed + "; the VERSION column decides", about: Claim.wsl))
            }
        }
        return out
    }
}

enum WslListSignals {
    static let byDefaultMark = "the default, marked *"

    /// `nil` when the facts hold neither a `wsl -l -v` row, nor a `wsl -l` name, nor a `wsl --status` value.
    static func read(_ facts: MachineFacts) -> WslListReading? {
        let output = facts.windows?.wslList.flatMap { $0.answered ? $0.output : nil } ?? ""
        let rows = WslDistributionList.parse(output)
        let names = rows.isEmpty ? WslListNames.parse(output) : []
        let status = facts.windows?.wslStatus.flatMap { $0.answered ? WslStatusInfo.parse($0.output) : nil }
        guard !rows.isEmpty || !names.isEmpty || status != nil else { return nil }
        var reading = WslListReading(row: nil, how: "", listSource: facts.origin.describe(.wslList), status: status,
                                     statusSource: facts.origin.describe(.wslStatus), names: names)
        if let named = facts.environment?["WSL_DISTRO_NAME"], !named.isEmpty {
            // WSL compares distribution names without regard to case.
            if let row = rows.first(where: { $0.name.lowercased() == named.lowercased() }) {
                reading.row = row
                reading.how = "named by WSL_DISTRO_NAME"
            } else if !rows.isEmpty {
                reading.how = "WSL_DISTRO_NAME=\(named) is not among the \(rows.count) distributions listed"
            }
            return reading
        }
        if rows.count == 1 {
            reading.row = rows[0]
            reading.how = "the only distribution listed"
        } else if let name = status?.defaultDistribution, let row = rows.first(where: { $0.name.lowercased() == name.lowercased() }) {
            reading.row = row
            reading.how = WslListSignals.byDefaultMark
        } else if let row = rows.first(where: \.isDefault) {
            reading.row = row
            reading.how = WslListSignals.byDefaultMark
        } else if !rows.isEmpty {
            reading.how = "\(rows.count) distributions listed, none marked default"
        }
        return reading
    }
}
