import FoundationEssentials
import NetProbe

/// Renders reports as one JSON object (sorted keys, one line, newline-terminated). DEL and the C1 controls, which
/// JSON encoders leave raw, are written as `\u007F`...`\u009F` (`TerminalText.escapedJSON`): `--json` goes to a
/// terminal too.
public enum JSONRenderer {
    public static func render(_ report: DoctorReport) -> String { encode(report) }

    public static func render(_ error: DoctorErrorReport) -> String { encode(error) }

    /// `--list-checks --json`: the check list as one line.
    public static func render(_ list: DoctorCheckList) -> String { encode(list) }

    /// One JSON object on one line (keys sorted, slashes unescaped, DEL and C1 controls escaped), newline-terminated:
    /// the one JSON style of every `--json` of both tools (the doctor's report and errors, triage, and `openclaw
    /// gateway status|probe|install|start|restart|uninstall`). `nil` when `value` cannot be encoded.
    public static func line<T: Encodable>(_ value: T) -> String? {
        guard let data = try? JSONCoding.encoder.encode(value), let text = String(data: data, encoding: .utf8) else { return nil }
        return TerminalText.escapedJSON(text) + "\n"
    }

    private static func encode<T: Encodable>(_ value: T) -> String {
        line(value) ?? #"{"schemaVersion":1,"tool":"openclaw-doctor","ok":false,"error":{"code":"internal","message":"could not encode the report"}}"# + "\n"
    }
}
