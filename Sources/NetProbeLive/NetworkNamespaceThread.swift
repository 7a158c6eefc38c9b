import NetProbe
import CNetlink
#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// Opens a netlink socket inside another network namespace without moving the calling thread.
///
/// A dedicated pthread opens the namespace file (`/run/netns/NAME`, `/proc/PID/ns/net`), joins it
/// with `setns(2)` and `CLONE_NEWNET`, creates the socket and exits. A socket stays bound to the
/// namespace it was created in, so the caller can use it from its own, unchanged thread.
enum NetworkNamespaceThread {
    private static let cloneNewNet: Int32 = 0x4000_0000  // CLONE_NEWNET

    static func openSocket(in namespacePath: String) throws(NetlinkError) -> NetlinkSocket {
        let job = Job(path: namespacePath)
        let context = Unmanaged.passRetained(job).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            let job = Unmanaged<Job>.fromOpaque(raw).takeRetainedValue()
            job.run()
            return nil
        }, context)
        guard created == 0 else {
            Unmanaged<Job>.fromOpaque(context).release()
            throw NetlinkError(operation: "start namespace thread", reason: Errno(rawValue: created).description)
        }
        pthread_join(thread, nil)
        switch job.result {
        case .success(let socket): return socket
        case .failure(let error): throw error
        case nil: throw NetlinkError(operation: "enter network namespace \(namespacePath)", reason: "thread gave no result")
        }
    }

    /// The work done on the dedicated thread; `result` is read only after `pthread_join`.
    private final class Job {
        let path: String
        var result: Result<NetlinkSocket, NetlinkError>?

        init(path: String) { self.path = path }

        func run() {
            let operation = "enter network namespace \(path)"
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else {
                result = .failure(NetlinkError(operation: operation, reason: Errno(rawValue: errno).description))
                return
            }
            defer { close(fd) }
            guard cnetlink_setns(fd, NetworkNamespaceThread.cloneNewNet) == 0 else {
                result = .failure(NetlinkError(operation: operation, reason: Errno(rawValue: errno).description))
                return
            }
            do {
                result = .success(try NetlinkSocket())
            } catch {
                result = .failure(error)
            }
        }
    }
}
