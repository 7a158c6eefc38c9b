import DoctorKit
import Foundation
import NetProbe

/// Lines to standard output / standard error for the gateway commands, through `Output`. Every line and JSON
/// document goes through `TerminalText` first: they carry strings from outside (a peer's identity document, the
/// lock's metadata, a configuration file), and no control character of theirs may reach the terminal.
enum GatewayOutput {
    static func out(_ line: String) { Output.out(TerminalText.escaped(line) + "\n") }

    static func err(_ line: String) { Output.err(TerminalText.escaped(line) + "\n") }

    /// One JSON object on standard output, in the one style of every `--json` (`JSONRenderer.line`: one line, keys
    /// sorted).
    static func json<T: Encodable>(_ value: T) {
        if let text = JSONRenderer.line(value) { Output.out(text) }
    }
}
