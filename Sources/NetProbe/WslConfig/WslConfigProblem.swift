/// A problem in a `.wslconfig` file, with the 1-based line it is on.
public struct WslConfigProblem: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// A known key in a section WSL does not read it from (`hostAddressLoopback` under `[wsl2]`).
        /// `section` is `nil` for a key above the first section header.
        case keyInWrongSection(key: String, section: String?, expected: String)
        /// A `networkingMode` value WSL does not know; WSL then uses NAT.
        case unknownNetworkingMode(String)
        /// A value that does not parse for its key (`dnsTunneling = maybe`, a port outside 1-65535).
        case invalidValue(key: String, value: String)
        /// A key WSL does not know, spelt like one that decides networking (`networkMode`, `networking_mode`): WSL
        /// skips it with an "Unknown key" warning and uses the default (`WslConfigKeys`).
        case unknownKey(key: String, section: String?, meant: String)
        /// A line that is neither a section header, a `key = value` pair, a comment nor blank.
        case unparseableLine(String)
    }

    public var line: Int
    public var kind: Kind

    public init(line: Int, kind: Kind) {
        self.line = line
        self.kind = kind
    }

    public var description: String {
        let what: String
        switch kind {
        case let .keyInWrongSection(key, section, expected):
            let found = section.map { "[\($0)]" } ?? "no section"
            what = "\(key) is under \(found); WSL reads it only under [\(expected)]"
        case let .unknownNetworkingMode(value):
            what = "unknown networkingMode \"\(value)\"; WSL falls back to NAT"
        case let .invalidValue(key, value):
            what = "invalid value \"\(value)\" for \(key)"
        case let .unknownKey(key, section, meant):
            let place = section.map { " under [\($0)]" } ?? ""
            what = "\(key)\(place) is not a key WSL knows (it matches key names without regard to case, so only the spelling counts); WSL ignores it: did you mean \(meant)?"
        case let .unparseableLine(text):
            what = "cannot parse \"\(text)\""
        }
        return ".wslconfig line \(line): \(what)"
    }
}
