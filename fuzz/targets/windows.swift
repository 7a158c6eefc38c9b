// Fuzz target `windows`: bytes as a Windows tool prints them (UTF-16LE, UTF-8, code page 850) through
// WindowsText.decode, then every Windows parser (netstat, Get-NetTCPConnection, Get-Process of a port's owner, tasklist, excludedportrange, dynamicportrange,
// wsl --version, wsl.conf) and the port analysis. Every answer must be consistent with the text it came from.
import NetProbe

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = WindowsText.decode(fuzzBytes(data, size))
    fuzzRequire(!text.contains("\r") && !text.unicodeScalars.contains { $0.value == 0 }, "decoded text keeps CR or NUL")
    let lines = fuzzLineCount(text) + 1
    for listener in NetstatListeners.parse(text) {
        fuzzRequire(listener.line >= 1 && listener.line <= lines, "listener line \(listener.line) outside 1...\(lines)")
        fuzzRequire(listener.pid >= 0, "negative pid")
        // A netstat row prints the endpoint; a Get-NetTCPConnection row the address and the port apart.
        let bare = listener.address.hasPrefix("[") ? String(listener.address.dropFirst().dropLast()) : listener.address
        if listener.address == "*" {
            // A `Get-Process` row of a port's owner: the port on its command line, the name on the row.
            let lowered = text.lowercased()
            fuzzRequire(lowered.contains("get-process") && lowered.contains("-localport") && text.contains(String(listener.port)),
                        "Get-Process holder of \(listener.port) without its command line")
            fuzzRequire(listener.image.map { !$0.isEmpty && text.contains($0) } ?? false, "Get-Process row without its name")
            continue
        }
        fuzzRequire(text.contains(listener.endpoint) || (text.contains(bare) && text.contains(String(listener.port))),
                    "endpoint \(listener.endpoint) not in the text")
        if let image = listener.image { fuzzRequire(!image.isEmpty && text.contains("[\(image)]"), "image \(image) not in the text") }
    }
    for (pid, image) in TasklistImages.parse(text) {
        fuzzRequire(pid >= 0 && !image.isEmpty, "tasklist row \(pid) \(image)")
    }
    for range in ExcludedPortRanges.parse(text) {
        fuzzRequire(range.start <= range.end && range.contains(range.start) && range.contains(range.end), "range \(range.text)")
    }
    if let range = DynamicPortRange.parse(text) {
        fuzzRequire(range.start >= 1 && range.end <= 65535 && range.start <= range.end, "dynamic range \(range.text)")
    }
    if let info = WslVersionInfo.parse(text) {
        fuzzRequire(info.wsl != nil || info.kernel != nil || info.windows != nil, "empty version info")
    }
    let conf = WslConf(parsing: text)
    fuzzRequire(conf.effectiveAutomountRoot.hasPrefix("/") && conf.effectiveAutomountRoot.hasSuffix("/"), "automount root")
    let run = WindowsToolRun(output: text, exitStatus: 0)
    let finding = WindowsPortFinding.analyse(
        WindowsFacts(netstat: run, tasklist: run, excludedPortRange: run, dynamicPortRange: run), port: 18789)
    fuzzRequire(finding.holders != nil && finding.excludedRanges != nil, "answered tools gave unknown")
    fuzzRequire((finding.excludedRanges ?? []).allSatisfy { $0.contains(18789) }, "range without the port")
    return 0
}
