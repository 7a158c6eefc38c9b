/// Parses `tasklist.exe /fo csv /nh`: one quoted CSV row per process, `"node.exe","4242","Console","1","52.116 K"`
/// (image name, pid, session name, session number, memory in the locale's number format). Only the image name and
/// the pid are read, so the localised memory column and session names do not matter. A row whose pid is not a
/// number (a header line, `INFO: ...` when nothing matched) is skipped. Pure; never fails.
public enum TasklistImages {
    /// Image name by pid (the first row wins when a pid appears twice).
    ///
    /// Also the table `tasklist` prints without `/fo csv` (what people paste): `node.exe   4242 Console   1   52,116 K`,
    /// read by shape: the image name is the words before the first all-digit word, which is the pid (`System Idle
    /// Process   0 Services ...`); the localised header, the `=====` rule and `INFO: ...` have no such word.
    public static func parse(_ text: String) -> [Int: String] {
        var images: [Int: String] = [:]
        for line in text.split(separator: "\n") {
            if line.contains("\"") {
                let fields = csvFields(line)
                guard fields.count >= 2, let pid = Int(fields[1].trimmingSpaces()), pid >= 0, !fields[0].isEmpty else { continue }
                if images[pid] == nil { images[pid] = fields[0] }
                continue
            }
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            guard let at = words.firstIndex(where: { $0.count <= 10 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
                  at > 0, words.count > at + 1, let pid = Int(words[at]) else { continue }
            let image = words[..<at].joined(separator: " ")
            if images[pid] == nil { images[pid] = image }
        }
        return images
    }

    /// The fields of one CSV line: `"a","b,c"` -> [`a`, `b,c`]; `""` inside quotes is one `"`.
    static func csvFields(_ line: Substring) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var iterator = line.makeIterator()
        var pending: Character? = nil
        while true {
            let c: Character
            if let p = pending {
                c = p
                pending = nil
            } else if let next = iterator.next() {
                c = next
            } else {
                break
            }
            if quoted {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { current.append("\"") } else { quoted = false; pending = next }
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                fields.append(current)
                current = ""
            } else if c != "\r" {
                current.append(c)
            }
        }
        fields.append(current)
        return fields
    }
}
