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
/// - Beyond loopback a token needs at least `minimumBytesBeyondLoopback` (16) bytes of UTF-8.
public enum TokenPolicy {
    public static let minimumBytesBeyondLoopback = 16

    /// The refusal of a blank token, or nil.
    public static func blankRefusal(_ token: TokenSetting?) -> PlanRefusal? {
        guard let token, token.value.allSatisfy({ $0.isWhitespace }) else { return nil }
        let fix = token.replacement(minimumBytes: minimumBytesBeyondLoopback)
        return PlanRefusal(
            "Refusing a blank token from \(token.source): an empty token is no token. Set a token of at least "
                + "\(minimumBytesBeyondLoopback) bytes (for example from 'openssl rand -hex 32'), or set none for a loopback-only gateway.",
            fix: "\(fix.set); or \(fix.unset) for a loopback-only gateway")
    }

    /// The refusal of a token too short for the plan's addresses, or nil.
    public static func strengthRefusal(_ token: TokenSetting?, bindAddresses: [String]) -> PlanRefusal? {
        guard let token, token.value.utf8.count < minimumBytesBeyondLoopback,
              let open = bindAddresses.first(where: { !IPAddressText.isLoopback($0) }) else { return nil }
        return PlanRefusal(
            "Refusing to bind gateway to \(open) with a token of \(token.value.utf8.count) bytes from \(token.source): beyond "
                + "loopback a token needs at least \(minimumBytesBeyondLoopback) bytes (for example from 'openssl rand -hex 32').",
            fix: "\(token.replacement(minimumBytes: minimumBytesBeyondLoopback).set); or use --bind loopback")
    }
}
