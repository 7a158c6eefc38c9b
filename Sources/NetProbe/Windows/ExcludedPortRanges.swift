/// One Windows excluded (reserved) TCP port range, from `netsh interface ipv4|ipv6 show excludedportrange`.
public struct ExcludedPortRange: Sendable, Equatable, Codable {
    public var start: UInt16
    public var end: UInt16
    /// Marked `*`: an administered (manual, `netsh ... add excludedportrange`) exclusion; the others are taken by
    /// Hyper-V, WinNAT or HNS and move at every reboot.
    public var administered: Bool
    public var line: Int

    public init(start: UInt16, end: UInt16, administered: Bool, line: Int) {
        self.start = start
        self.end = end
        self.administered = administered
        self.line = line
    }

    public func contains(_ port: UInt16) -> Bool { start <= port && port <= end }
    /// `18700-18799`, or `5357` for a single port.
    public var text: String { start == end ? "\(start)" : "\(start)-\(end)" }
}

/// Parses `netsh interface ipv4|ipv6 show excludedportrange protocol=tcp` by shape: a data row is two port numbers,
/// start <= end, optionally followed by `*`. Localised headings (`Start Port`, `Puerto de inicio`, `开始端口`), the
/// dashes and the legend (`* - Administered port exclusions.`) are skipped. Rows repeated by the ipv4 and ipv6
/// tables are kept once. Pure; never fails.
public enum ExcludedPortRanges {
    public static func parse(_ text: String) -> [ExcludedPortRange] {
        var ranges: [ExcludedPortRange] = []
        // Seen rows as `start << 17 | end << 1 | administered`: a set keeps the de-duplication linear (a list
        // search made 20,000 rows take 18 s).
        var seen = Set<UInt32>()
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let words = raw.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            guard words.count == 2 || (words.count == 3 && words[2] == "*"),
                  words[0].allSatisfy(\.isASCII), words[1].allSatisfy(\.isASCII),
                  let start = UInt16(words[0]), let end = UInt16(words[1]), start <= end else { continue }
            let administered = words.count == 3
            guard seen.insert(UInt32(start) << 17 | UInt32(end) << 1 | (administered ? 1 : 0)).inserted else { continue }
            ranges.append(ExcludedPortRange(start: start, end: end, administered: administered, line: index + 1))
        }
        return ranges
    }
}
