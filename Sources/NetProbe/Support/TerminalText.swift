/// Text from outside (a peer's identity document, a capture, a paste, a journal, a configuration file) as a
/// terminal may show it: control characters (ESC of an escape sequence, BEL, CR, DEL, the C1 controls such as
/// U+009B CSI) written as `\x1B`-style escapes, so a hostile peer or file cannot move the cursor, clear the screen or
/// set the window title. Line feeds and tabs stay. The ONE escaping rule of every command: the doctor's text
/// report, triage's text, and every line and JSON document the `openclaw gateway` commands print.
public enum TerminalText {
    /// `text` with every control character but `\n` and `\t` escaped (`\x1B`). Pure.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out.append(contentsOf: ("\\x" + (hex.count == 1 ? "0" + hex : hex)).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// A JSON document with DEL and the C1 controls written as `\u007F`...`\u009F` (JSON encoders escape only the
    /// C0 controls; a terminal in 8-bit mode reads U+009B as CSI). Valid JSON in, the same JSON value out: those
    /// characters can only stand inside strings. Pure.
    public static func escapedJSON(_ json: String) -> String {
        guard json.unicodeScalars.contains(where: { $0.value >= 0x7F && $0.value <= 0x9F }) else { return json }
        var out = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            if scalar.value >= 0x7F && scalar.value <= 0x9F {
                out.append(contentsOf: ("\\u00" + String(scalar.value, radix: 16, uppercase: true)).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: return false
        case 0x00...0x1F, 0x7F...0x9F: return true
        default: return false
        }
    }
}
