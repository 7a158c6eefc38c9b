import Foundation
import NetProbe
import NetProbeLive

/// Every write of the command line to standard output and standard error: NetProbe's `StandardStreams`
/// (a `write(2)` loop; `SIGPIPE` ignored; the first failure of each stream recorded, never a trap).
/// The command entry points (`CommandEntry`) turn a recorded failure into the command's exit code.
enum Output {
    static func out(_ text: String) { StandardStreams.write(text, to: .output) }
    static func err(_ text: String) { StandardStreams.write(text, to: .error) }

    /// The first failed write to standard output, else to standard error.
    static var failure: StreamFailure? { StandardStreams.firstFailure }
}
