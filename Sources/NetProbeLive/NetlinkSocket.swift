import NetProbe
import CNetlink
#if canImport(Glibc)
import Glibc
#endif

/// An owned `NETLINK_ROUTE` socket from libnl (`nl_socket_alloc` + `nl_connect`, freed with `nl_socket_free`).
///
/// Not thread-safe (libnl sockets are not): use it from one thread at a time.
final class NetlinkSocket {
    let handle: OpaquePointer

    /// Opens and connects a route netlink socket in the calling thread's network namespace.
    init() throws(NetlinkError) {
        guard let socket = nl_socket_alloc() else {
            throw NetlinkError(operation: "nl_socket_alloc", reason: "out of memory")
        }
        let status = nl_connect(socket, Int32(NETLINK_ROUTE))
        if status < 0 {
            nl_socket_free(socket)
            throw NetlinkError(operation: "connect NETLINK_ROUTE", reason: Self.text(status))
        }
        // Messages larger than a page (links with many attributes) are peeked at before reading.
        nl_socket_enable_msg_peek(socket)
        handle = socket
    }

    deinit { nl_socket_free(handle) }

    /// The replies of one dump: the first `limit` messages, and how many the kernel sent in all.
    struct Dump {
        var messages: [NetlinkMessage]
        var received: Int
    }

    /// Dumps every object of one kind: sends `requestType` with `NLM_F_DUMP` (`nl_send_simple`) and
    /// collects each reply of `replyType` through an `NL_CB_VALID` callback. No libnl cache is involved,
    /// so nothing is merged or dropped. A dump interrupted by a concurrent change is retried.
    ///
    /// Keeps at most `limit` messages; the rest of the dump is still read (and counted in `received`), so the
    /// socket is left clean for the next request and memory stays bounded on a machine with a million routes.
    func dump(
        requestType: Int32, replyType: UInt16, family: UInt8, headerSize: Int, name: String, limit: Int = .max
    ) throws(NetlinkError) -> Dump {
        var lastStatus: Int32 = 0
        for _ in 0..<3 {
            let collector = DumpCollector(replyType: replyType, limit: limit)
            let status = send(requestType: requestType, family: family, headerSize: headerSize, into: collector)
            if let problem = collector.problem {
                throw NetlinkError(operation: "decode \(name) reply", reason: problem.message)
            }
            if status >= 0 { return Dump(messages: collector.messages, received: collector.received) }
            lastStatus = status
            if -status != NLE_DUMP_INTR { break }
        }
        throw NetlinkError(operation: "dump \(name)", reason: Self.text(lastStatus))
    }

    private func send(requestType: Int32, family: UInt8, headerSize: Int, into collector: DumpCollector) -> Int32 {
        let context = Unmanaged.passUnretained(collector).toOpaque()
        return withExtendedLifetime(collector) {
            var status = nl_socket_modify_cb(handle, NL_CB_VALID, NL_CB_CUSTOM, collectMessage, context)
            guard status >= 0 else { return status }
            var request = [UInt8](repeating: 0, count: headerSize)
            request[0] = family  // every rtnetlink family header starts with its family byte
            let dumpFlags: Int32 = 0x300  // NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH
            status = request.withUnsafeMutableBytes { raw in
                nl_send_simple(handle, requestType, dumpFlags, raw.baseAddress, raw.count)
            }
            guard status >= 0 else { return status }
            return nl_recvmsgs_default(handle)
        }
    }

    /// libnl's text for a (negative) libnl error code.
    static func text(_ status: Int32) -> String {
        guard let message = nl_geterror(status) else { return "libnl error \(status)" }
        return String(cString: message)
    }
}

/// Receives the messages of one dump inside libnl's callback.
private final class DumpCollector {
    let replyType: UInt16
    let limit: Int
    var messages: [NetlinkMessage] = []
    /// Messages of `replyType` received, kept or not.
    var received = 0
    var problem: NetlinkDecodeError?

    init(replyType: UInt16, limit: Int) {
        self.replyType = replyType
        self.limit = limit
    }
}

/// `NL_CB_VALID` callback: copies each message of the expected type out of libnl's buffer.
private func collectMessage(_ message: OpaquePointer?, _ context: UnsafeMutableRawPointer?) -> Int32 {
    guard let message, let context, let header = nlmsg_hdr(message) else { return Int32(NL_SKIP.rawValue) }
    let collector = Unmanaged<DumpCollector>.fromOpaque(context).takeUnretainedValue()
    let length = Int(header.pointee.nlmsg_len)
    guard header.pointee.nlmsg_type == collector.replyType else { return Int32(NL_SKIP.rawValue) }
    collector.received += 1
    guard collector.messages.count < collector.limit else { return Int32(NL_OK.rawValue) }
    let bytes = [UInt8](UnsafeRawBufferPointer(start: UnsafeRawPointer(header), count: length))
    do {
        collector.messages.append(try NetlinkMessage(wholeMessage: bytes))
    } catch {
        collector.problem = error
        return Int32(NL_STOP.rawValue)
    }
    return Int32(NL_OK.rawValue)
}
