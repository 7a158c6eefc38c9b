import Foundation
import Testing
import TestSupport
@testable import NetProbe

@Suite("Capture parsers under random and mutated input")
struct CaptureFuzzTests {
    static let ipSections = ["ip-addr", "ip-link", "ip-route", "ip-rule", "ip-rule6", "ip-neigh"]
    static let vocabulary = [
        "1:", "lo:", "eth0@if6:", "<BROADCAST,MULTICAST,UP,LOWER_UP>", "<", ">", "mtu", "1500", "qdisc", "state", "UP",
        "link/ether", "link/none", "00:15:5d:45:a2:ee", "brd", "inet", "inet6", "172.20.153.142/20", "fe80::1/64",
        "scope", "global", "host", "noprefixroute", "valid_lft", "forever", "altname", "default", "via", "dev", "table",
        "local", "broadcast", "127", "proto", "kernel", "metric", "src", "onlink", "nexthop", "0:", "32766:", "from",
        "all", "lookup", "main", "not", "iif", "ipproto", "tcp", "dport", "blackhole", "goto", "lladdr", "PERMANENT",
        "$", "#", "ip", "a", ">", "PS", "C:\\>", "wsl", "-6", "-j", "[", "]", "{", "}", "\"", ",", ":", "\\", "\t", "\n",
        "   ", "###", "### ip-addr", "😀", "\u{0}", "\r\n",
    ]

    /// Every warning names the file and a line that exists in the text (or none).
    static func checkWarnings(_ facts: MachineFacts, text: String, file: String) {
        let lineCount = max(TextLines.split(text).count, 1)
        for warning in facts.warnings {
            #expect(warning.file == file)
            if let line = warning.line { #expect(line >= 1 && line <= lineCount, "\(warning) in \(lineCount) lines") }
        }
    }

    @Test("random bytes (decoded as UTF-8) in every section finish quickly")
    func randomBytes() {
        var rng = SeededGenerator(seed: 1)
        let start = Date()
        for iteration in 0..<300 {
            let count = Int.random(in: 0...1500, using: &rng)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let body = String(decoding: bytes, as: UTF8.self)
            let name = FactSection.allCases[iteration % FactSection.allCases.count].rawValue
            let text = "### \(name)\n" + body
            Self.checkWarnings(CaptureReader.parse(text: text, file: "r"), text: text, file: "r")
        }
        #expect(Date().timeIntervalSince(start) < 30)
    }

    @Test("random ip vocabulary soup in the ip sections finishes quickly")
    func vocabularySoup() {
        var rng = SeededGenerator(seed: 2)
        let start = Date()
        for iteration in 0..<1500 {
            let words = (0..<Int.random(in: 0...120, using: &rng)).map { _ in Self.vocabulary.randomElement(using: &rng) ?? "" }
            let separator = iteration % 3 == 0 ? "" : " "
            let text = "### \(Self.ipSections[iteration % Self.ipSections.count])\n" + words.joined(separator: separator)
            Self.checkWarnings(CaptureReader.parse(text: text, file: "v"), text: text, file: "v")
        }
        #expect(Date().timeIntervalSince(start) < 30)
    }

    @Test("mutated fixtures (lines deleted, duplicated, swapped, truncated, junk, collapsed) never crash")
    func mutatedFixtures() throws {
        let fixtures = Fixtures.files(in: "ip")
        try #require(!fixtures.isEmpty)
        var rng = SeededGenerator(seed: 3)
        let start = Date()
        for path in fixtures {
            let original = try String(contentsOfFile: path, encoding: .utf8)
            for iteration in 0..<60 {
                var text = original
                for _ in 0...Int.random(in: 0...3, using: &rng) { text = Self.mutate(text, using: &rng) }
                let name = iteration % 4 == 0 ? Self.ipSections.randomElement(using: &rng) ?? "ip-addr" : Self.section(of: path)
                let capture = "### \(name)\n" + text
                Self.checkWarnings(CaptureReader.parse(text: capture, file: "m"), text: capture, file: "m")
            }
        }
        #expect(Date().timeIntervalSince(start) < 60)
    }

    @Test("mutated writer output never crashes")
    func mutatedCaptures() {
        var random = RandomFacts(rng: SeededGenerator(seed: 4))
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<150 {
            var text = CaptureWriter.write(random.facts(file: "w"))
            for _ in 0...Int.random(in: 0...4, using: &rng) { text = Self.mutate(text, using: &rng) }
            Self.checkWarnings(CaptureReader.parse(text: text, file: "w"), text: text, file: "w")
        }
    }

    static func section(of path: String) -> String {
        let name = URL(fileURLWithPath: path).lastPathComponent
        return name.components(separatedBy: "--").first ?? name
    }

    static func mutate(_ text: String, using rng: inout SeededGenerator) -> String {
        var lines = TextLines.pieces(text)
        let index = Int.random(in: 0..<max(lines.count, 1), using: &rng)
        switch Int.random(in: 0..<8, using: &rng) {
        case 0 where !lines.isEmpty: lines.remove(at: index)
        case 1 where !lines.isEmpty: lines.insert(lines[index], at: index)
        case 2 where lines.count > 1: lines.swapAt(index, Int.random(in: 0..<lines.count, using: &rng))
        case 3:
            let bytes = Array(text.utf8)
            return String(decoding: bytes.prefix(Int.random(in: 0...bytes.count, using: &rng)), as: UTF8.self)
        case 4:
            let junk = (0..<Int.random(in: 1...6, using: &rng)).map { _ in vocabulary.randomElement(using: &rng) ?? "" }
            lines.insert(junk.joined(separator: " "), at: min(index, lines.count))
        case 5:
            let spaces = String(repeating: " ", count: Int.random(in: 1...6, using: &rng))
            let end = min(lines.count, index + Int.random(in: 1...lines.count + 1, using: &rng))
            if index < end {
                let joined = lines[index..<end].joined(separator: spaces)
                lines.replaceSubrange(index..<end, with: [joined])
            }
        case 6:
            var scalars = Array(text.unicodeScalars)
            if !scalars.isEmpty {
                scalars[Int.random(in: 0..<scalars.count, using: &rng)] = pick(["{", "[", "\"", ",", ":", "/", "@", "\n", "x"], &rng)
            }
            return String(String.UnicodeScalarView(scalars))
        default:
            var scalars = Array(text.unicodeScalars)
            if !scalars.isEmpty { scalars.remove(at: Int.random(in: 0..<scalars.count, using: &rng)) }
            return String(String.UnicodeScalarView(scalars))
        }
        return lines.joined(separator: "\n")
    }

    static func pick(_ values: [Unicode.Scalar], _ rng: inout SeededGenerator) -> Unicode.Scalar {
        values[Int.random(in: 0..<values.count, using: &rng)]
    }
}
