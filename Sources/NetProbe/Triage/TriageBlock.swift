/// One block of a pasted report: the output of one command (or one file), found by the command line above it or
/// by its shape.
public struct TriageBlock: Sendable, Equatable, Codable {
    public enum Found: String, Sendable, Codable {
        /// A command line (`$ ip a`, `└─# ifconfig`) said what produced it.
        case command
        /// No command line: its shape did (`2: eth0: <...>`, `Linux version ...`, `[wsl2]`).
        case shape
        /// Markdown did: a code fence or an issue form's `### Heading` section with nothing recognised in it.
        case markdown
    }

    public var kind: TriageBlockKind
    public var found: Found
    /// The command line as pasted, without its prompt (`ip -br a`); `nil` when found by shape.
    public var command: String?
    /// First and last line in the input (1-based); the command line's, when there is one.
    public var firstLine: Int
    public var lastLine: Int
    /// `true` when a block of the same section came earlier: the first one is used, this one only listed.
    public var duplicate: Bool = false
    /// The heading's words, for an `issue-form section` (`Steps to reproduce`).
    public var heading: String?
    /// `true` for an issue-form field or `ver` line of `wsl-version` when the paste also holds `wsl --version`'s own
    /// output: the tool's answer is used, the reporter's field only listed (microsoft/WSL 12909: `### WSL Version`
    /// `0.0.0.0` beside a pasted `WSL version: 2.4.13.0`).
    public var superseded: Bool = false
    /// `true` when the block was recognised but gave its section nothing (no line of it could be read).
    public var empty: Bool = false
    /// `true` for a `fenced block` whose only known content was a command line with no output under it (`command`).
    public var commandOnly: Bool = false
    /// What an `openclaw CLI output` block states (`OpenClawCLIText`), in input order.
    public var stated: [CLIStatement] = []

    /// The content lines (without the command line, fences and prompts), numbered as in the input.
    var lines: [SourceLine] = []
    /// The command line, as `$ COMMAND`, numbered as in the input.
    var commandLine: SourceLine?

    private enum CodingKeys: String, CodingKey { case kind, found, command, firstLine, lastLine, duplicate, heading, stated, empty, superseded }
}
