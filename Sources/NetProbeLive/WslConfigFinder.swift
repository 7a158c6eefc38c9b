import NetProbe
import FoundationEssentials

/// Finds the Windows-side `.wslconfig` (`<usersRoot>/<user>/.wslconfig`) without ever hanging the caller.
///
/// Only `readdir(3)` on the users directory plus bounded reads through `FileProbe`. `/mnt/c` is a
/// 9p/drvfs mount that can stall, so where the users directory is on a mount of its own (or the mounts are unknown:
/// `MountPoints.touchesOwnMount` over `/proc/self/mountinfo`) the search runs on its own thread and is abandoned
/// (reported as timed out) when it does not finish within the timeout. Elsewhere (no WSL drive mounted: the path is
/// on the root file system) it runs inline: a thread's start and wake-up cost more than the failed `opendir`, on a
/// loaded machine milliseconds (docs/performance.md, "Live classify").
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

    /// - Parameter mountinfo: `/proc/self/mountinfo` as read (nil when unknown: the search then runs on its thread).
    static func find(probe: FileProbe, usersRoot: String, timeout: Duration, mountinfo: String?) -> Outcome {
        guard MountPoints.touchesOwnMount(usersRoot, mountinfo: mountinfo) else { return search(probe: probe, usersRoot: usersRoot) }
        return BlockingWork { search(probe: probe, usersRoot: usersRoot) }.wait(limit: timeout) ?? .timedOut
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
