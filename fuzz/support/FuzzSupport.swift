// Shared by every fuzz harness (compiled into each harness executable next to one file of targets/).

/// The fuzzer's input as bytes.
func fuzzBytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] {
    Array(UnsafeBufferPointer(start: data, count: size))
}

/// The fuzzer's input as text, invalid UTF-8 replaced (as the readers decode files).
func fuzzText(_ data: UnsafePointer<UInt8>, _ size: Int) -> String {
    String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
}

/// Stops the run when a property of the parser's answer does not hold; libFuzzer saves the input as a crash.
func fuzzRequire(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("fuzz property failed: \(message())") }
}

/// Number of lines the readers count in `text` (a final newline does not start another line).
func fuzzLineCount(_ text: String) -> Int {
    var count = 1
    var last: UInt8 = 0
    for byte in text.utf8 {
        if byte == 0x0A { count += 1 }
        last = byte
    }
    return last == 0x0A ? count - 1 : count
}
