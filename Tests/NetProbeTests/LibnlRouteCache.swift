import CNetlink
@testable import NetProbe
@testable import NetProbeLive
#if canImport(Glibc)
import Glibc
#endif

/// libnl's route cache (`rtnl_route_alloc_cache`, freed with `nl_cache_free`).
///
/// Test-only (kept beside the tests that use it). NetProbe does NOT read routes through it: the cache merges routes that share family, tos, table,
/// destination and priority even when their devices differ, so it silently drops routes such as
/// `fe80::/64 dev loopback0`. It is kept so tests can prove the raw dump sees what the cache loses.
final class LibnlRouteCache {
    private let handle: OpaquePointer

    /// Fills a route cache of every family from `socket`.
    init(socket: NetlinkSocket) throws(NetlinkError) {
        var cache: OpaquePointer?
        let status = rtnl_route_alloc_cache(socket.handle, AF_UNSPEC, 0, &cache)
        guard status >= 0, let cache else {
            throw NetlinkError(operation: "rtnl_route_alloc_cache", reason: NetlinkSocket.text(status))
        }
        handle = cache
    }

    deinit { nl_cache_free(handle) }

    /// `nl_cache_nitems`: how many routes the cache kept.
    var count: Int { Int(nl_cache_nitems(handle)) }

    /// The IPv4/IPv6 routes the cache kept, each held by a reference of its own.
    var objects: [LibnlObject] {
        var result: [LibnlObject] = []
        var current = nl_cache_get_first(handle)
        while let object = current {
            result.append(LibnlObject(retaining: object))
            current = nl_cache_get_next(object)
        }
        return result
    }

    /// A cache of the routes in the namespace at `namespacePath` (or the caller's own namespace).
    static func load(namespacePath: String?) throws(NetlinkError) -> LibnlRouteCache {
        let socket: NetlinkSocket
        if let namespacePath {
            socket = try NetworkNamespaceThread.openSocket(in: namespacePath)
        } else {
            socket = try NetlinkSocket()
        }
        return try LibnlRouteCache(socket: socket)
    }
}

/// One reference to a libnl object (`nl_object_get` on creation, `nl_object_put` when released).
final class LibnlObject {
    let handle: OpaquePointer

    init(retaining object: OpaquePointer) {
        nl_object_get(object)
        handle = object
    }

    deinit { nl_object_put(handle) }

    /// For a route object: its destination (`nl_addr2str`, which prints `none` for a default route),
    /// table and first next hop's interface index.
    var routeKey: (destination: String, table: Int, interfaceIndex: Int?) {
        var buffer = [CChar](repeating: 0, count: 128)
        let destination = buffer.withUnsafeMutableBufferPointer { out -> String in
            guard let address = rtnl_route_get_dst(handle), let text = nl_addr2str(address, out.baseAddress, out.count)
            else { return "?" }
            return String(cString: text)
        }
        var index: Int?
        if rtnl_route_get_nnexthops(handle) > 0, let hop = rtnl_route_nexthop_n(handle, 0) {
            index = Int(rtnl_route_nh_get_ifindex(hop))
        }
        return (destination, Int(rtnl_route_get_table(handle)), index)
    }
}
