import NetProbe

extension ReachMatrix {
    /// One line per cell (`from Windows to 127.0.0.1:18789: this gateway in 12 ms [ok]: WHY; WHAT IT MEANS`), the
    /// consequence indented under it, then the evidence and the findings: the doctor's `gateway.reach` detail and
    /// `gateway status --reach` / `gateway probe --from windows` print the same lines.
    public func lines() -> [String] {
        let port = conditions.port
        var out: [String] = []
        for cell in cells {
            let ms = cell.elapsedMilliseconds.map { " in \($0) ms" } ?? ""
            out.append("\(cell.target.label(port: port)): \(cell.answer.words)\(ms) [\(cell.status.rawValue)]: "
                       + cell.explanation.joined(separator: "; "))
            if let consequence = cell.consequence { out.append("  \(consequence)") }
        }
        // With no cell at all, the headline is that sentence already.
        if let windowsNotTried, !cells.isEmpty { out.append(windowsNotTried) }
        out += evidence.map { "evidence: \($0)" }
        out += findings
        return out
    }

    /// The matrix with only the cells from `sources` (`gateway probe --from windows`); the evidence and the findings,
    /// which come from the Linux cells, only when `sources` holds `.linux`.
    public func only(_ sources: Set<ReachSource>) -> ReachMatrix {
        var copy = self
        copy.cells = cells.filter { sources.contains($0.target.source) }
        if !sources.contains(.windows) { copy.windowsNotTried = nil }
        if !sources.contains(.linux) {
            copy.evidence = []
            copy.findings = []
            copy.findingsFix = nil
        }
        return copy
    }

    /// The worst cell that was tried (first of equal rank).
    public var worstCell: ReachCell? {
        cells.filter { $0.status != .notTried }.reduce(nil) { best, cell in
            guard let best else { return cell }
            return cell.status.rank > best.status.rank ? cell : best
        }
    }

    /// One line: the first finding, or the worst cell when it is a problem, or where the gateway is reached.
    public var headline: String {
        let port = conditions.port
        if let finding = findings.first { return finding }
        if status == .notTried {
            if cells.isEmpty, let windowsNotTried { return windowsNotTried }
            return cells.first?.explanation.first ?? "nothing was tried"
        }
        if let worst = worstCell, worst.status.rank >= ReachStatus.warn.rank {
            return "\(worst.target.label(port: port)): \(worst.answer.words)"
        }
        let reached = cells.filter { $0.answer == .thisGateway }
        guard !reached.isEmpty else {
            return conditions.running ? "the gateway answers nowhere it was probed"
                : "no gateway runs on port \(port); nothing else answers where it would listen"
        }
        let sides = ReachSource.allCases.compactMap { side -> String? in
            let hosts = reached.filter { $0.target.source == side }.map(\.target.host)
            return hosts.isEmpty ? nil : "\(side == .linux ? "Linux" : "Windows") (\(hosts.joined(separator: ", ")))"
        }
        return "the gateway is reached from " + sides.joined(separator: " and ")
    }

    /// The fix to show: the findings' fix, else the worst cell's.
    public var fix: String? { findingsFix ?? worstCell?.fix }

    /// The matrix as JSON: `{"mode","binds","running","status","cells":[{"source","role","host","answer","status",
    /// "expected","explanation","outcome"?,"elapsedMs"?,"notTried"?,"fix"?,"consequence"?,"instanceId"?,
    /// "whereabouts"?,"who"?}],"evidence","findings","windowsNotTried"}` (`windowsNotTried`: why there are no rows from
    /// Windows, or null; docs/doctor.md "Reachability").
    public var json: JSONValue {
        let cells: [JSONValue] = self.cells.map { cell in
            var object: [String: JSONValue] = [
                "source": .string(cell.target.source.rawValue), "role": .string(cell.target.role.rawValue),
                "host": .string(cell.target.host), "answer": .string(cell.answer.name), "status": .string(cell.status.rawValue),
                "expected": cell.expectation.reaches.map { .bool($0) } ?? .null,
                "explanation": .array(cell.explanation.map { .string($0) }),
            ]
            if let result = cell.observation.result {
                object["outcome"] = JSONValue(encoding: result.outcome)
                object["elapsedMs"] = .number(Double(result.elapsedMicros / 1000))
            }
            if let why = cell.observation.notTried { object["notTried"] = .string(why) }
            if let fix = cell.fix { object["fix"] = .string(fix) }
            if let consequence = cell.consequence { object["consequence"] = .string(consequence) }
            switch cell.answer {
            case .otherGateway(let identity, let whereabouts, let holder):
                object["instanceId"] = .string(identity.instanceId)
                object["whereabouts"] = .string(whereabouts)
                // The claimed pid only when the socket tables confirm it (`outcome.identity` is the peer's claim).
                object["holder"] = .string(holder.words)
                if let pid = holder.pid { object["pid"] = .number(Double(pid)) }
            case .otherProgram(_, let who?):
                object["who"] = .string(who)
            default:
                break
            }
            return .object(object)
        }
        return .object([
            "mode": .string(conditions.mode.rawValue), "binds": .array(conditions.binds.map { .string($0) }),
            "running": .bool(conditions.running), "status": .string(status.rawValue), "cells": .array(cells),
            "evidence": .array(evidence.map { .string($0) }), "findings": .array(findings.map { .string($0) }),
            "windowsNotTried": windowsNotTried.map { .string($0) } ?? .null,
        ])
    }
}
