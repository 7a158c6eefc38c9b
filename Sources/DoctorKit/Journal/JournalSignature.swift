import NetProbe

/// A known line in the gateway unit's journal, with what it means. Matched on `MESSAGE` (after the redaction,
/// which keeps loopback addresses and the words).
///
/// Upstream's lines are from `src/infra/gateway-lock.ts`, `src/gateway/server/http-listen.ts` and
/// `src/cli/gateway-cli/run*.ts`; this toolkit's own are those of `ClashDecider` (docs/gateway-startup.md);
/// systemd's are the service manager's (`systemd[PID]: UNIT: ...`).
public enum JournalSignature: String, Sendable, CaseIterable, Codable {
    /// Upstream: `Gateway failed to start: another gateway instance is already listening on ws://HOST:PORT`.
    case upstreamAlreadyListening = "upstream-already-listening"
    /// Upstream: `gateway already running (pid N); lock timeout after 5000ms`.
    case upstreamLockTimeout = "upstream-lock-timeout"
    /// Upstream under systemd: `gateway already running under systemd; existing gateway is healthy, exiting with code 78`.
    case upstreamSupervisedHealthy = "upstream-supervised-healthy"
    /// A gateway's port diagnostics: upstream's `- pid N USER: COMMAND (HOST:PORT)` after `Port N is already in use.`,
    /// or ours, `  - pid N (uid U): COMMAND (ADDRESS)`.
    case portHolder = "port-holder"
    /// `EADDRINUSE` / `address already in use`, from any program.
    case addressInUse = "eaddrinuse"
    /// `EACCES` / permission denied on listen or bind.
    case accessDenied = "eacces"
    /// Upstream's and ours: `Refusing to bind gateway to ADDRESS without auth.` (exit 78).
    case refusingWithoutAuth = "refusing-without-auth"
    /// Ours, exit 75: `Port N is already in use (binding ADDR failed: address in use) ...`.
    case ownPortHeld = "own-port-held"
    /// Ours, exit 78: `Gateway already running on port N: ...`.
    case ownAlreadyRunning = "own-already-running"
    /// Ours, exit 78: `Refusing to use the gateway lock: ...`, or an untrusted state path (`StatePathTrust`:
    /// `Refusing to use the state directory PATH: ...`, also the canvas root and the configuration file).
    case ownUnsafeLock = "own-unsafe-lock"
    /// systemd: `UNIT: Scheduled restart job, restart counter is at N.`
    case restartScheduled = "restart-scheduled"
    /// systemd: `UNIT: Start request repeated too quickly.` (the start limit: the unit stays failed).
    case startLimitHit = "start-limit-hit"
    /// systemd: `UNIT: Main process exited, code=exited, status=N/NAME` (or `EXIT_STATUS=` on the entry).
    case mainProcessExited = "main-exited"

    /// What it means, one sentence.
    public var meaning: String {
        switch self {
        case .upstreamAlreadyListening:
            return "upstream's gateway got EADDRINUSE (or its own probe answered) and calls whatever holds the port \"another gateway instance\""
        case .upstreamLockTimeout:
            return "upstream's lock looked held for 5 s: a TCP connect to the port succeeded (any listener counts as the owner)"
        case .upstreamSupervisedHealthy:
            return "upstream found a healthy gateway on the port and exited 78 so systemd stops restarting it"
        case .portHolder:
            return "the gateway's port diagnostics name a Linux process holding the port"
        case .addressInUse:
            return "the port was in use when the gateway tried to listen"
        case .accessDenied:
            return "the gateway was not allowed to listen (a port below 1024, or a security policy)"
        case .refusingWithoutAuth:
            return "the configuration binds beyond loopback without a token: the gateway refuses (exit 78) until one is set"
        case .ownPortHeld:
            return "this toolkit's gateway found the port held by another program and exited 75 (systemd retries: the holder may go away)"
        case .ownAlreadyRunning:
            return "this toolkit's gateway found a running gateway (its lock or its verified identity) and exited 78"
        case .ownUnsafeLock:
            return "this toolkit's gateway refused an unsafe lock path (symlink or foreign owner) and exited 78"
        case .restartScheduled:
            return "systemd restarted the gateway after it exited (Restart=always)"
        case .startLimitHit:
            return "systemd gave up: too many starts in the start-limit interval; the unit stays failed until `systemctl reset-failed`"
        case .mainProcessExited:
            return "the gateway process exited with a non-zero status"
        }
    }

    /// Whether the line names the cause of a failed start precisely (not a bare errno or a priority).
    public var isSpecific: Bool { isError && self != .addressInUse && self != .accessDenied }

    /// Whether the line reports a failed start (as opposed to systemd's bookkeeping).
    public var isError: Bool {
        switch self {
        case .restartScheduled, .mainProcessExited, .portHolder: return false
        default: return true
        }
    }
}

/// One signature found in one message, with what it captured.
public struct SignatureMatch: Sendable, Equatable {
    public var signature: JournalSignature
    /// `HOST:PORT` (already-listening), the pid (lock timeout, port holder), the restart counter, the exit status.
    public var captured: [String]
}

/// The matchers of `JournalSignature`: compiled once per analysis (`Regex` is not `Sendable`).
struct SignatureMatcher {
    private let patterns: [(JournalSignature, Regex<AnyRegexOutput>)]

    init() {
        let table: [(JournalSignature, String)] = [
            (.upstreamAlreadyListening, #"another gateway instance is already listening on ws://(\[[0-9a-fA-F:.]+\]|[^\s:/]+):(\d+)"#),
            (.upstreamLockTimeout, #"gateway already running(?: \(pid (\d+)\))?; lock timeout after (\d+)\s?ms"#),
            (.upstreamSupervisedHealthy, #"already running under systemd; existing gateway is healthy"#),
            (.portHolder, #"^\s*(?:\S+\s+)?- pid (\d+) ([^:]+): (.+) \((\S+)\)\s*$"#),
            (.refusingWithoutAuth, #"Refusing to bind gateway(?: to (\S+))? .*without auth"#),
            (.ownPortHeld, #"Port (\d+) is already in use \(binding (\S+) failed"#),
            (.ownAlreadyRunning, #"Gateway already running on port (\d+):"#),
            (.ownUnsafeLock, #"Refusing to use the (?:gateway lock|state directory|directory above the state directory|canvas root|configuration file)"#),
            (.restartScheduled, #"Scheduled restart job, restart counter is at (\d+)"#),
            (.startLimitHit, #"Start request repeated too quickly"#),
            (.mainProcessExited, #"Main process exited, code=(\w+), status=(\d+)"#),
            (.addressInUse, #"(EADDRINUSE|address already in use)"#),
            (.accessDenied, #"(EACCES|listen .*permission denied|bind.*[Pp]ermission denied)"#),
        ]
        patterns = table.compactMap { signature, pattern in (try? Regex(pattern)).map { (signature, $0) } }
    }

    /// Every signature in `message`. `ownPortHeld` also counts as `addressInUse` only when the text says EADDRINUSE.
    func matches(_ message: String) -> [SignatureMatch] {
        var found: [SignatureMatch] = []
        for (signature, regex) in patterns {
            guard let match = message.firstMatch(of: regex) else { continue }
            let captured = (1..<match.output.count).compactMap { match.output[$0].substring.map(String.init) }
            found.append(SignatureMatch(signature: signature, captured: captured))
        }
        return found
    }
}
