/// The mount points of a `/proc/self/mountinfo` text, and whether a path is on (or above) a mount of its own. Pure.
///
/// Format (proc(5)): one mount a line, space-separated; the fifth field is the mount point relative to the process's
/// root, with the kernel's octal escapes for space (`\040`), tab (`\011`), line feed (`\012`) and backslash (`\134`).
public enum MountPoints {
    /// What `parse` read: every well-formed line's mount point, in order, and how many non-blank lines were not.
    public struct Table: Sendable, Equatable {
        public var mountPoints: [String]
        /// Non-blank lines with fewer than five fields or a fifth field that is not an absolute path.
        public var malformedLines: Int
    }

    /// The mount points of `mountinfo`, escapes undone (a backslash not followed by three octal digits is kept as is).
    public static func parse(_ mountinfo: String) -> Table {
        var table = Table(mountPoints: [], malformedLines: 0)
        let bytes = Array(mountinfo.utf8)
        var lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            defer { lineStart = lineEnd + 1 }
            // The fifth field between spaces (runs of spaces are one separator).
            var index = lineStart
            var field = 0
            var fifth: Range<Int>?
            var anyField = false
            while index < lineEnd {
                while index < lineEnd && bytes[index] == UInt8(ascii: " ") { index += 1 }
                guard index < lineEnd else { break }
                let start = index
                while index < lineEnd && bytes[index] != UInt8(ascii: " ") { index += 1 }
                anyField = true
                if field == 4 { fifth = start..<index; break }
                field += 1
            }
            if let fifth, bytes[fifth.lowerBound] == UInt8(ascii: "/") {
                table.mountPoints.append(unescape(bytes[fifth]))
            } else if anyField {
                table.malformedLines += 1
            }
        }
        return table
    }

    /// `\NNN` (three octal digits, at most `\377`) turned back into its byte; every other byte as it is.
    static func unescape(_ bytes: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == UInt8(ascii: "\\"), index + 4 <= bytes.endIndex, let value = octal(bytes[(index + 1)..<(index + 4)]) {
                out.append(value)
                index += 4
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Three octal digits as one byte (`000` to `377`); nil otherwise.
    private static func octal(_ digits: ArraySlice<UInt8>) -> UInt8? {
        guard digits.count == 3 else { return nil }
        var value = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "7") else { return nil }
            value = value * 8 + Int(digit - UInt8(ascii: "0"))
        }
        return value <= 255 ? UInt8(value) : nil
    }

    /// Whether the absolute `path` may be on a mount of its own: some mount point of `mountinfo` other than `/` is
    /// `path`, one of its ancestors, or below it. Unknown mounts (`mountinfo` nil, or no mount point read from it)
    /// answer true: the caller must then assume it may be.
    public static func touchesOwnMount(_ path: String, mountinfo: String?) -> Bool {
        guard let mountinfo else { return true }
        let points = parse(mountinfo).mountPoints
        guard !points.isEmpty else { return true }
        let target = trimmedSlashes(path)
        return points.contains { point in
            let mount = trimmedSlashes(point)
            guard mount != "/" else { return false }
            return mount == target || target.hasPrefix(mount + "/") || mount.hasPrefix(target == "/" ? "/" : target + "/")
        }
    }

    /// `path` without trailing slashes (`/` stays `/`).
    static func trimmedSlashes(_ path: String) -> String {
        var text = Substring(path)
        while text.count > 1 && text.hasSuffix("/") { text = text.dropLast() }
        return String(text)
    }
}
