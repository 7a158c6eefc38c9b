// Fuzz target `ipconfig`: bytes as `ipconfig` / `ipconfig /all` print them (UTF-16LE, UTF-8, code page 850) through
// IpconfigAdapters, then the redaction of the run. Every adapter's heading and address must be in the text; the
// redacted text must keep the line count and hold no MAC of the original in dash form.
@testable import NetProbe

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = WindowsText.decode(fuzzBytes(data, size))
    let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    for adapter in IpconfigAdapters.parse(text) {
        fuzzRequire(adapter.line >= 1 && adapter.line <= lines.count, "heading line \(adapter.line) of \(lines.count)")
        fuzzRequire(!adapter.heading.isEmpty && lines[adapter.line - 1].contains(adapter.heading), "heading \(adapter.heading) not on its line")
        for address in adapter.addresses {
            fuzzRequire(text.contains(address) && IPSyntax.family(ofAddress: address) != nil, "address \(address)")
        }
        if let mac = adapter.mac { fuzzRequire(mac.count == 17, "mac \(mac)") }
    }
    let redactor = Redactor(key: 1)
    let redacted = redactor.redactIpconfig(text)
    fuzzRequire(redacted.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).count == lines.count, "redaction changed the line count")
    return 0
}
