// Fuzz target `pastelines`: the input as pasted text through the line readers triage added for issue 19: WSL's
// fallback messages (WslFallbackMessages.find), journal and gateway lines (JournalTextLines), `systemctl status`
// (SystemdStatusText), and the Windows and supervisor shapes. Every answer must be consistent with the text.
@testable import NetProbe

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = fuzzText(data, size)
    let lines = fuzzLineCount(text) + 1
    var previous = 0
    for message in WslFallbackMessages.find(text) {
        fuzzRequire(message.firstLine >= 1 && message.firstLine <= message.lastLine && message.lastLine <= lines,
                    "message lines \(message.firstLine)-\(message.lastLine) of \(lines)")
        fuzzRequire(message.firstLine > previous, "messages out of order or found twice")
        fuzzRequire(message.effective != .unknown, "a fallback to an unknown mode")
        previous = message.firstLine
    }
    var pieces: [String] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(2000) {
        pieces.append(String(line))
        let words = Tokenizer.words(String(line))
        _ = WindowsShapes.start(words)
        _ = SupervisorShapes.start(words)
        guard let entry = JournalTextLines.entry(String(line)) else { continue }
        if let pid = entry.fields["_PID"] { fuzzRequire(Int(pid) != nil, "pid \(pid) not a number") }
        // An empty MESSAGE (`... node[1]:` and nothing after) is in every line; `contains("")` says false.
        if !line.contains("{") && !entry.message.isEmpty {
            // Compared by Unicode scalars, as the reader cuts: a combining mark after the indent makes one grapheme
            // with the last blank, so the message may start inside a Character of the line.
            fuzzRequire(Array(line.unicodeScalars).firstRange(of: Array(entry.message.unicodeScalars)) != nil,
                        "message \(entry.message.debugDescription) not in its line \(String(line).debugDescription)")
        }
    }
    if let state = SystemdStatusText.state(pieces, scope: .user, unit: nil) {
        fuzzRequire(!state.unit.isEmpty && !state.properties.isEmpty, "empty unit state")
        if let status = state.properties["ExecMainStatus"] { fuzzRequire(Int(status) != nil, "status \(status)") }
    }
    return 0
}
