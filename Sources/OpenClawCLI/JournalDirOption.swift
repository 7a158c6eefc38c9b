import ArgumentParser
import DoctorKit
import Foundation
import NetProbe
import NetProbeLive

/// `--journal-dir DIR`: read the gateway unit's journal from a journal directory (`journalctl --directory DIR`)
/// instead of this machine's journal; with `--snapshot`, it replaces the capture's `journal` section.
public struct JournalDirOption: ParsableArguments {
    @Option(name: .customLong("journal-dir"),
            help: "Read the gateway unit's journal from this journal directory (journalctl --directory), e.g. a copy of /var/log/journal.")
    public var journalDir: String?

    public init() {}

    public func validate() throws {
        guard let dir = journalDir else { return }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("--journal-dir \(dir): no such directory")
        }
    }

    /// What `SupervisorReader` reads for a gateway on `port`.
    func supervisorOptions(port: UInt16, environment: [String: String]) -> SupervisorReader.Options {
        // A directory the user named may be large: it gets a longer deadline than the live journal.
        SupervisorReader.Options(units: SupervisorReader.Options.units(port: port), journalDirectory: journalDir,
                                 journalTimeout: journalDir == nil ? .seconds(3) : .seconds(15), environment: environment)
    }

    /// `base` with the supervisor's record read too.
    func readerOptions(_ base: LiveReader.Options, port: UInt16, environment: [String: String]) -> LiveReader.Options {
        var options = base
        options.supervisor = supervisorOptions(port: port, environment: environment)
        return options
    }

    /// Replayed facts with `--journal-dir`'s journal in place of the capture's (unchanged without the option).
    func applied(to facts: MachineFacts, port: UInt16, environment: [String: String]) -> MachineFacts {
        guard journalDir != nil else { return facts }
        var f = facts
        f.journal = SupervisorReader(options: supervisorOptions(port: port, environment: environment)).read().journal
        return f
    }

    /// Whether the selected checks need the supervisor's record.
    static func isWanted(by selection: CheckSelection) -> Bool {
        DoctorChecks.all.contains { $0.id == "supervisor.journal" && selection.runs($0) }
    }
}
