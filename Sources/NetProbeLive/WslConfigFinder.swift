import NetProbe
import FoundationEssentials

/// Finds the Windows-side `.wslconfig` (`<usersRoot>/<user>/.wslconfig`) without ever hanging the caller.
///
/// Only `readdir(3)` on the users directory plus bounded reads through `FileProbe`. `/mnt/c` is a
/// 9p/drvfs mount that can stall, so the search runs on its own thread and is abandoned (reported
/// as timed out) when it does not finish within the timeout.
enum WslConfigFinder {
    /// Most directory entries read from the users directory.
    static let maxEntries = 256
    /// Most user directories looked into (in name order).
    static let maxUsers = 32
    /// Most bytes read of a `.wslconfig`.
    static let sizeLimit = 64 * 1024

    enum Outcome: Sendable, Equatable {
        case found(WslConfigFile, truncated: Bool)
        /// No users directory, or no user directory with a `.wslconfig`.
        case none
        /// The search did not finish in time.
        case timedOut
    }

    static func find(probe: FileProbe, usersRoot: String, timeout: Duration) -> Outcome {
        BlockingWork { search(probe: probe, usersRoot: usersRoot) }.wait(limit: timeout) ?? .timedOut
    }

    /// The search itself, synchronous: the first user directory (by name) holding a readable `.wslconfig`.
    static func search(probe: FileProbe, usersRoot: String) -> Outcome {
        guard let entries = probe.directoryEntries(usersRoot, limit: maxEntries) else { return .none }
        for user in entries.sorted().prefix(maxUsers) where !user.hasPrefix(".") {
            let path = usersRoot + "/" + user + "/.wslconfig"
            if case .content(let bytes, let truncated) = probe.read(path, limit: sizeLimit) {
                return .found(WslConfigFile(path: path, text: String(decoding: bytes, as: UTF8.self)), truncated: truncated)
            }
        }
        return .none
    }
}
