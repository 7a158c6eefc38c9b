/// The gateway port a report states, wherever it states it, with the line that says so. Pure, one line at a time
/// (an `openclaw.json`'s `"gateway"` object is followed across lines); never fails (a line that states no port gives
/// nothing).
///
/// Forms read:
/// - the gateway's own log line: `[gateway] listening on ws://127.0.0.1:18790 (PID 4242)`;
/// - `openclaw gateway status`: `Gateway: bind=loopback (127.0.0.1), port=18790 (env/config)`, `Runtime: not running
///   (port 18790; ...)`, and a `Port: 18790` line (`OpenClawCLIText`'s `port` statements);
/// - a command line's `--port 18790` / `--port=18790` (`openclaw gateway --port 18790`, `openclaw gateway run ...`);
/// - `gateway.port` of a pasted `openclaw.json`: `"port": 18790` inside the `"gateway": { ... }` object (JSON5's
///   bare `port: 18790` too).
/// A port is 1-65535; the first statement in input order is the one judged (`find(...).first`).
public struct StatedGatewayPort: Sendable, Equatable, Codable {
    /// Which form stated it.
    public enum Form: String, Sendable, Codable {
        case logLine = "gateway log line"
        case gatewayStatus = "openclaw gateway status"
        case portOption = "--port"
        case configFile = "openclaw.json gateway.port"
    }

    public var port: Int
    public var form: Form
    /// The input line (1-based).
    public var line: Int

    public init(port: Int, form: Form, line: Int) {
        self.port = port
        self.form = form
        self.line = line
    }

    /// Where it came from, for the report: `gateway log line, line 12`.
    public var source: String { "\(form.rawValue), line \(line)" }
}

public enum StatedGatewayPorts {
    /// Every port the lines state, in input order (one per line at most).
    static func find(_ lines: [SourceLine]) -> [StatedGatewayPort] {
        var out: [StatedGatewayPort] = []
        // Depth of braces inside the `"gateway": {` object, when one is open.
        var gatewayDepth: Int?
        for line in lines {
            let text = line.text
            if let (port, form) = parse(text) {
                out.append(StatedGatewayPort(port: port, form: form, line: line.number))
            } else if let depth = gatewayDepth, depth == 1, let port = configPort(text) {
                out.append(StatedGatewayPort(port: port, form: .configFile, line: line.number))
            }
            // Follow the `"gateway"` object: opened on its key's line, closed when its braces balance.
            let opens = text.filter { $0 == "{" }.count
            let closes = text.filter { $0 == "}" }.count
            if let depth = gatewayDepth {
                let next = depth + opens - closes
                gatewayDepth = next > 0 ? next : nil
            } else if let key = gatewayKey(text) {
                let rest = text[key...]
                let next = rest.filter { $0 == "{" }.count - rest.filter { $0 == "}" }.count
                gatewayDepth = next > 0 ? next : nil
            }
        }
        return out
    }

    /// The port one line states by itself (`listening on ws://...:N`, `port=N`, `(port N;`, `Port: N`, `--port N`,
    /// `"gateway": {"port": N`), or `nil`.
    public static func parse(_ text: String) -> (Int, StatedGatewayPort.Form)? {
        let words = Tokenizer.words(text)
        if let at = words.firstIndex(where: { $0.lowercased() == "listening" }), at + 2 < words.count,
           words[at + 1].lowercased() == "on", words[at + 2].hasPrefix("ws://") || words[at + 2].hasPrefix("wss://") || words[at + 2].hasPrefix("http://"),
           let port = OpenClawCLIText.urlPort(words[at + 2]).flatMap(valid) {
            return (port, .logLine)
        }
        let unboxed = OpenClawCLIText.unboxed(words)
        for statement in OpenClawCLIText.statements([SourceLine(number: 1, text: text)]) where statement.fact == "port" {
            // `Dashboard http://...:N` and `status`'s `Gateway local · ws://...:N` state the port the CLI reaches.
            if let port = valid(statement.value) { return (port, .gatewayStatus) }
        }
        if unboxed.count == 2, unboxed[0] == "Port:", let port = valid(unboxed[1]) { return (port, .gatewayStatus) }
        for (index, word) in words.enumerated() {
            if word == "--port", index + 1 < words.count, let port = valid(words[index + 1]) { return (port, .portOption) }
            if word.hasPrefix("--port="), let port = valid(String(word.dropFirst("--port=".count))) { return (port, .portOption) }
        }
        if let key = gatewayKey(text), let port = configPort(String(text[key...])) { return (port, .configFile) }
        return nil
    }

    /// Where `"gateway"` (or JSON5's bare `gateway`) opens an object on this line: the index after its key.
    static func gatewayKey(_ text: String) -> String.Index? {
        for key in ["\"gateway\"", "gateway"] {
            guard let range = text.firstRange(of: key) else { continue }
            let after = text[range.upperBound...].drop { $0 == " " || $0 == "\t" }
            guard after.first == ":" else { continue }
            let value = after.dropFirst().drop { $0 == " " || $0 == "\t" }
            if value.first == "{" { return range.upperBound }
            if value.isEmpty { return range.upperBound }  // `"gateway":` then `{` on the next line: not followed.
        }
        return nil
    }

    /// `"port": 18790` / `port: 18790,` on a line of the `gateway` object.
    static func configPort(_ text: String) -> Int? {
        for key in ["\"port\"", "port"] {
            guard let range = text.firstRange(of: key) else { continue }
            if key == "port", range.lowerBound > text.startIndex {
                let before = text[text.index(before: range.lowerBound)]
                guard before == " " || before == "\t" || before == "{" || before == "," else { continue }
            }
            let after = text[range.upperBound...].drop { $0 == " " || $0 == "\t" }
            guard after.first == ":" else { continue }
            let digits = after.dropFirst().drop { $0 == " " || $0 == "\t" }.prefix { $0.isASCII && $0.isNumber }
            return valid(String(digits))
        }
        return nil
    }

    /// 1-65535 written as digits alone (at most 5; a `(` before, `,;)` after are punctuation), else `nil`.
    static func valid(_ word: String) -> Int? {
        var text = Substring(word)
        while text.first == "(" { text = text.dropFirst() }
        while let last = text.last, last == "," || last == ";" || last == ")" { text = text.dropLast() }
        guard !text.isEmpty, text.count <= 5, text.allSatisfy({ $0.isASCII && $0.isNumber }), let port = Int(text),
              (1...65535).contains(port) else { return nil }
        return port
    }
}
