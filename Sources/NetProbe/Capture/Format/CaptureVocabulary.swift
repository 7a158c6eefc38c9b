/// The capture format's own words: its section names (`FactSection`), the keys and enumerated values of its JSON
/// sections (`reach`: `ReachSection` in Gateway writes `{"target":{"source","role","host"},"result":{...}}`) and
/// the values of its enumerations (roles, sources, verdicts).
///
/// The redactor never learns one of these words as a name, and never rewrites a word of the text that is one of
/// them, even when a learned name is a part of it (a host named `vm` leaves `vm-address` alone), so a redacted
/// capture has the sections, keys and values it was written with (`CaptureVocabularyRedactionTests` redacts a
/// capture with each word and each part as the learned name and reads it back). Lower-case. Gateway's
/// `ReachRole` cases, `ReachSource` cases and `ProbeOutcome.allNames` are checked against these lists by a test.
public enum CaptureVocabulary {
    /// `ReachRole` raw values.
    public static let reachRoles: Set<String> = [
        "loopback", "ipv6-loopback", "second-loopback", "lan-address", "localhost", "vm-address",
    ]
    /// `ReachSource` raw values.
    public static let reachSources: Set<String> = ["linux", "windows"]
    /// The keys of the `reach` section's objects (`ReachObservation`, `ProbeResult`, `ProbeOutcome`,
    /// `GatewayIdentity`), lower-cased.
    public static let reachKeys: Set<String> = [
        "bootid", "target", "source", "role", "host", "result", "port", "outcome", "verdict", "elapsedmicros",
        "nottried", "preview", "status", "server", "reason", "error", "identity", "isself", "service", "instanceid",
        "pid", "version", "startedat",
    ]

    /// Every word of the format, whole (`vm-address`, `proc-version`).
    public static let words: Set<String> = {
        var words = reachRoles.union(reachSources).union(reachKeys)
        words.formUnion(ProbeOutcome.allNames)
        words.formUnion(FactSection.allCases.map(\.rawValue))
        return words
    }()

    /// `word` (lower case) is a word of the format.
    static func contains(_ word: String) -> Bool { words.contains(word) }
}
