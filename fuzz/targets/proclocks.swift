// Fuzz target `proclocks`: the gateway's readers of the kernel's process files, `/proc/locks` through
// ProcLocks.parse (and the flock-holder lookup `gateway stop` and `status` verify with) and `/proc/PID/stat` through
// ProcessStat.parse. These pure Gateway files are compiled into the harness (the line below lists them); they use
// NetProbe's helpers (`trimmingSpacesAndNewlines`, `Support/Trimming.swift`) from the NetProbe library every harness links.
// fuzz-sources: Sources/Gateway/Lock/ProcLocks.swift Sources/Gateway/Lock/ProcessStat.swift
@testable import NetProbe

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = fuzzText(data, size)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: true).count

    // /proc/locks: every line is an entry or counted malformed (blank lines aside); an entry written back in the
    // kernel's format parses to itself; the holders of a file are positive, unique and exclusive flocks on it.
    let parsed = ProcLocks.parse(text)
    fuzzRequire(parsed.entries.count + parsed.malformedLines <= lines, "\(parsed.entries.count) entries + \(parsed.malformedLines) malformed > \(lines) lines")
    for entry in parsed.entries {
        let line = "\(entry.id): \(entry.isWaiter ? "-> " : "")\(entry.kind)  ADVISORY  \(entry.mode) \(entry.pid) "
            + "\(String(entry.file.major, radix: 16)):\(String(entry.file.minor, radix: 16)):\(entry.file.inode) 0 EOF"
        fuzzRequire(ProcLocks.parseLine(Substring(line)) == entry, "\(line) does not read back as \(entry)")
        let holders = ProcLocks.exclusiveFlockHolders(of: entry.file, in: parsed.entries)
        fuzzRequire(Set(holders).count == holders.count && holders.allSatisfy { $0 > 0 }, "holders \(holders)")
        for pid in holders {
            fuzzRequire(parsed.entries.contains { $0.pid == pid && $0.file == entry.file && $0.kind == "FLOCK" && $0.mode == "WRITE" && !$0.isWaiter },
                        "holder \(pid) has no exclusive flock on \(entry.file)")
        }
    }

    // /proc/PID/stat: never a crash; a parsed line's pid is the text before the first `(`; and any comm (spaces
    // and parentheses included) in a line of the kernel's shape reads back with its start time.
    let bytes = Array(text.utf8)
    if let stat = ProcessStat.parse(text), let open = bytes.firstIndex(of: UInt8(ascii: "(")) {
        fuzzRequire(Int32(String(decoding: bytes[..<open], as: UTF8.self).trimmingSpacesAndNewlines()) == stat.pid,
                    "pid \(stat.pid) from \(text.prefix(20))")
    }
    let comm = String(text.prefix(64).filter { $0 != "\n" })
    let start = UInt64(size) &* 7919
    let line = "4242 (\(comm)) S " + Array(repeating: "0", count: 18).joined(separator: " ") + " \(start) 0 0\n"
    if let stat = ProcessStat.parse(line) {
        fuzzRequire(stat.pid == 4242 && stat.comm == comm && stat.state == "S" && stat.startTime == start,
                    "\(line) read as \(stat)")
    } else {
        fuzzRequire(false, "a stat line of the kernel's shape did not parse: \(line)")
    }
    return 0
}
