import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs blocking socket code inside another network namespace (a simulated machine's guest) from the test process.
///
/// A fresh thread opens `/run/netns/NAME`, joins it with `setns(2)` (`CLONE_NEWNET`), runs the body and ends, so no
/// other thread of the test process ever changes namespace. Sockets made by the body belong to that namespace; the
/// mount namespace is not touched (the body sees the host's files).
public enum ScenarioNamespace {
    /// Failure to enter the namespace.
    public struct EnterError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "cannot enter network namespace \(path): \(reason)" }
    }

    /// The guest namespace of a running simulation (`/run/netns/wsim-ID-g`).
    public static func guestPath(_ session: SimSession) -> String { "/run/netns/wsim-\(session.id)-g" }

    /// Runs `body` on a dedicated thread inside `networkNamespace` (the caller's namespace when nil).
    public static func run<T: Sendable>(
        networkNamespace: String?, _ body: @escaping @Sendable () throws -> T
    ) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let thread = Thread {
                if let path = networkNamespace {
                    if let error = enter(path) {
                        continuation.resume(throwing: error)
                        return
                    }
                }
                continuation.resume(with: Result { try body() })
            }
            thread.name = "scenario-netns"
            thread.start()
        }
    }

    /// `setns(fd, CLONE_NEWNET)` for the calling thread; nil on success.
    private static func enter(_ path: String) -> EnterError? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return EnterError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        guard let setns = setnsFunction else { return EnterError(path: path, reason: "setns not found in libc") }
        guard setns(fd, cloneNewNet) == 0 else { return EnterError(path: path, reason: String(cString: strerror(errno))) }
        return nil
    }

    private static let cloneNewNet: Int32 = 0x4000_0000  // CLONE_NEWNET

    private typealias SetnsFunction = @convention(c) (Int32, Int32) -> Int32

    /// glibc's `setns(2)` wrapper, looked up at run time (the Glibc module does not export it).
    private static var setnsFunction: SetnsFunction? {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "setns") else { return nil }
        return unsafeBitCast(symbol, to: SetnsFunction.self)
    }
}
