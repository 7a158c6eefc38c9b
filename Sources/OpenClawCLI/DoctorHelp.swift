import ArgumentParser
import FoundationEssentials
import NetProbe

/// The doctor's top help page (`openclaw-doctor --help`, `openclaw doctor --help`): ArgumentParser's page of the
/// command group with the options of the default command (`report`) in place of the group's own `OPTIONS:`, so
/// `--json`, `--port`, `--snapshot`, `--redact`, `--fix` ... are on the first page a user sees, beside the
/// subcommands. Any option added to `DoctorReportCommand` appears here by itself.
enum DoctorHelp {
    /// `--help`, `-h` or `help` alone.
    static func isTopHelpRequest(_ arguments: [String]) -> Bool {
        arguments.count == 1 && ["--help", "-h", "help"].contains(arguments[0])
    }

    /// The composed page. `prefix` is `["doctor"]` under `openclaw`, empty for `openclaw-doctor`.
    static func topPage<Root: ParsableCommand>(root: Root.Type, prefix: [String]) -> String {
        let group = prefix.isEmpty ? root.helpMessage() : root.helpMessage(for: DoctorCommand.self)
        let report = root.helpMessage(for: DoctorReportCommand.self)
        return compose(group: group, report: report)
    }

    /// Pure: `group`'s page with its `USAGE:` naming both forms and its `OPTIONS:` section replaced by the
    /// `OPTIONS:` section of `report` (including `--help`).
    static func compose(group: String, report: String) -> String {
        let groupSections = sections(group)
        let reportSections = sections(report)
        let reportUsageSection = reportSections.first { $0.heading == "USAGE:" }
        let reportUsage = reportUsageSection?.inline
        // A long usage wraps onto indented lines: keep them, without the blank line that ends the section.
        var reportUsageMore = reportUsageSection?.body ?? []
        while reportUsageMore.last?.trimmingSpaces().isEmpty == true { reportUsageMore.removeLast() }
        let reportOptions = reportSections.first { $0.heading == "OPTIONS:" }?.body ?? []
        var out: [String] = []
        for section in groupSections {
            switch section.heading {
            case "USAGE:":
                let pad = String(repeating: " ", count: "USAGE:".count)
                if let reportUsage {
                    out.append("USAGE:" + reportUsage.replacingFirst(" report ", with: " ").replacingFirst(" report", with: "").replacingFirst(" <options>", with: " [<options>]"))
                    out.append(contentsOf: reportUsageMore)
                }
                out.append((reportUsage == nil ? "USAGE:" : pad) + (section.inline ?? ""))
                out.append(contentsOf: section.body)
            case "OPTIONS:" where !reportOptions.isEmpty:
                out.append("OPTIONS (of the default command, report):")
                out.append(contentsOf: reportOptions)
            default:
                if let heading = section.heading { out.append(heading + (section.inline ?? "")) }
                out.append(contentsOf: section.body)
            }
        }
        return out.joined(separator: "\n") + (group.hasSuffix("\n") ? "" : "\n")
    }

    struct Section {
        var heading: String?
        /// The text after the heading on its own line (` openclaw-doctor <subcommand>`).
        var inline: String?
        /// The lines after the heading's line.
        var body: [String]
    }

    /// Splits a help page at its headings (`OVERVIEW:`, `USAGE:`, `OPTIONS:`, `SUBCOMMANDS:` at column 0).
    static func sections(_ page: String) -> [Section] {
        var out: [Section] = [Section(heading: nil, inline: nil, body: [])]
        for line in page.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let headingWord = line.prefix { $0 != " " }
            if let first = line.first, first.isUppercase, headingWord.hasSuffix(":"),
               headingWord.allSatisfy({ $0.isUppercase || $0 == ":" }) {
                let rest = line.dropFirst(headingWord.count)
                out.append(Section(heading: String(headingWord), inline: rest.isEmpty ? nil : String(rest), body: []))
            } else {
                out[out.count - 1].body.append(line)
            }
        }
        if out[0].body.isEmpty || out[0].body == [""] { out.removeFirst() }
        return out
    }
}

extension String {
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = firstRange(of: target) else { return self }
        var replaced = self
        replaced.replaceSubrange(range, with: replacement)
        return replaced
    }
}
