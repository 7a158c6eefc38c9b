// Fuzz target `wslconfig`: `.wslconfig` INI text through WslConfig(parsing:); every entry and problem must
// name a line of the text.
import NetProbe

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = fuzzText(data, size)
    let config = WslConfig(parsing: text)
    let lines = fuzzLineCount(text)
    for entry in config.entries {
        fuzzRequire(entry.line >= 1 && entry.line <= lines, "entry line \(entry.line) outside 1...\(lines)")
    }
    for problem in config.problems {
        fuzzRequire(problem.line >= 1 && problem.line <= lines, "problem line \(problem.line) outside 1...\(lines)")
    }
    for port in config.ignoredPorts {
        fuzzRequire((0...65535).contains(port), "ignored port \(port)")
    }
    return 0
}
