import ArgumentParser
import Gateway

/// The options more than one command takes, each declared once (argument-parser's `@OptionGroup`): a command that
/// takes `--port` declares `@OptionGroup var port: PortOption`, never its own `--port`. Under the doctor's root (whose
/// `run()` is the report) a subcommand that shares a group with the root receives the root's value, wherever the
/// option stands on the command line (argument-parser decodes a parent's group first and hands it to the child).

/// `--port`: shared by `openclaw gateway ...`, `openclaw doctor`, `openclaw-doctor` and its subcommands.
public struct PortOption: ParsableArguments, Sendable {
    /// Read unconditionally: `--port -1` is a bad value named with the option, not a missing one.
    @Option(name: .customLong("port"), parsing: .unconditional,
            help: "The gateway port, 1-65535 (default: the configured port, docs/configuration.md, else 18789; triage reads no configuration).")
    public var explicitPort: UInt16?

    /// `--port`, else 18789. Commands resolve the port through `GatewaySettings` (option > environment > file >
    /// default: docs/configuration.md); this is the value without the environment and the file.
    public var port: UInt16 { explicitPort ?? 18789 }
    /// Whether `--port` was given (else a configuration file may name the port).
    public var wasGiven: Bool { explicitPort != nil }

    public init() {}

    /// `--port 0` is refused (a usage error, exit 64): port 0 would make the kernel pick a different random port per
    /// bind address, and a lock named `gateway-0.lock` guards nothing.
    public func validate() throws {
        if explicitPort == 0 { throw ValidationError("--port must be 1 to 65535 (port 0 would let the kernel pick a random port)") }
    }
}

/// `--state-dir`: overrides `OPENCLAW_STATE_DIR` and the default `~/.openclaw`.
public struct StateDirOption: ParsableArguments, Sendable {
    @Option(name: .customLong("state-dir"), help: "State directory (default: $OPENCLAW_STATE_DIR or ~/.openclaw).")
    public var stateDir: String?

    public init() {}
}

/// `--json`: one JSON object on standard output and nothing else there (one line, keys sorted: `CommandJSON`).
public struct JSONOption: ParsableArguments, Sendable {
    @Flag(name: .long, help: "Print one JSON object (one line, keys sorted) on standard output.")
    public var json = false

    public init() {}
}

/// `--probe-timeout MS`: the loopback probe's timeout of `gateway run`, `gateway status`, `gateway probe` and the
/// doctor's report, whole milliseconds 1-60000 (default 500). `-1` is read as a value (and refused naming it), not
/// as a missing one.
public struct ProbeTimeoutOption: ParsableArguments, Sendable {
    /// The allowed values, in milliseconds.
    public static let range: ClosedRange<Int> = 1...60_000
    public static let defaultMilliseconds = 500

    @Option(name: .customLong("probe-timeout"), parsing: .unconditional,
            help: ArgumentHelp("Loopback probe timeout in milliseconds, 1-60000 (default 500).", valueName: "ms"))
    public var explicitMilliseconds: String?

    public init() {}

    /// The timeout in milliseconds (validated).
    public var milliseconds: Int { explicitMilliseconds.flatMap { Int($0) } ?? Self.defaultMilliseconds }
    public var duration: Duration { .milliseconds(milliseconds) }
    public var wasGiven: Bool { explicitMilliseconds != nil }

    public func validate() throws {
        if let text = explicitMilliseconds { _ = try MillisecondsValue.parse(text, option: "--probe-timeout", range: Self.range) }
    }
}

/// `--bind`, `--bind-host`, `--instance-check`: the start plan's options, of `gateway run` (what it does) and the
/// doctor's report (what it would do). Each `nil` when not given, so the configuration applies
/// (`GatewaySettings.startConfiguration`, `GatewayConfigFile.start`).
public struct StartPlanOptions: ParsableArguments, Sendable {
    @Option(help: "Where the gateway listens: loopback, lan, auto, or custom with --bind-host (default: $OPENCLAW_GATEWAY_BIND, else gateway.bind of openclaw.json, else loopback).")
    public var bind: BindMode?

    @Option(name: .customLong("bind-host"), help: "The IP address for --bind custom.")
    public var bindHost: String?

    @Option(name: .customLong("instance-check"), help: "How a running gateway is detected: auto (the default), pidfile or loopback-probe.")
    public var explicitInstanceCheck: InstanceCheck?

    public init() {}

    public var instanceCheck: InstanceCheck { explicitInstanceCheck ?? .auto }
}

/// `--force` of the doctor's file writers (`capture -o`, `bugreport -o`, `triage --capture-out`): the rules of
/// `CaptureOutputFile`.
public struct OutputForceOption: ParsableArguments, Sendable {
    @Flag(help: "With --output or --capture-out: write through a symbolic link, or over another user's file (in place).")
    public var force = false

    public init() {}
}

/// `-v`, `--verbose`: the report's every signal and detail (the report and `triage`).
public struct VerboseOption: ParsableArguments, Sendable {
    @Flag(name: .shortAndLong, help: "Show every signal and every detail.")
    public var verbose = false

    public init() {}
}

/// `--redact`: shareable output (the report and `triage`).
public struct RedactOption: ParsableArguments, Sendable {
    @Flag(help: "Replace addresses, MACs, host and user names (with triage also those the pasted prompts show) with consistent tokens, for sharing.")
    public var redact = false

    public init() {}
}

/// A whole number of milliseconds from an option's text: the one parser of every millisecond option, so each says
/// the same thing about a bad value.
public enum MillisecondsValue {
    /// `text` as milliseconds within `range`; else a usage error naming `option` and the value as given:
    /// `--stop-timeout must be between 1 and 600000 milliseconds (got -1).`, `... (got "5s").`
    public static func parse(_ text: String, option: String, range: ClosedRange<Int>) throws(ValidationError) -> Int {
        let value = Int(text)
        guard let value, range.contains(value) else {
            let got = value.map(String.init) ?? "\"\(text)\""
            throw ValidationError("\(option) must be between \(range.lowerBound) and \(range.upperBound) milliseconds (got \(got)).")
        }
        return value
    }
}
