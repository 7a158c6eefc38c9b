// Fuzz target `procnettcp`: `/proc/net/tcp` and `/proc/net/tcp6` text through ProcNetTCP.parse for both
// families, and through the redaction of their hex addresses.
@testable import NetProbe

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = fuzzText(data, size)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
    for family in [AddressFamily.inet, .inet6] {
        let (rows, warnings) = ProcNetTCP.parse(text, family: family)
        fuzzRequire(rows.count + warnings.count <= lines, "\(rows.count) rows + \(warnings.count) warnings > \(lines) lines")
        for warning in warnings {
            let line = warning.line ?? 0
            fuzzRequire(line >= 1 && line <= lines, "warning line \(line) outside 1...\(lines): \(warning)")
        }
        for row in rows {
            fuzzRequire(row.family == family, "row of family \(row.family) from a \(family) parse")
        }
    }
    let redactor = Redactor(key: 0x5EED)
    _ = ProcNetHexRedaction.redact(text, scramble: redactor.scrub)
    return 0
}
