// Fuzz target `curlanswer`: a curl.exe run (first byte: the exit status, second: killed or not, then stderr up to a
// NUL, then stdout) through WindowsCurl.outcome: any bytes give an outcome; a killed run is a timeout; exit 0 is never
// read as refused.
import NetProbe

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    guard bytes.count >= 2 else { return 0 }
    let status: Int32? = bytes[0] == 255 ? nil : Int32(bytes[0] % 100)
    let killed = bytes[1] & 1 == 1
    let rest = bytes.dropFirst(2)
    let split = rest.firstIndex(of: 0) ?? rest.endIndex
    let stderr = String(decoding: rest[rest.startIndex..<split], as: UTF8.self)
    let stdout = Array(rest[split...].dropFirst())
    let outcome = WindowsCurl.outcome(stdout: stdout, stderr: stderr, exitStatus: status, timedOut: killed)
    if killed || status == nil { fuzzRequire(outcome == .timeout, "a killed run reads \(outcome.name)") }
    if status == 0 && !killed { fuzzRequire(outcome.category != .noListener, "exit 0 read as \(outcome.name)") }
    _ = outcome.summary
    return 0
}
