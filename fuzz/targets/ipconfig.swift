// Fuzz target `ipconfig`: bytes as `ipconfig` / `ipconfig /all` print them (UTF-16LE, UTF-8, code page 850) through
// IpconfigAdapters, then the redaction of the run, then WindowsAdapterMatch against addresses taken from the adapters
// themselves. Every adapter's heading and address must be in the text, every prefix length (from a `Subnet Mask`)
// belong to one of its IPv4 addresses and lie in 8...32; the redacted text must keep the line count. Judged under
// mirrored against Linux interfaces holding exactly the Windows addresses, nothing is missing.
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
        for (address, length) in adapter.prefixLengths {
            fuzzRequire(adapter.addresses.contains(address) && address.contains("."), "prefix of \(address), not an IPv4 address of the adapter")
            fuzzRequire((8...32).contains(length), "prefix length \(length)")
        }
    }
    let adapters = IpconfigAdapters.parse(text)
    let copies = adapters.filter { !$0.isWSLNATAdapter }.flatMap { adapter in
        adapter.addresses.map { InterfaceAddress(interface: "eth0", family: $0.contains(":") ? .inet6 : .inet, local: $0, prefixLength: 24) }
    }
    for mode in [WSLNetworkingMode.nat, .mirrored, .unknown] {
        let judged = WindowsAdapterMatch.judge(adapters: adapters, addresses: copies, mode: mode)
        fuzzRequire(!judged.findings.isEmpty, "a judgement without a finding")
        if mode == .mirrored { fuzzRequire(judged.missing.isEmpty, "missing \(judged.missing) though Linux holds every address") }
        if mode == .unknown { fuzzRequire(judged.outcome == .notJudged, "judged under an unknown mode") }
    }
    let redactor = Redactor(key: 1)
    let redacted = redactor.redactIpconfig(text)
    fuzzRequire(redacted.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).count == lines.count, "redaction changed the line count")
    return 0
}
