#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns the bytes people send into capture text: UTF-8 (with or without a byte order mark), UTF-16LE or
/// UTF-16BE with a byte order mark (what Windows PowerShell 5's `>` and `Out-File` write), and any line ends
/// (`\r\n` from Windows editors and `Out-File`, `\n`). Pure.
///
/// The result always has `\n` line ends, so every parser (and the classifier reading verbatim sections such as
/// `mountinfo` and `resolv.conf`) sees the same text whatever the sender's platform.
enum CaptureTextDecoding {
    /// Why bytes are not text.
    enum Failure: Error, Equatable {
        /// Invalid UTF-8 at this byte offset (of the original bytes, BOM included).
        case invalidUTF8(byteOffset: Int)
        /// An odd byte count or an unpaired surrogate in UTF-16 text, at this byte offset.
        case invalidUTF16(byteOffset: Int)
    }

    /// Decodes `bytes` as described above and normalises the line ends.
    static func decode(_ bytes: [UInt8]) -> Result<String, Failure> {
        if bytes.starts(with: [0xFF, 0xFE]) { return utf16(bytes, littleEndian: true).map(normalizedLineEnds) }
        if bytes.starts(with: [0xFE, 0xFF]) { return utf16(bytes, littleEndian: false).map(normalizedLineEnds) }
        let skip = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let body = Array(bytes[skip...])
        // The standard library's decoding repairs invalid UTF-8 (U+FFFD), so the text is valid exactly when its
        // bytes are the input's; only then is the slower scan for the offset needed.
        var text = String(decoding: body, as: UTF8.self)
        let valid = text.withUTF8 { decoded in
            body.withUnsafeBufferPointer { original in
                decoded.count == original.count
                    && (original.isEmpty || memcmp(decoded.baseAddress!, original.baseAddress!, original.count) == 0)
            }
        }
        if !valid, let offset = firstInvalidUTF8Offset(body) {
            return .failure(.invalidUTF8(byteOffset: offset + skip))
        }
        return .success(normalizedLineEnds(text))
    }

    /// `decode`, with a failure as the `CaptureError` of `path` (`.notUTF8`, `.notUTF16`): the one mapping for
    /// capture files, section files, issue reports and standard input.
    static func text(_ bytes: [UInt8], path: String) throws(CaptureError) -> String {
        switch decode(bytes) {
        case .success(let text): return text
        case .failure(.invalidUTF8(let offset)): throw CaptureError(path: path, reason: .notUTF8(byteOffset: offset))
        case .failure(.invalidUTF16(let offset)): throw CaptureError(path: path, reason: .notUTF16(byteOffset: offset))
        }
    }

    /// Offset of the first byte that is not part of valid UTF-8, or `nil` when all of it is valid.
    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    /// `text` with every `\r\n` (and `\r\r\n`, as a Windows paste doubles it: any run of `\r` before `\n`) turned
    /// into `\n` and a leading byte order mark (U+FEFF) removed. A lone `\r` (not followed by `\n`) is kept: it is
    /// content, not a line end.
    static func normalizedLineEnds(_ text: String) -> String {
        var contiguous = text
        return contiguous.withUTF8 { all in
            let skip = all.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            let utf8 = UnsafeBufferPointer(rebasing: all[skip...])
            guard let base = utf8.baseAddress, memchr(base, Int32(UInt8(ascii: "\r")), utf8.count) != nil else {
                return skip == 0 ? text : String(decoding: utf8, as: UTF8.self)
            }
            var out: [UInt8] = []
            out.reserveCapacity(utf8.count)
            var index = 0
            while index < utf8.count {
                let byte = utf8[index]
                if byte == UInt8(ascii: "\r") {
                    var next = index + 1
                    while next < utf8.count, utf8[next] == UInt8(ascii: "\r") { next += 1 }
                    if next < utf8.count, utf8[next] == UInt8(ascii: "\n") {
                        index = next
                        continue
                    }
                    // A run of `\r`s not ending a line is content: kept whole, and each byte is looked at once
                    // (stepping one `\r` at a time rescanned the run: 16 MB of `\r` was quadratic).
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[index..<next]))
                    index = next
                    continue
                }
                out.append(byte)
                index += 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    private static func utf16(_ bytes: [UInt8], littleEndian: Bool) -> Result<String, Failure> {
        let body = bytes.dropFirst(2)
        guard body.count % 2 == 0 else { return .failure(.invalidUTF16(byteOffset: bytes.count - 1)) }
        var units: [UInt16] = []
        units.reserveCapacity(body.count / 2)
        var index = body.startIndex
        while index < body.endIndex {
            let first = UInt16(body[index]), second = UInt16(body[index + 1])
            units.append(littleEndian ? first | second << 8 : first << 8 | second)
            index += 2
        }
        var scalars = String.UnicodeScalarView()
        var decoder = UTF16()
        var iterator = units.makeIterator()
        var offset = 2
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                scalars.append(scalar)
                offset += UTF16.width(scalar) * 2
            case .emptyInput:
                return .success(String(scalars))
            case .error:
                return .failure(.invalidUTF16(byteOffset: offset))
            }
        }
    }
}
