/// `systemctl [--user] status UNIT` as printed, read into the unit's `systemctl show` properties (the `systemd-show`
/// section), so a pasted status reaches `supervisor.journal` as a live `systemctl show` does. Pure; never fails.
///
/// Read: `● UNIT - Description` (the unit), `Loaded: loaded (...)` / `not-found` (`LoadState`), `Active: activating
/// (auto-restart) (Result: exit-code) since ...` (`ActiveState`, `SubState`, `Result`), `Main PID: 41017
/// (code=exited, status=1/FAILURE)` (`ExecMainPID`, `ExecMainCode`, `ExecMainStatus`). The log lines under it are
/// journal lines (`JournalTextLines`).
public enum SystemdStatusText {
    public static func state(_ lines: [String], scope: SystemdScope, unit: String?) -> SystemdUnitState? {
        var unitName = unit
        var properties: [String: String] = [:]
        for line in lines {
            let words = Tokenizer.words(line)
            guard let first = words.first else { continue }
            if first == "●" || first == "○" || first == "×" || first == "*", words.count >= 2, words[1].contains(".") {
                unitName = unitName ?? words[1]
            } else if first == "Loaded:", words.count >= 2 {
                properties["LoadState"] = words[1]
            } else if first == "Active:", words.count >= 2 {
                properties["ActiveState"] = words[1]
                if words.count >= 3, words[2].hasPrefix("("), words[2].hasSuffix(")") {
                    properties["SubState"] = String(words[2].dropFirst().dropLast())
                }
                if let at = words.firstIndex(of: "(Result:"), at + 1 < words.count {
                    properties["Result"] = String(words[at + 1].trimmingSuffix(")"))
                }
            } else if first == "Main", words.count >= 3, words[1] == "PID:" {
                if Int(words[2]) != nil { properties["ExecMainPID"] = words[2] }
                for word in words.dropFirst(3) {
                    let bare = word.trimmingSuffix(")").trimmingSuffix(",")
                    let value = bare.hasPrefix("(") ? String(bare.dropFirst()) : bare
                    if value.hasPrefix("code=") { properties["ExecMainCode"] = String(value.dropFirst(5)) }
                    if value.hasPrefix("status=") {
                        let status = value.dropFirst(7).prefix(while: \.isNumber)
                        if !status.isEmpty { properties["ExecMainStatus"] = String(status) }
                    }
                }
            }
        }
        guard let unitName, !properties.isEmpty else { return nil }
        return SystemdUnitState(scope: scope, unit: unitName, properties: properties)
    }

    /// The `systemd-show` section line of a state (`SupervisorSections`' writer).
    public static func sectionLine(_ state: SystemdUnitState) -> String {
        SupervisorSections.writeShowSection([state])[0]
    }
}

extension String {
    /// `self` without one trailing `suffix`.
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
