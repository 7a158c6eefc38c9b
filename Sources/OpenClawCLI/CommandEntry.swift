import ArgumentParser
import Foundation

/// Runs a doctor-style root command with the doctor's exit codes: a usage error or a `DoctorFailure`
/// exits 2 (with `{"ok":false,"error":{...}}` on stdout when `--json` was given), help exits 0.
public enum CommandEntry {
    public static func runDoctor<Root: ParsableCommand>(_ root: Root.Type, arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Never {
        let wantsJSON = arguments.contains("--json")
        do {
            var command = try root.parseAsRoot(arguments)
            try command.run()
            exit(0)
        } catch let failure as DoctorFailure {
            fail(code: failure.code, message: failure.message, json: wantsJSON)
        } catch {
            let code = root.exitCode(for: error)
            if code == .success || error is ExitCode { root.exit(withError: error) }
            fail(code: "usage", message: root.fullMessage(for: error), json: wantsJSON)
        }
    }

    private static func fail(code: String, message: String, json: Bool) -> Never {
        if json { Output.out(DoctorErrorJSON.render(code: code, message: message)) }
        Output.err("openclaw-doctor: \(message)\n")
        exit(2)
    }
}

import DoctorKit

enum DoctorErrorJSON {
    static func render(code: String, message: String) -> String {
        JSONRenderer.render(DoctorErrorReport(code: code, message: message))
    }
}
