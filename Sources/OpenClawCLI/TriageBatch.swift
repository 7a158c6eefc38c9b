import DoctorKit
import FoundationEssentials
import NetProbe

/// `openclaw-doctor triage FILE...` and `triage DIR`: one verdict per report, then a summary (docs/doctor.md,
/// "Many reports at once"). The pure half: the list of inputs a directory gives (`expand`, over a listing), one
/// report's line or JSON object, the summary and its counts, the progress line; the command runs them.
public enum TriageBatch {
    /// One input after expansion: a file to read, or an entry that is not read and why.
    public enum Input: Sendable, Equatable {
        case file(String)
        /// A symbolic link, a device, a FIFO, a socket: listed with why it was not read (never followed, never silent).
        case skipped(String, why: String)
    }

    /// What one directory entry is, as `lstat(2)` says (a symbolic link is never followed).
    public enum EntryType: Sendable, Equatable {
        case regular, directory, symlink, other
    }

    /// The inputs of `arguments`: a file argument as given; a directory argument as every regular file under it,
    /// sorted by path (byte order), descending into real directories, never into symbolic links. `list(dir)` gives a
    /// directory's entries (names) or `nil` when it cannot be listed (then the directory itself is an input, so its
    /// read fails with a message naming it); `type(path)` gives an entry's type.
    public static func expand(_ arguments: [String], type: (String) -> EntryType?, list: (String) -> [String]?) -> [Input] {
        var inputs: [Input] = []
        for argument in arguments {
            guard type(argument) == .directory else {
                inputs.append(.file(argument))
                continue
            }
            inputs += walk(argument, type: type, list: list, depth: 0)
        }
        return inputs
    }

    /// Deepest directory level walked (a bound against a pathological tree).
    static let maxDepth = 32

    static func walk(_ directory: String, type: (String) -> EntryType?, list: (String) -> [String]?, depth: Int) -> [Input] {
        guard let names = list(directory) else { return [.file(directory)] }
        var found: [Input] = []
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        for name in names.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) where name != "." && name != ".." {
            let path = base + name
            switch type(path) {
            case .regular?: found.append(.file(path))
            case .directory?:
                if depth + 1 < maxDepth {
                    found += walk(path, type: type, list: list, depth: depth + 1)
                } else {
                    found.append(.skipped(path, why: "directory deeper than \(maxDepth) levels, not entered"))
                }
            case .symlink?: found.append(.skipped(path, why: "symbolic link, not followed"))
            case .other?: found.append(.skipped(path, why: "not a regular file"))
            case nil: found.append(.file(path))
            }
        }
        return found
    }

    /// One report's outcome.
    public struct Outcome: Sendable, Equatable {
        public var file: String
        /// `nil` when the report could not be read (`error` says why).
        public var environment: EnvironmentVerdict?
        public var exitCode: Int32
        public var error: String?
        /// Checks that failed or warned: `id`, status, title.
        public var problems: [CheckResult]
        public var blocksRead: Int
        public var blocksLeftOut: Int
        public var stated: [CLIStatement]
        public var wouldDecide: [String]
        public var skipped: String?

        public init(file: String, report: DoctorReport) {
            self.file = file
            environment = report.environment
            exitCode = TriageExit.code(report: report)
            error = nil
            problems = report.checks.filter { $0.status == .fail || $0.status == .warn }
            let blocks = report.triage?.blocks ?? []
            blocksRead = blocks.filter(\.isRead).count
            blocksLeftOut = blocks.count - blocksRead + (report.triage?.blocksNotListed ?? 0)
            stated = blocks.flatMap { $0.stated ?? [] }
            wouldDecide = report.triage?.wouldDecide.map(\.command) ?? []
            skipped = nil
        }

        public init(file: String, error: String) {
            self.file = file
            environment = nil
            exitCode = 2
            self.error = error
            problems = []
            blocksRead = 0
            blocksLeftOut = 0
            stated = []
            wouldDecide = []
            skipped = nil
        }

        public init(file: String, skipped why: String) {
            self.init(file: file, error: why)
            error = nil
            exitCode = 0
            skipped = why
        }

        /// The verdict word counted in the summary: the environment kind (`wsl2`, `native`, `unknown`, ...), with the
        /// networking mode when known (`wsl2 mirrored`; not for `unknown`); `unreadable` and `skipped` for those.
        public var verdict: String {
            if skipped != nil { return "skipped" }
            guard let environment else { return "unreadable" }
            var word = environment.kind.rawValue
            if let mode = environment.wslNetworkingMode, mode != .unknown { word += " \(mode.rawValue)" }
            return word
        }

        /// The JSON line (`--json`): `file`, then `skipped` / `error`, or `verdict`, `environment` (`kind`,
        /// `wslNetworkingMode`, `confidence`), `exitCode`, `problems` (`id`, `status`, `title`), `blocksRead`,
        /// `blocksLeftOut`, `stated`, `wouldDecide`.
        public var json: JSONValue {
            var object: [String: JSONValue] = ["file": .string(file)]
            if let skipped {
                object["skipped"] = .string(skipped)
                return .object(object)
            }
            if let error {
                object["error"] = .string(error)
                object["exitCode"] = .number(Double(exitCode))
                return .object(object)
            }
            object["verdict"] = .string(verdict)
            if let environment {
                object["environment"] = .object([
                    "kind": .string(environment.kind.rawValue),
                    "wslNetworkingMode": environment.wslNetworkingMode.map { .string($0.rawValue) } ?? .null,
                    "confidence": .string(environment.confidence.rawValue),
                ])
            }
            object["exitCode"] = .number(Double(exitCode))
            object["problems"] = .array(problems.map {
                .object(["id": .string($0.id), "status": .string($0.status.rawValue), "title": .string(TextExcerpt.bounded($0.title))])
            })
            object["blocksRead"] = .number(Double(blocksRead))
            object["blocksLeftOut"] = .number(Double(blocksLeftOut))
            object["stated"] = .array(stated.map {
                .object(["fact": .string($0.fact), "value": .string(TextExcerpt.bounded(SecretMasking.mask($0.value))), "line": .number(Double($0.line))])
            })
            object["wouldDecide"] = .array(wouldDecide.map { .string($0) })
            return .object(object)
        }

        /// The text block: the file, the verdict, the failing and warning checks, what was read.
        public var text: String {
            let name = TerminalText.escaped(file)
            if let skipped { return "\(name): skipped: \(skipped)\n" }
            if let error { return "\(name): error: \(TerminalText.escaped(error))\n" }
            var lines = ["\(name):"]
            if let environment {
                lines.append("  verdict: \(verdict) (confidence \(environment.confidence.rawValue)); exit \(exitCode)")
            }
            for problem in problems {
                lines.append("  \(problem.status.rawValue) \(problem.id): \(TerminalText.escaped(TextExcerpt.bounded(problem.title)))")
            }
            lines.append("  blocks: \(blocksRead) read, \(blocksLeftOut) left out")
            if !stated.isEmpty {
                lines.append("  stated: " + stated.map { "\($0.fact) \(TerminalText.escaped(SecretMasking.mask($0.value)))" }.joined(separator: "; "))
            }
            if exitCode != 0, !wouldDecide.isEmpty {
                lines.append("  ask for: " + wouldDecide.joined(separator: "; "))
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }

    /// The counts over all outcomes.
    public struct Summary: Sendable, Equatable {
        public var reports = 0
        /// Exit 0: a verdict of medium or high confidence.
        public var decided = 0
        public var undecided = 0
        public var unreadable = 0
        public var skipped = 0
        /// Reports per verdict word (`Outcome.verdict`), read reports only.
        public var verdicts: [String: Int] = [:]

        public init(_ outcomes: [Outcome]) {
            for outcome in outcomes {
                if outcome.skipped != nil { skipped += 1; continue }
                reports += 1
                if outcome.environment == nil { unreadable += 1; continue }
                if outcome.exitCode == 0 { decided += 1 } else { undecided += 1 }
                verdicts[outcome.verdict, default: 0] += 1
            }
        }

        /// 0: every report read and decided; 1: some report undecided (unknown, low confidence, nothing
        /// recognisable); 2: some input could not be read (or none was found).
        public var exitCode: Int32 {
            if unreadable > 0 || reports == 0 { return 2 }
            return undecided > 0 ? 1 : 0
        }

        public var json: JSONValue {
            .object(["summary": .object([
                "reports": .number(Double(reports)), "decided": .number(Double(decided)),
                "undecided": .number(Double(undecided)), "unreadable": .number(Double(unreadable)),
                "skipped": .number(Double(skipped)),
                "verdicts": .object(verdicts.mapValues { .number(Double($0)) }),
                "exitCode": .number(Double(exitCode)),
            ])])
        }

        public var text: String {
            var out = "triage of \(reports) report\(reports == 1 ? "" : "s"): \(decided) decided, \(undecided) undecided, \(unreadable) unreadable"
            if skipped > 0 { out += ", \(skipped) skipped" }
            out += "\n"
            for verdict in verdicts.keys.sorted() { out += "  \(verdict): \(verdicts[verdict] ?? 0)\n" }
            return out
        }
    }

    /// The progress line for stderr (a terminal only): `triage: [3/120] FILE`, carriage return first and the rest of
    /// the terminal line cleared, so each one overwrites the last.
    public static func progressLine(index: Int, count: Int, file: String) -> String {
        "\r\u{1B}[K" + "triage: [\(index)/\(count)] \(TerminalText.escaped(String(file.suffix(120))))"
    }

    /// Clears the progress line at the end.
    public static let progressEnd = "\r\u{1B}[K"

    /// What `triage` with no file says on stderr when standard input is a terminal.
    public static let stdinHint = "openclaw-doctor triage: reading the report from standard input; paste it, then press Ctrl-D on a line of its own to end it (or give a FILE or DIR)\n"
}
