/// A configured token and where it came from (`--token`, `OPENCLAW_GATEWAY_TOKEN`, `gateway.auth.token in PATH`).
/// The value is never printed.
public struct TokenSetting: Sendable, Equatable {
    public var value: String
    public var source: String
    /// The configuration file it came from (`<state>/openclaw.json`), when it came from one: a refusal's fix then
    /// names the file to edit, not a variable to export.
    public var file: String?

    public init(value: String, source: String, file: String? = nil) {
        self.value = value
        self.source = source
        self.file = file
    }

    /// How to replace it with a usable token, where it was set: the file's key, the variable, or the option.
    /// `unset`: how to have none instead (a loopback-only gateway).
    func replacement(minimumBytes: Int) -> (set: String, unset: String) {
        let example = "for example from `openssl rand -hex 32`"
        if let file {
            return ("edit \(file): set gateway.auth.token to a token of at least \(minimumBytes) bytes (\(example))",
                    "remove gateway.auth.token from \(file)")
        }
        if source.hasPrefix("--") {
            return ("pass \(source) with at least \(minimumBytes) bytes (\(example))", "drop \(source)")
        }
        return ("export \(source)=\"$(openssl rand -hex 32)\" (at least \(minimumBytes) bytes)", "unset \(source)")
    }
}

/// What a token must be. Pure; refusals exit 78 (`EX_CONFIG`) and never contain the token.
///
/// - A set but blank token (empty, or only spaces, tabs and line breaks) is refused wherever it comes from: an empty
///   token is no token, and a client sending `"token":""` must never be let in.
/// - Any token needs at least `minimumBytes` (16) bytes of UTF-8, on loopback too: every local account and every
///   program on the machine (a browser page included, through DNS rebinding) can reach a loopback gateway, and the
///   failed-auth limits (`AuthFailureLimiter`) only slow guessing down; they cannot make a short token long.
public enum TokenPolicy {
    public static let minimumBytes = 16

    /// The refusal of a blank token, or nil.
    public static func blankRefusal(_ token: TokenSetting?) -> PlanRefusal? {
        guard let token, token.value.allSatisfy({ $0.isWhitespace }) else { return nil }
        let fix = token.replacement(minimumBytes: minimumBytes)
        return PlanRefusal(
            "Refusing a blank token from \(token.source): an empty token is no token. Set a token of at least "
                + "\(minimumBytes) bytes (for example from 'openssl rand -hex 32'), or set none for a loopback-only gateway.",
            fix: "\(fix.set); or \(fix.unset) for a loopback-only gateway")
    }

    /// The refusal of a token shorter than `minimumBytes`, or nil. `bindAddresses` only shapes the sentence: beyond
    /// loopback it names the first address that is not loopback.
    public static func strengthRefusal(_ token: TokenSetting?, bindAddresses: [String]) -> PlanRefusal? {
        guard let token, token.value.utf8.count < minimumBytes else { return nil }
        let length = token.value.utf8.count
        let example = "(for example from 'openssl rand -hex 32')"
        let fix = token.replacement(minimumBytes: minimumBytes).set
        if let open = bindAddresses.first(where: { !IPAddressText.isLoopback($0) }) {
            return PlanRefusal(
                "Refusing to bind gateway to \(open) with a token of \(length) bytes from \(token.source): a token needs at "
                    + "least \(minimumBytes) bytes \(example).",
                fix: fix)
        }
        return PlanRefusal(
            "Refusing a token of \(length) bytes from \(token.source): a token needs at least \(minimumBytes) bytes, on "
                + "loopback too (every local account and program can try it) \(example).",
            fix: fix)
    }
}
