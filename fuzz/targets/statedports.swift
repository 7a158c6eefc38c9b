// Fuzz target `statedports`: the input's lines through StatedGatewayPorts.find (the gateway port a report states: a
// log line's `listening on ws://...`, `gateway status`'s `port=N`, `--port N`, an openclaw.json's gateway.port).
@testable import NetProbe

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = CaptureTextDecoding.normalizedLineEnds(fuzzText(data, size))
    let lines = TextLines.split(text)
    let found = StatedGatewayPorts.find(lines)
    // One per line at most, in input order, each a port 1-65535 written on a line that exists.
    fuzzRequire(zip(found, found.dropFirst()).allSatisfy { $0.line < $1.line }, "not one per line in order")
    for stated in found {
        fuzzRequire((1...65535).contains(stated.port), "port \(stated.port) out of range")
        guard let line = lines.first(where: { $0.number == stated.line }) else {
            fuzzRequire(false, "line \(stated.line) of \(lines.count)"); continue
        }
        fuzzRequire(line.text.contains(String(stated.port)), "port \(stated.port) not on its line")
        // A line that states it by itself states it again the same way.
        if stated.form != .configFile, let again = StatedGatewayPorts.parse(line.text) {
            fuzzRequire(again.0 == stated.port && again.1 == stated.form, "the same line read twice differs")
        }
    }
    return 0
}
