/// Text from outside (a peer's identity document, a capture, a paste, a journal, a configuration file) as a
/// terminal may show it: control characters (ESC of an escape sequence, BEL, CR, DEL, the C1 controls such as
/// U+009B CSI) written as `\x1B`-style escapes, and the bidirectional-text controls (U+202E RIGHT-TO-LEFT OVERRIDE,
/// the isolates U+2066...U+2069, the marks U+200E, U+200F, U+061C) as `\u202E`, so a hostile peer or file cannot move
/// the cursor, clear the screen, set the window title or make a line read in another order than it is written.
/// The ONE escaping rule of every command, in two strengths:
/// - `escaped`, for a whole output (the doctor's text report, triage's text, every line the `openclaw gateway`
///   commands print): line feeds and tabs stay, they are the output's own;
/// - `oneLine`, for a string another program chose that stands inside one line (a peer's identity and challenge
///   strings, another process's `comm` and arguments), applied where it is read: line feeds and tabs are escaped
///   too, so a peer cannot forge a line of the report (`instanceId: "x\nRunning: yes (pid 1, verified)"`).
public enum TerminalText {
    /// `text` with every control character but `\n` and `\t` escaped (`\x1B`). Pure.
    public static func escaped(_ text: String) -> String {
        escaping(text, where: isControl)
    }

    /// `text` as one line: every character `escaped` escapes, and line feeds and tabs too (`\x0A`, `\x09`). For a
    /// string another program chose that is shown inside a line of ours; apply it where the string is read. Pure;
    /// idempotent (an escape is plain ASCII).
    public static func oneLine(_ text: String) -> String {
        escaping(text) { isControl($0) || $0 == "\n" || $0 == "\t" }
    }

    private static func escaping(_ text: String, where escapes: (Unicode.Scalar) -> Bool) -> String {
        guard text.unicodeScalars.contains(where: escapes) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if escapes(scalar) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                let escape = scalar.value > 0xFF ? "\\u" + hex : "\\x" + (hex.count == 1 ? "0" + hex : hex)
                out.append(contentsOf: escape.unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// A JSON document with DEL, the C1 controls and the bidirectional-text controls written as `\u007F`...`\u009F`,
    /// `\u202E` (JSON encoders escape only the C0 controls; a terminal in 8-bit mode reads U+009B as CSI). Valid JSON
    /// in, the same JSON value out: those characters can only stand inside strings. Pure.
    public static func escapedJSON(_ json: String) -> String {
        func escapes(_ scalar: Unicode.Scalar) -> Bool { (scalar.value >= 0x7F && scalar.value <= 0x9F) || isBidiControl(scalar) }
        guard json.unicodeScalars.contains(where: escapes) else { return json }
        var out = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            if escapes(scalar) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out.append(contentsOf: ("\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex).unicodeScalars)
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
        default: return isBidiControl(scalar)
        }
    }

    /// The bidirectional-text controls (Unicode's `Bidi_Control` property): embeddings and overrides, isolates, marks.
    static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
