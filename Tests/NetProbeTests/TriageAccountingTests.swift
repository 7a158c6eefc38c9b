import Foundation
import Testing
@testable import NetProbe
import TestSupport

/// Issue 19, item 1: every fenced block, every issue-form section and every recognised run of output lines is
/// accounted for (read, or left out with a reason); prose is never read as a tool's answer.
@Suite("Triage: every block is accounted for")
struct TriageAccountingTests {
    /// The fences of `text` as (opening line, closing line), 1-based, with whether they hold a non-blank line.
    static func fences(_ text: String) -> [(open: Int, close: Int, content: Bool)] {
        var out: [(Int, Int, Bool)] = []
        var open: Int?
        var content = false
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                if let start = open { out.append((start, index + 1, content)); open = nil } else { open = index + 1; content = false }
            } else if open != nil, !trimmed.isEmpty {
                content = true
            }
        }
        return out
    }

    @Test("a fence with nothing known in it, and an issue-form section of prose, are listed as left out with their lines")
    func leftOutMarkdown() {
        let body = """
            ### Steps to reproduce

            1. run `openclaw gateway run`
            2. it exits

            ### Logs

            ```
            something the reader does not know
            ```

            ### Kernel version

            5.15.167.4-microsoft-standard-WSL2
            """
        let reading = IssueReportReader.read(text: body, file: "form.md")
        let form = reading.blocks.filter { $0.kind == .formSection }
        #expect(form.count == 1)
        #expect(form.first?.heading == "### Steps to reproduce" && form.first?.firstLine == 1 && form.first?.lastLine == 4)
        let fenced = reading.blocks.filter { $0.kind == .fencedText }
        #expect(fenced.map { [$0.firstLine, $0.lastLine] } == [[8, 10]])
        #expect(fenced.first?.found == .markdown && fenced.first?.kind.section == nil)
        // `### Logs` has no unfenced lines (only its fence, listed itself); `### Kernel version` gave a block.
        #expect(reading.facts.osRelease == "5.15.167.4-microsoft-standard-WSL2")
        #expect(!reading.blocks.contains { $0.kind == .formSection && $0.heading != "### Steps to reproduce" })
    }

    @Test("prose after `wslinfo --networking-mode` is not its answer; a bare mode word (or `# mode`) is")
    func wslinfoProse() {
        let prose = IssueReportReader.read(text: "$ wslinfo --networking-mode\nIt printed nothing useful, I think it is nat.\n",
                                           file: "p.md")
        #expect(prose.facts.wslinfo == nil)
        #expect(!prose.blocks.contains { $0.kind == .wslinfo })
        let bare = IssueReportReader.read(text: "$ wslinfo --networking-mode\nmirrored\n", file: "b.md")
        #expect(bare.facts.wslinfo?.output == "mirrored")
        let comment = IssueReportReader.read(text: "wslinfo --networking-mode\n# nat\n", file: "c.md")
        #expect(comment.facts.wslinfo?.output == "nat")
        let unameProse = IssueReportReader.read(text: "$ uname -r\nshows the WSL kernel, see above\n", file: "u.md")
        #expect(unameProse.facts.osRelease == nil)
        // Inside a fence the line under the command is its output, whatever it says (an error is evidence of nothing).
        let fenced = IssueReportReader.read(text: "```\n$ wslinfo --networking-mode\nwslinfo: command not found\n```\n", file: "f.md")
        #expect(fenced.facts.wslinfo?.output == "wslinfo: command not found")
    }

    @Test("property: in random markdown every fence with lines is read or listed, every prose section is read or listed")
    func everyFenceAccounted() {
        for seed in UInt64(1)...200 {
            var generator = SeededGenerator(seed: seed)
            let body = TriageReaderTests.render(&generator)
            let reading = IssueReportReader.read(text: body, file: "body.md")
            for fence in Self.fences(body) where fence.content {
                let covered = reading.blocks.contains { block in
                    (fence.open...fence.close).contains(block.firstLine) || (block.kind == .fencedText && block.firstLine == fence.open)
                }
                #expect(covered, "seed \(seed): fence at lines \(fence.open)-\(fence.close) is not accounted for\n\(body)")
                if !covered { return }
            }
            let lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for (index, line) in lines.enumerated() where line.hasPrefix("## ") || line.hasPrefix("### ") || line.hasPrefix("#### ") {
                // The section's unfenced non-blank lines up to the next heading.
                var inFence = false
                var prose: [Int] = []
                for next in (index + 1)..<lines.count {
                    let text = lines[next].trimmingCharacters(in: .whitespaces)
                    if text.hasPrefix("## ") || text.hasPrefix("### ") || text.hasPrefix("#### "), !inFence { break }
                    if text.hasPrefix("```") || text.hasPrefix("~~~") { inFence.toggle(); continue }
                    if !inFence, !text.isEmpty { prose.append(next + 1) }
                }
                guard let first = prose.first else { continue }
                let covered = reading.blocks.contains { block in
                    (block.kind == .formSection && block.firstLine == index + 1)
                        || prose.contains(where: { (block.firstLine...block.lastLine).contains($0) })
                }
                #expect(covered, "seed \(seed): section at line \(index + 1) (prose from line \(first)) is not accounted for\n\(body)")
                if !covered { return }
            }
        }
    }
}
