// Fuzz target `listeners`: pasted Linux listener tables (`ss`, Linux `netstat`, `lsof`) through
// ListenerTableText.parse, the owners gateway.port reads from them (CapturedPortOwners.owners), the excerpt marker a
// command line gives (TriageCommands.listenerExcerpt) and the section triage makes of a pasted table.
@testable import NetProbe

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = fuzzText(data, size)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
    let parse = ListenerTableText.parse(text)
    // One row or one problem a line at most, each naming a line of the input.
    fuzzRequire(parse.rows.count + parse.problems.count <= lines, "\(parse.rows.count) rows + \(parse.problems.count) problems > \(lines) lines")
    for row in parse.rows {
        fuzzRequire(row.line >= 1 && row.line <= lines, "row line \(row.line) outside 1...\(lines)")
        fuzzRequire(IPAddress(row.localAddress)?.text == row.localAddress, "address \(row.localAddress) not canonical")
        fuzzRequire(Set(row.processes.map(\.pid)).count == row.processes.count, "a pid named twice in one row")
    }
    for problem in parse.problems {
        fuzzRequire(problem.line >= 1 && problem.line <= lines, "problem line \(problem.line) outside 1...\(lines)")
    }
    var facts = MachineFacts(origin: .capture(path: "fuzz"))
    facts.listeners = text
    for port in Set(parse.rows.prefix(4).map(\.port) + [18789]) {
        let owners = CapturedPortOwners.owners(facts, port: port) ?? []
        // Partial stays partial: an owner with no pid is never given a uid the table did not show.
        let rows = parse.rows.filter { $0.port == port }
        fuzzRequire(owners.count <= rows.reduce(0) { $0 + max(1, $1.processes.count) }, "more owners than rows and processes")
        for owner in owners where owner.uid != nil {
            fuzzRequire(rows.contains { $0.uid == owner.uid }, "uid \(String(describing: owner.uid)) not in any row")
        }
    }
    // Through triage: behind a command line in a fence, the section holds the marker line and the block's lines;
    // the marker a command gives is one of the three forms.
    let firstLine = text.split(separator: "\n", maxSplits: 1).first.map { Tokenizer.words(String($0)) } ?? []
    let marker = TriageCommands.listenerExcerpt(firstLine, firstLine: firstLine)
    fuzzRequire(marker == ListenerTableText.completeMarker || marker.hasPrefix(ListenerTableText.excerptMarker), "marker \(marker)")
    let reading = IssueReportReader.read(text: "```\n$ ss -ltnp\n" + text + "\n```\n", file: "fuzz")
    if let first = reading.blocks.first, first.kind == .ss, first.command == "ss -ltnp", !first.empty,
       let section = reading.facts.listeners {
        fuzzRequire(section.hasPrefix(ListenerTableText.completeMarker), "a command without a filter is a whole table: \(section.prefix(40))")
    }
    return 0
}
