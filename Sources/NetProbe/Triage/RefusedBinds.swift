/// A refused bind stated in a line of a report or of a journal: a program said it could not listen on a port, and
/// why, in the words its runtime prints. Pure, one line at a time; never fails (a line that states no refused bind
/// gives `nil`).
///
/// Forms read (the words of each runtime's own message, matched without regard to case):
/// - Node: `Error: listen EACCES: permission denied 0.0.0.0:5037`, `listen EADDRINUSE: address already in use :::18789`;
/// - Go: `listen tcp 0.0.0.0:5432: bind: An attempt was made to access a socket in a way forbidden by its access
///   permissions.` (Windows' WSAEACCES text), `bind: permission denied`, `bind: address already in use`, `Only one
///   usage of each socket address (protocol/network address/port) is normally permitted.` (WSAEADDRINUSE);
/// - Python: `[WinError 10013] ...`, `[WinError 10048] ...`, `[Errno 13] Permission denied` / `[Errno 98] Address
///   already in use` on a line that says `bind` or `listen` (uvicorn's `error while attempting to bind on address
///   ('127.0.0.1', 8000)`);
/// - the gateway's own: `another gateway instance is already listening on ws://127.0.0.1:18789`.
/// The port is the one the line names (`HOST:PORT`, `('HOST', PORT)`, `port PORT`, strace's `htons(PORT)`), else `nil`; a clock
/// (`10:55:10`) is never a port.
public struct RefusedBind: Sendable, Equatable, Codable {
    /// Why the bind was refused, by its errno's name.
    public enum Cause: String, Sendable, Codable {
        /// `EACCES` / `WSAEACCES` (10013): on Windows (and on WSL2 mirrored, which shares Windows' ports) the mark of
        /// an excluded port range (Hyper-V, WinNAT) or of a socket bound with exclusive use; on Linux below 1024,
        /// of a missing privilege.
        case accessDenied = "EACCES"
        /// `EADDRINUSE` / `WSAEADDRINUSE` (10048): a socket holds the port.
        case addressInUse = "EADDRINUSE"
    }

    public var cause: Cause
    /// The words of the line that said so, as pasted (`EACCES`, `permission denied`, `WinError 10013`, ...).
    public var word: String
    /// The port the line names, or `nil`.
    public var port: Int?
    /// The input line (1-based).
    public var line: Int

    public init(cause: Cause, word: String, port: Int?, line: Int) {
        self.cause = cause
        self.word = word
        self.port = port
        self.line = line
    }
}

public enum RefusedBinds {
    /// Every refused bind in `lines`, in input order.
    static func find(_ lines: [SourceLine]) -> [RefusedBind] {
        lines.compactMap { line in parse(line.text).map { RefusedBind(cause: $0.cause, word: $0.word, port: $0.port, line: line.number) } }
    }

    /// The refused bind one line (or one journal message) states, or `nil`.
    public static func parse(_ text: String) -> (cause: RefusedBind.Cause, word: String, port: Int?)? {
        // Long lines are not log lines: a bounded look keeps a 1 MiB paste line linear and cheap.
        let text = text.utf8.count > 4096 ? String(decoding: text.utf8.prefix(4096), as: UTF8.self) : text
        let lower = text.lowercased()
        let bindWords = lower.contains("bind") || lower.contains("listen")
        let cause: RefusedBind.Cause
        let word: String
        if let found = ["wsaeacces", "eacces"].first(where: { contains(lower, word: $0) }) {
            (cause, word) = (.accessDenied, found == "eacces" ? "EACCES" : "WSAEACCES")
        } else if lower.contains("forbidden by its access permissions") {
            (cause, word) = (.accessDenied, "forbidden by its access permissions (WSAEACCES)")
        } else if lower.contains("winerror 10013") {
            (cause, word) = (.accessDenied, "WinError 10013 (WSAEACCES)")
        } else if bindWords, lower.contains("permission denied") {
            (cause, word) = (.accessDenied, "permission denied")
        } else if let found = ["wsaeaddrinuse", "eaddrinuse"].first(where: { contains(lower, word: $0) }) {
            (cause, word) = (.addressInUse, found == "eaddrinuse" ? "EADDRINUSE" : "WSAEADDRINUSE")
        } else if lower.contains("only one usage of each socket address") || lower.contains("winerror 10048") {
            (cause, word) = (.addressInUse, "only one usage of each socket address (WSAEADDRINUSE)")
        } else if lower.contains("address already in use") {
            (cause, word) = (.addressInUse, "address already in use")
        } else if lower.contains("another gateway instance is already listening") {
            (cause, word) = (.addressInUse, "already listening")
        } else {
            return nil
        }
        return (cause, word, port(in: text))
    }

    /// Whether `word` stands in `lower` with no letter or digit on either side (`EACCES`, not `EACCESS_LIST`).
    static func contains(_ lower: String, word: String) -> Bool {
        var rest = lower[...]
        while let range = rest.firstRange(of: word) {
            let before = range.lowerBound == lower.startIndex ? nil : lower[lower.index(before: range.lowerBound)]
            let after = range.upperBound == lower.endIndex ? nil : lower[range.upperBound]
            if !(before.map(isWordCharacter) ?? false), !(after.map(isWordCharacter) ?? false) { return true }
            rest = lower[range.upperBound...]
        }
        return false
    }

    static func isWordCharacter(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == "_") }

    /// The port `text` names: the last `HOST:PORT` (`0.0.0.0:5037`, `:::18789`, `[::1]:18789`, `ws://127.0.0.1:18789`),
    /// else Python's `('HOST', PORT)`, else `port PORT`; `nil` when none. A clock's `:55:10` is no port: the digits
    /// must not go on with `:` or `.` and a digit, nor follow a run of one or two digits alone (`10:55`).
    public static func port(in text: String) -> Int? {
        let chars = Array(text)
        var found: Int?
        var index = 0
        while index < chars.count {
            defer { index += 1 }
            guard chars[index] == ":" else { continue }
            var end = index + 1
            while end < chars.count, chars[end].isASCII, chars[end].isNumber { end += 1 }
            let digits = end - index - 1
            guard (1...5).contains(digits) else { continue }
            // `10:55:10`, `10:55:10.402`: a clock's digits go on with `:` or `.` and a digit (`:2222: bind` does not).
            if end + 1 < chars.count, chars[end] == ":" || chars[end] == ".", chars[end + 1].isASCII, chars[end + 1].isNumber { continue }
            var start = index
            while start > 0, chars[start - 1].isASCII, chars[start - 1].isNumber { start -= 1 }
            let before = index - start
            let boundary = start == 0 || !(chars[start - 1].isASCII && (chars[start - 1].isLetter || chars[start - 1] == "." || chars[start - 1] == "]"))
            if (1...2).contains(before), boundary { continue }
            if let value = Int(String(chars[(index + 1)..<end])), (1...65535).contains(value) { found = value }
        }
        if let found { return found }
        let words = Tokenizer.words(text.replacing("(", with: " ").replacing(")", with: " ").replacing(",", with: " "))
        for (at, word) in words.enumerated() {
            // Python's `('127.0.0.1', 8000)`: a quoted address (strace's `write(2, "Errno::EACCES", 13)` is a byte count).
            let unquoted = word.count >= 2 && (word.hasPrefix("'") || word.hasPrefix("\"")) && (word.hasSuffix("'") || word.hasSuffix("\""))
                ? String(word.dropFirst().dropLast()) : nil
            let host = unquoted.map { $0.isEmpty || $0 == "localhost" || IPAddress($0) != nil } ?? false
            if host || word.lowercased() == "port", at + 1 < words.count, let value = Int(words[at + 1]), (1...65535).contains(value) {
                return value
            }
            // strace's `sin_port=htons(1023)`.
            if word.hasSuffix("=htons") || word == "htons", at + 1 < words.count, let value = Int(words[at + 1]), (1...65535).contains(value) {
                return value
            }
        }
        return nil
    }
}
