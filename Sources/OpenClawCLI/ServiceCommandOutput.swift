import ArgumentParser
import Gateway

/// Prints a lifecycle command's plan and result (text, or one JSON object with `--json`) and ends with its exit code.
enum ServiceCommandOutput {
    /// The `--json` object of `install`, `start`, `stop`, `restart`, `uninstall` (docs/lifecycle.md).
    struct Report: Encodable {
        var schemaVersion = 1
        var command: String
        var ok: Bool
        var exitCode: Int32
        var port: UInt16
        var unit: String?
        var unitPath: String?
        var backupPath: String?
        var wroteUnit: Bool
        /// What was done, as shell lines (`systemctl --user start openclaw-gateway.service`).
        var done: [String]
        var notes: [String]
        var warnings: [String]
        var error: String?

        enum CodingKeys: String, CodingKey {
            case schemaVersion, command, ok, exitCode, port, unit, unitPath, backupPath, wroteUnit, done, notes, warnings, error
        }

        /// Every key always present (`null` when there is none), as docs/lifecycle.md lists them.
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(schemaVersion, forKey: .schemaVersion)
            try c.encode(command, forKey: .command)
            try c.encode(ok, forKey: .ok)
            try c.encode(exitCode, forKey: .exitCode)
            try c.encode(port, forKey: .port)
            try c.encode(unit, forKey: .unit)
            try c.encode(unitPath, forKey: .unitPath)
            try c.encode(backupPath, forKey: .backupPath)
            try c.encode(wroteUnit, forKey: .wroteUnit)
            try c.encode(done, forKey: .done)
            try c.encode(notes, forKey: .notes)
            try c.encode(warnings, forKey: .warnings)
            try c.encode(error, forKey: .error)
        }
    }

    /// Runs the plan, prints, and throws the exit code when it is not 0.
    static func run(_ plan: ServicePlan, port: UInt16, paths: GatewayPaths, json: Bool, stopTimeout: Duration = .seconds(15)) async throws {
        let name = "openclaw gateway \(plan.command)"
        if !json { for warning in plan.warnings { GatewayOutput.err("\(name): warning: \(warning)") } }
        let result = await ServiceEdge.execute(plan, port: port, paths: paths, stopTimeout: stopTimeout)
        let ok = result.exitCode == GatewayExit.ok
        if json {
            GatewayOutput.json(Report(
                command: plan.command, ok: ok, exitCode: result.exitCode, port: port, unit: plan.unit, unitPath: plan.unitPath,
                backupPath: result.backup, wroteUnit: plan.writesUnit && result.done.contains("write \(plan.unitPath ?? "")"),
                done: result.done, notes: ok ? plan.notes : [], warnings: plan.warnings, error: result.error))
        } else {
            if let error = result.error { GatewayOutput.err("\(name): \(error)") }
            if ok {
                for note in plan.notes {
                    // The plan names PATH.bak; the edge may have had to take PATH.bak.N.
                    GatewayOutput.out(plan.backupPath.flatMap { planned in result.backup.map { note.replacingOccurrences(of: planned, with: $0) } } ?? note)
                }
            }
        }
        if !ok { throw ExitCode(result.exitCode) }
    }
}
