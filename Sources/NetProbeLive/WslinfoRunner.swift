import NetProbe
/// Runs `wslinfo --networking-mode` through `TimedProcess` (own process group, killed at the deadline).
enum WslinfoRunner {
    /// The result (standard output, else standard error, trimmed), or the `errno` of a failed spawn.
    static func run(_ executable: String, timeout: Duration) -> Result<WslinfoResult, TimedProcess.SpawnFailure> {
        TimedProcess.run(executable, arguments: ["--networking-mode"], timeout: timeout).map { outcome in
            let stdout = outcome.text(outcome.stdout), stderr = outcome.text(outcome.stderr)
            return WslinfoResult(output: stdout.isEmpty ? stderr : stdout, exitStatus: outcome.exitStatus,
                                 timedOut: outcome.timedOut)
        }
    }
}
