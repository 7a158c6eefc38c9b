/// A netlink read that failed: what was being done, and libnl's (or the kernel's) reason.
public struct NetlinkError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was being attempted (`connect NETLINK_ROUTE`, `dump RTM_GETROUTE`, `enter network namespace /run/netns/x`).
    public var operation: String
    /// The error text from libnl (`nl_geterror`), `strerror`, or the decoder.
    public var reason: String

    public init(operation: String, reason: String) {
        self.operation = operation
        self.reason = reason
    }

    public var description: String { "netlink: \(operation): \(reason)" }
}

/// A netlink message whose bytes do not have the layout the kernel documents.
package struct NetlinkDecodeError: Error, Sendable, Equatable, CustomStringConvertible {
    package var message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}
