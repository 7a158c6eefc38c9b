import NetProbe

/// What the start learned from the Windows half after a refused bind with no Linux holder (WSL only).
public enum WindowsConsult: Sendable, Equatable {
    /// The Windows tools answered (some parts may still be unknown: `nil` in the finding).
    case consulted(WindowsPortFinding)
    /// They could not be asked, and why (interop disabled, the tools hung or failed).
    case unavailable(String)

    /// From the Windows facts read live (pure).
    public static func from(_ windows: WindowsFacts, port: UInt16) -> WindowsConsult {
        let finding = WindowsPortFinding.analyse(windows, port: port)
        if finding.holders != nil || finding.excludedRanges != nil { return .consulted(finding) }
        if let reason = windows.notRunReason { return .unavailable(reason) }
        let problems = windows.runs.compactMap { entry in entry.run?.problem.map { "\(entry.section.rawValue) \($0)" } }
        return .unavailable(problems.isEmpty ? "the Windows tools did not answer" : problems.joined(separator: "; "))
    }
}

/// The clash messages that name the Windows half (used by `ClashDecider`). Pure.
enum WindowsClashWording {
    /// Lines for a refused bind that Windows explains, or `nil` when the finding explains nothing.
    static func explained(_ finding: WindowsPortFinding, head: String, mirrored: Bool) -> [String]? {
        guard let headline = finding.headline else { return nil }
        let port = finding.port
        var lines = ["\(head), but no Linux process holds it: \(headline)."]
        if let holders = finding.holders, !holders.isEmpty {
            for holder in holders {
                lines.append("  - \(holder.label) listens on \(holder.endpoints.joined(separator: ", "))"
                    + (holder.looksLikeOpenClaw ? " (looks like OpenClaw running on Windows)" : ""))
            }
            let pids = holders.map { String($0.pid) }.joined(separator: " ")
            lines.append("Stop it on Windows (`taskkill /PID \(pids)`), or start the gateway with another --port.")
        } else if let range = finding.excludedRanges?.first {
            var fixes = "Start the gateway with another --port outside \(range.text)"
            if mirrored {
                fixes += "; or add `ignoredPorts=\(port)` under [experimental] in %UserProfile%\\.wslconfig and run `wsl --shutdown`"
            }
            if !range.administered {
                fixes += "; or free it as administrator on Windows: `net stop winnat`, "
                    + "`netsh int ipv4 add excludedportrange protocol=tcp startport=\(port) numberofports=1`, `net start winnat`"
            }
            lines.append(fixes + ".")
        }
        return lines
    }

    /// The sentence added to the old message when Windows could not name a holder.
    static func unexplained(_ consult: WindowsConsult) -> String {
        switch consult {
        case .unavailable(let why):
            return "The Windows holder could not be named: \(why)."
        case .consulted(let finding):
            var parts: [String] = []
            parts.append(finding.holders == nil ? "netstat.exe did not answer" : "netstat.exe shows no Windows listener on the port")
            parts.append(finding.excludedRanges == nil ? "netsh.exe did not answer" : "no Windows excluded port range covers it")
            return "Windows was asked: " + parts.joined(separator: ", ") + "."
        }
    }
}
