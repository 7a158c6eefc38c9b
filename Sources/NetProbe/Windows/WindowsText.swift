/// Decodes what a Windows tool printed into text: UTF-16LE (with or without a byte-order mark; `wsl.exe`),
/// UTF-8, or else the console's OEM code page, read as code page 850 (Western European; the German, Spanish,
/// French and Portuguese consoles) as a best effort. Line ends become `\n` (CRLF and lone CR), NULs are dropped.
/// Pure; never fails: every byte sequence gives some text.
public enum WindowsText {
    public enum Encoding: String, Sendable, Equatable {
        case utf16le, utf8, oem850
    }

    public static func decode(_ bytes: [UInt8]) -> String { decodeDetecting(bytes).text }

    /// The text and the encoding it was read as.
    public static func decodeDetecting(_ bytes: [UInt8]) -> (text: String, encoding: Encoding) {
        if looksUTF16LE(bytes) {
            var body = bytes[...]
            if body.starts(with: [0xFF, 0xFE]) { body = body.dropFirst(2) }
            var units: [UInt16] = []
            units.reserveCapacity(body.count / 2)
            var index = body.startIndex
            while index + 1 < body.endIndex {
                units.append(UInt16(body[index]) | UInt16(body[index + 1]) << 8)
                index += 2
            }
            return (normalise(String(decoding: units, as: UTF16.self)), .utf16le)
        }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let text = String(validating: body, as: UTF8.self) { return (normalise(text), .utf8) }
        let scalars = body.map { byte -> Unicode.Scalar in
            byte < 0x80 ? Unicode.Scalar(byte) : (Unicode.Scalar(cp850[Int(byte) - 0x80]) ?? "?")
        }
        return (normalise(String(String.UnicodeScalarView(scalars))), .oem850)
    }

    /// A UTF-16LE byte-order mark, or ASCII-looking text in UTF-16LE: most odd bytes zero, few even bytes zero.
    static func looksUTF16LE(_ bytes: [UInt8]) -> Bool {
        if bytes.starts(with: [0xFF, 0xFE]) { return true }
        guard bytes.count >= 4 else { return false }
        var oddZero = 0, evenZero = 0
        for (i, b) in bytes.enumerated() where b == 0 {
            if i & 1 == 1 { oddZero += 1 } else { evenZero += 1 }
        }
        let pairs = bytes.count / 2
        return oddZero * 2 >= pairs && evenZero * 8 < pairs
    }

    /// CRLF and lone CR become LF; NUL characters are removed.
    static func normalise(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var previousCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\r" {
                out.append("\n")
                previousCR = true
                continue
            }
            if scalar == "\n" && previousCR { previousCR = false; continue }
            previousCR = false
            if scalar.value == 0 { continue }
            out.append(scalar)
        }
        return String(out)
    }

    /// Code page 850, bytes 0x80-0xFF.
    static let cp850: [UInt32] = [
        0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7,
        0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5,
        0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9,
        0x00FF, 0x00D6, 0x00DC, 0x00F8, 0x00A3, 0x00D8, 0x00D7, 0x0192,
        0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA,
        0x00BF, 0x00AE, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB,
        0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x00C1, 0x00C2, 0x00C0,
        0x00A9, 0x2563, 0x2551, 0x2557, 0x255D, 0x00A2, 0x00A5, 0x2510,
        0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x00E3, 0x00C3,
        0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x00A4,
        0x00F0, 0x00D0, 0x00CA, 0x00CB, 0x00C8, 0x0131, 0x00CD, 0x00CE,
        0x00CF, 0x2518, 0x250C, 0x2588, 0x2584, 0x00A6, 0x00CC, 0x2580,
        0x00D3, 0x00DF, 0x00D4, 0x00D2, 0x00F5, 0x00D5, 0x00B5, 0x00FE,
        0x00DE, 0x00DA, 0x00DB, 0x00D9, 0x00FD, 0x00DD, 0x00AF, 0x00B4,
        0x00AD, 0x00B1, 0x2017, 0x00BE, 0x00B6, 0x00A7, 0x00F7, 0x00B8,
        0x00B0, 0x00A8, 0x00B7, 0x00B9, 0x00B3, 0x00B2, 0x25A0, 0x00A0,
    ]
}
