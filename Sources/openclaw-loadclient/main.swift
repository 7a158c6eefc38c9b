import NetProbeLive
import Foundation
import enum NetProbeLive.StandardStream
import enum NetProbeLive.StandardStreams
import NIOCore
import NIOPosix
#if canImport(Glibc)
import Glibc
#endif

// `openclaw-loadclient`: many WebSocket clients doing the gateway's full handshake and a `status` request,
// against a loopback address only. Prints a summary (JSON with `--json`). See `LoadOptions.usage`.

/// One line to standard output or standard error (`StandardStreams`: a failed write is recorded, never a trap).
func writeLine(_ text: String, to stream: StandardStream) { StandardStreams.write(text + "\n", to: stream) }

StandardStreams.prepare()

let options: LoadOptions
switch LoadOptions.parse(Array(CommandLine.arguments.dropFirst())) {
case .success(let parsed):
    options = parsed
case .failure(let error):
    writeLine("openclaw-loadclient: \(error.message)\n\(LoadOptions.usage)", to: .error)
    exit(64)
}

let needed = UInt64(options.concurrency) + 64
let limit = FileLimit.raiseToHard()
if limit < needed {
    writeLine("openclaw-loadclient: open-file limit \(limit) is below the \(needed) that --concurrency \(options.concurrency) needs",
              to: .error)
    exit(64)
}

let group = MultiThreadedEventLoopGroup(numberOfThreads: min(4, max(1, System.coreCount)))
let runner = LoadRunner(options: options, group: group)
let started = ContinuousClock.now

/// The report of what has ended so far.
@Sendable func report(timedOut: Bool) -> LoadReport {
    let elapsed = ContinuousClock.now - started
    let elapsedMs = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    var report = LoadReport.make(
        outcomes: runner.outcomes.all, clients: options.clients, concurrency: options.concurrency, elapsedMs: elapsedMs,
        peakOpen: runner.connections.peak)
    if timedOut { report.errors["overall-timeout"] = 1 }
    return report
}

// The watchdog: past the overall bound, print what ended and exit 2 (open connections die with the process).
Task.detached {
    try? await Task.sleep(for: .milliseconds(options.overallTimeoutMs))
    let partial = report(timedOut: true)
    writeLine(options.json ? partial.jsonText : partial.text, to: .output)
    exit(2)
}

await runner.run()
let final = report(timedOut: false)
writeLine(options.json ? final.jsonText : final.text, to: .output)
try? await group.shutdownGracefully()
if let failure = StandardStreams.failure(of: .output) {
    StandardStreams.write("openclaw-loadclient: \(failure)\n", to: .error)
    exit(74)
}
exit(final.failed == 0 && final.unfinished == 0 ? 0 : 1)
