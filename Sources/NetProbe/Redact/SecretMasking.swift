/// Masks secrets in free text: the value after `--token`, `--password` (and `=` forms), `OPENCLAW_GATEWAY_TOKEN=`,
/// `OPENCLAW_GATEWAY_PASSWORD=`, any `*_TOKEN=`/`*_PASSWORD=`/`*_SECRET=` assignment, and the credentials of an
/// `Authorization:` header, each replaced by `***`. Pure.
///
/// A minimal version for the journal's redaction; the coordinator keeps the redact helper's file at merge.
public enum SecretMasking {
    public static func mask(_ text: String) -> String {
        var out = text
        // `--token X`, `--token=X`, `--password X`, `--auth-token X`, `--api-key X`.
        out = replace(out, pattern: #"(?i)(--(?:[a-z-]*token|password|passwd|secret|api-key)(?:\s+|=))("[^"]*"|'[^']*'|[^\s"']+)"#, keep: [1])
        // `Authorization: Bearer X` / `Authorization: X` (header in a message or a curl command line).
        out = replace(out, pattern: #"(?i)(authorization\s*[:=]\s*)(bearer\s+|basic\s+|token\s+)?([^\s"',;]+)"#, keep: [1, 2])
        // `OPENCLAW_GATEWAY_TOKEN=X`, `FOO_PASSWORD=X`, `"token":"X"`.
        out = replace(out, pattern: #"(?i)(\b[A-Z0-9_]*(?:TOKEN|PASSWORD|PASSWD|SECRET|API_KEY)\s*=\s*)("[^"]*"|'[^']*'|[^\s"']+)"#, keep: [1])
        out = replace(out, pattern: #"(?i)("(?:token|password|secret|apiKey)"\s*:\s*")([^"]+)"#, keep: [1])
        return out
    }

    /// Replaces every match of `pattern` by its `keep` groups followed by `***`.
    private static func replace(_ text: String, pattern: String, keep: [Int]) -> String {
        guard let regex = try? Regex(pattern) else { return text }
        var out = ""
        var last = text.startIndex
        for match in text.matches(of: regex) {
            out += text[last..<match.range.lowerBound]
            for group in keep where group < match.output.count {
                if let piece = match.output[group].substring { out += piece }
            }
            out += match.range.isEmpty ? "" : "***"
            last = match.range.upperBound
        }
        out += text[last...]
        return out
    }
}
