/// A short, printable rendering of bytes a peer sent, safe to put in a log line or JSON.
public enum BytePreview {
    /// Default number of bytes shown.
    public static let defaultLimit = 64

    /// Up to `limit` bytes: printable ASCII as is, `\r` `\n` `\t` `\\` escaped, others as `\xNN`;
    /// `...` appended when bytes were left out.
    public static func escaped(_ bytes: some Collection<UInt8>, limit: Int = defaultLimit) -> String {
        var out = ""
        for byte in bytes.prefix(max(0, limit)) {
            switch byte {
            case 0x0D: out += "\\r"
            case 0x0A: out += "\\n"
            case 0x09: out += "\\t"
            case 0x5C: out += "\\\\"
            case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16)
                out += "\\x" + (byte < 16 ? "0" + hex : hex)
            }
        }
        if bytes.count > max(0, limit) { out += "..." }
        return out
    }
}
