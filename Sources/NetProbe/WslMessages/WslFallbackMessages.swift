/// What one of WSL's own networking-fallback messages says: the mode asked for, the mode WSL fell back to, and why.
public struct WslFallback: Sendable, Equatable, Codable {
    /// The mode `.wslconfig` asked for (`mirrored` for "Mirrored networking mode is not supported"); `nil` when the
    /// message does not name one.
    public var requested: WSLNetworkingMode?
    /// The mode WSL really uses after the message (`nat`, `none`, ...).
    public var effective: WSLNetworkingMode
    /// The message's `{}` reason (`Windows version 22631.4037 does not have the required features`), when it has one.
    public var reason: String?
    /// The language of the string it matched (`en-US`, `zh-CN`), and its resource name in WSL's `Resources.resw`.
    public var locale: String
    public var resource: String
    /// First and last line of the message in the text it was found in (1-based).
    public var firstLine: Int
    public var lastLine: Int
    /// `true` when the text holds WSL's string as WSL prints it (whitespace aside); `false` when only its words are
    /// there, its punctuation changed or dropped (`... is not supported  falling back to NAT networking`): a
    /// reporter's retyped or paraphrased copy, which says what the reporter saw, not what WSL printed.
    public var verbatim: Bool

    public init(requested: WSLNetworkingMode?, effective: WSLNetworkingMode, reason: String?, locale: String,
                resource: String, firstLine: Int, lastLine: Int, verbatim: Bool = true) {
        self.requested = requested
        self.effective = effective
        self.reason = reason
        self.locale = locale
        self.resource = resource
        self.firstLine = firstLine
        self.lastLine = lastLine
        self.verbatim = verbatim
    }

    /// `mirrored fell back to nat`, `networkingMode mirrored fell back to none`.
    public var summary: String {
        "\(requested.map { "\($0.rawValue) " } ?? "")fell back to \(effective.rawValue)"
            + (reason.map { " (\($0))" } ?? "")
    }
}

/// Finds WSL's networking-fallback messages in any text (a paste, a capture's `wsl-messages` section), in every
/// language WSL ships: the strings are WSL's own (`WslFallbackMessageTable.swift`, generated from
/// `docs/data/wsl-networking-fallback-messages.tsv`, microsoft/WSL `localization/strings/*/Resources.resw`), never
/// translated here. Pure; never fails.
///
/// Matching: whitespace (spaces, line breaks, a terminal's wrap) is ignored on both sides, so a message wrapped over
/// lines or pasted with its `\n` as a space matches; letters compare case-insensitively. Where no string matches so,
/// one whose WORDS match with punctuation ignored (a comma dropped, a colon for a period) is found as a retyped copy
/// (`verbatim` false), never as WSL's own output; WSL's `{}` placeholder
/// matches up to `placeholderLimit` characters. Only lines near one holding `NAT` or `networkingMode` (every
/// fallback string has one of them, in every language; Finnish writes `nat`) are looked at, at most `maxWindows`
/// of them, so a large paste costs one scan.
public enum WslFallbackMessages {
    /// The resources that are a fallback (the others in the table are reasons inside one).
    static let fallbackResources: Set<String> = [
        "MessageMirroredNetworkingNotSupportedReason", "MessageNetworkInitializationFailedFallback2",
        "MessageConsommeRequiresVirtio",
    ]

    /// The form WSL 2.0 to 2.2 printed before the reason was added (quoted in public reports: microsoft/WSL#11058,
    /// #10495 in English; #10717, from the Windows event log, in Spanish).
    static let olderForms: [(locale: String, resource: String, value: String)] = [
        ("en-US", "MessageMirroredNetworkingNotSupported", "Mirrored networking mode is not supported, falling back to NAT networking"),
        ("es-ES", "MessageMirroredNetworkingNotSupported", "No se admite el modo de red reflejada, revirtiendo a las redes NAT"),
    ]

    /// Most characters one `{}` matches (a reason, a mode name).
    static let placeholderLimit = 240
    /// Lines looked at on each side of an anchor line (a message wraps over at most a few lines).
    static let window = 3
    /// Most anchor lines looked at (the first ones): a report has a few; a paste of a million `NAT` lines is not read
    /// past this, so its cost stays bounded.
    static let maxWindows = 2000

    /// One compiled string: its pieces between placeholders, whitespace removed, lower-cased.
    struct Pattern {
        var locale: String
        var resource: String
        var pieces: [[String]]
    }

    static let patterns: [Pattern] = compile(loose: false)
    /// The same strings with punctuation ignored too, for retyped copies.
    static let loosePatterns: [Pattern] = compile(loose: true)

    static func compile(loose: Bool) -> [Pattern] {
        (table.filter { fallbackResources.contains($0.resource) } + olderForms).map { row in
            let pieces = row.value.split(separator: "{}", omittingEmptySubsequences: false).map { piece in
                piece.filter { !(loose ? isSpaceOrPunctuation($0) : isSpace($0)) }.map { $0.lowercased() }
            }
            return Pattern(locale: row.locale, resource: row.resource, pieces: pieces)
        }
    }

    static func isSpace(_ c: Character) -> Bool { c.isWhitespace || c == "\u{3000}" }
    /// Whitespace, and the punctuation a retyped copy changes (`,` `.` `:` `。` `：` quotes, dashes).
    static func isSpaceOrPunctuation(_ c: Character) -> Bool { isSpace(c) || c.isPunctuation }

    /// Every fallback message in `text`, in order; a message is found once even when several strings match it. WSL's
    /// own strings first; then, where none matched, retyped copies (`verbatim` false).
    public static func find(_ text: String) -> [WslFallback] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var anchors: [Int] = []
        // `nat` for Finnish (`nat-verkkopalveluun`); `NAT` and `networkingMode` for every other language.
        for (index, line) in lines.enumerated() {
            // An anchor word wrapped over two lines (`N` / `AT`) counts too.
            let joined = index > 0 ? String(lines[index - 1].suffix(16)) + String(line.prefix(16)) : ""
            guard isAnchor(line) || isAnchor(joined[...]) else { continue }
            anchors.append(index)
            if anchors.count == maxWindows { break }
        }
        let exact = scan(lines, anchors: anchors, loose: false)
        let retyped = scan(lines, anchors: anchors, loose: true).filter { copy in
            !exact.contains { $0.firstLine <= copy.lastLine && copy.firstLine <= $0.lastLine }
        }
        guard !retyped.isEmpty else { return exact }
        return (exact + retyped).sorted { ($0.firstLine, $0.lastLine) < ($1.firstLine, $1.lastLine) }
    }

    /// The messages found in the windows around `anchors`, WSL's strings compared exactly or `loose`ly.
    static func scan(_ lines: [Substring], anchors: [Int], loose: Bool) -> [WslFallback] {
        var found: [WslFallback] = []
        var coveredUpTo = -1
        for anchor in anchors where anchor > coveredUpTo {
            let low = max(0, anchor - window), high = min(lines.count - 1, anchor + window)
            guard let match = match(Array(lines[low...high]), firstLine: low + 1, loose: loose) else { continue }
            // The same message is not found again from a later anchor inside it.
            if let last = found.last, last.firstLine == match.firstLine { continue }
            found.append(match)
            coveredUpTo = match.lastLine - 1
        }
        return found
    }

    static func isAnchor(_ line: Substring) -> Bool {
        line.contains("NAT") || line.contains("networkingMode") || line.contains("nat")
    }

    /// A markdown quote's `>` marks at a line's start (`> wsl: ...`), which are not part of the message.
    static func unquoted(_ line: Substring) -> Substring {
        var rest = line.drop { $0 == " " || $0 == "\t" }
        while rest.first == ">" { rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" } }
        return rest
    }

    /// The first (leftmost) message in a window of lines.
    static func match(_ lines: [Substring], firstLine: Int, loose: Bool = false) -> WslFallback? {
        func ignored(_ character: Character) -> Bool { loose ? isSpaceOrPunctuation(character) : isSpace(character) }
        // The window without whitespace: each character lower-cased, with its line and its place in `original`.
        var original: [Character] = []
        var compact: [(text: String, line: Int, at: Int)] = []
        for (offset, line) in lines.enumerated() {
            for character in unquoted(line) {
                if !ignored(character) { compact.append((character.lowercased(), firstLine + offset, original.count)) }
                original.append(character)
            }
            // No separator at the line end: a wrap inside a word (`0x800` / `70032`) rejoins as one word.
        }
        let texts = compact.map(\.text)
        var best: (start: Int, end: Int, pattern: Pattern, holes: [Range<Int>])?
        for pattern in loose ? loosePatterns : patterns {
            guard let hit = locate(pattern.pieces, in: texts) else { continue }
            if best == nil || hit.start < best!.start || (hit.start == best!.start && hit.end > best!.end) {
                best = (hit.start, hit.end, pattern, hit.holes)
            }
        }
        guard var best else { return nil }
        // Loose, a string ending in `{}` (`... falling back to networkingMode {}.`, its `.` ignored) has nothing after
        // its last placeholder: the hole is the mode name WSL put there, read by its letters.
        if loose, best.pattern.pieces.last?.isEmpty == true, let last = best.holes.last, last.isEmpty {
            let rest = texts[last.lowerBound...].prefix(16).joined()
            guard let name = looseModeNames.first(where: { rest.hasPrefix($0) }) else { return nil }
            best.holes[best.holes.count - 1] = last.lowerBound..<(last.lowerBound + name.count)
            best.end = last.lowerBound + name.count
        }
        let holes = best.holes.map { hole -> String in
            guard !hole.isEmpty else { return "" }
            let from = compact[hole.lowerBound].at, to = compact[hole.upperBound - 1].at
            let words = String(original[from...to]).split(whereSeparator: { isSpace($0) })
            return words.joined(separator: " ")
        }
        var requested: WSLNetworkingMode?
        var effective: WSLNetworkingMode
        var reason: String?
        switch best.pattern.resource {
        case "MessageNetworkInitializationFailedFallback2":
            guard holes.count == 2, let to = mode(holes[1]) else { return nil }
            requested = mode(holes[0])
            effective = to
        case "MessageConsommeRequiresVirtio":
            guard let to = holes.first.flatMap(mode) else { return nil }
            requested = .virtioproxy
            effective = to
        default:
            requested = .mirrored
            effective = .nat
            reason = holes.first.map { $0.hasSuffix(".") || $0.hasSuffix("。") ? String($0.dropLast()) : $0 }
                .flatMap { $0.isEmpty ? nil : $0 }
        }
        return WslFallback(requested: requested, effective: effective, reason: reason, locale: best.pattern.locale,
                           resource: best.pattern.resource, firstLine: compact[best.start].line,
                           lastLine: compact[best.end - 1].line, verbatim: !loose)
    }

    /// Where the pieces match in order, each placeholder between them at most `placeholderLimit` characters:
    /// the start and end of the whole match and the placeholders' ranges. Leftmost start, then shortest holes.
    static func locate(_ pieces: [[String]], in text: [String]) -> (start: Int, end: Int, holes: [Range<Int>])? {
        guard let first = pieces.first else { return nil }
        var from = 0
        while let start = find(first, in: text, from: from, limit: nil) {
            var position = start + first.count
            var holes: [Range<Int>] = []
            var matched = true
            for piece in pieces.dropFirst() {
                guard let at = find(piece, in: text, from: position, limit: placeholderLimit) else { matched = false; break }
                holes.append(position..<at)
                position = at + piece.count
            }
            if matched, position > start { return (start, position, holes) }
            from = start + 1
        }
        return nil
    }

    /// The first place at or after `from` (and at most `limit` after it) where `piece` occurs.
    static func find(_ piece: [String], in text: [String], from: Int, limit: Int?) -> Int? {
        guard !piece.isEmpty else { return from <= text.count ? from : nil }
        let last = min(text.count - piece.count, limit.map { from + $0 } ?? Int.max)
        guard from <= last else { return nil }
        var index = from
        while index <= last {
            if text[index] == piece[0] {
                var k = 1
                while k < piece.count, text[index + k] == piece[k] { k += 1 }
                if k == piece.count { return index }
            }
            index += 1
        }
        return nil
    }

    /// The mode names a loose trailing placeholder is read as, longest first (lower-cased, as the compared text is).
    static let looseModeNames = ["virtioproxy", "consomme", "mirrored", "bridged", "none", "nat"]

    /// WSL's mode names as it prints them (`Mirrored`, `Nat`, `None`, `VirtioProxy`, `Consomme`, `Bridged`).
    static func mode(_ word: String) -> WSLNetworkingMode? {
        switch word.lowercased().filter({ $0.isLetter }) {
        case "nat": return .nat
        case "mirrored": return .mirrored
        case "none": return WSLNetworkingMode.none
        case "virtioproxy", "consomme": return .virtioproxy
        case "bridged": return .bridged
        default: return nil
        }
    }
}
