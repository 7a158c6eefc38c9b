import NetProbe
/// Everything NetProbe reads over rtnetlink, dumped at one moment from one network namespace.
public struct NetlinkSnapshot: Sendable, Equatable {
    /// `RTM_GETLINK`.
    public var links: [Link]
    /// `RTM_GETADDR`, IPv4 and IPv6.
    public var addresses: [InterfaceAddress]
    /// `RTM_GETROUTE` of every table, IPv4 then IPv6, dumped without libnl's route cache.
    public var routes: [Route]
    /// `RTM_GETRULE`, IPv4.
    public var rules: [Rule]
    /// `RTM_GETRULE`, IPv6.
    public var rules6: [Rule]
    /// `RTM_GETNEIGH`, IPv4 and IPv6.
    public var neighbours: [Neighbour]
    /// The dumps that answered more objects than the limit (only the first were kept); empty when none did.
    public var cuts: [NetlinkCut] = []

    public init(
        links: [Link] = [], addresses: [InterfaceAddress] = [], routes: [Route] = [], rules: [Rule] = [],
        rules6: [Rule] = [], neighbours: [Neighbour] = []
    ) {
        self.links = links
        self.addresses = addresses
        self.routes = routes
        self.rules = rules
        self.rules6 = rules6
        self.neighbours = neighbours
    }
}

/// A dump that answered more objects than the limit: the first `kept` were read, `received` came in all.
public struct NetlinkCut: Sendable, Equatable {
    /// The request, as iproute2 and the kernel name it: `RTM_GETROUTE`, `RTM_GETRULE (IPv6)`, ...
    public var request: String
    /// The capture section it fills.
    public var section: FactSection
    public var received: Int
    public var kept: Int
}

/// Reads a `NetlinkSnapshot` over `NETLINK_ROUTE` with libnl. Needs no privilege in its own
/// namespace; entering another namespace needs `CAP_SYS_ADMIN` there.
public enum NetlinkReader {
    /// Dumps links, addresses, routes (all tables), rules and neighbours.
    ///
    /// - Parameter namespacePath: a network namespace file (`/run/netns/NAME`); the socket is opened
    ///   inside it on a dedicated thread, and the calling thread never changes namespace.
    ///   `nil` reads the caller's own namespace.
    /// - Parameter objectLimit: most objects kept of each kind (links, addresses, routes of both families,
    ///   IPv4 rules, IPv6 rules, neighbours); the rest are received and counted in `cuts`, not kept.
    public static func snapshot(
        namespacePath: String? = nil, objectLimit: Int = CaptureLimits.netlinkObjects
    ) throws(NetlinkError) -> NetlinkSnapshot {
        let socket: NetlinkSocket
        if let namespacePath {
            socket = try NetworkNamespaceThread.openSocket(in: namespacePath)
        } else {
            socket = try NetlinkSocket()
        }
        let dumps = try collect(socket, limit: objectLimit)
        var snapshot = try decode(dumps)
        snapshot.cuts = dumps.cuts
        return snapshot
    }

    /// The raw replies of every dump a snapshot makes.
    struct RawDumps: Sendable, Equatable {
        var links: [NetlinkMessage] = []
        var addresses: [NetlinkMessage] = []
        var routes: [NetlinkMessage] = []
        var rules: [NetlinkMessage] = []
        var rules6: [NetlinkMessage] = []
        var neighbours: [NetlinkMessage] = []
        var cuts: [NetlinkCut] = []
    }

    /// Sends the six dump requests on `socket` (`RTM_GETLINK`, `RTM_GETADDR`, `RTM_GETROUTE` per family,
    /// `RTM_GETRULE` per family, `RTM_GETNEIGH`), keeping at most `limit` objects of each kind.
    static func collect(_ socket: NetlinkSocket, limit: Int = .max) throws(NetlinkError) -> RawDumps {
        let inet = NetlinkFormat.afInet, inet6 = NetlinkFormat.afInet6
        var dumps = RawDumps()
        func take(_ parts: [NetlinkSocket.Dump], _ request: String, _ section: FactSection) -> [NetlinkMessage] {
            let received = parts.reduce(0) { $0 + $1.received }
            let kept = parts.flatMap(\.messages)
            if received > kept.count {
                dumps.cuts.append(NetlinkCut(request: request, section: section, received: received, kept: kept.count))
            }
            return kept
        }
        dumps.links = take([try socket.dump(
            requestType: 18, replyType: NetlinkLinkDecoder.messageType, family: 0,
            headerSize: NetlinkLinkDecoder.headerSize, name: "RTM_GETLINK", limit: limit)], "RTM_GETLINK", .ipLink)
        dumps.addresses = take([try socket.dump(
            requestType: 22, replyType: NetlinkAddressDecoder.messageType, family: 0,
            headerSize: NetlinkAddressDecoder.headerSize, name: "RTM_GETADDR", limit: limit)], "RTM_GETADDR", .ipAddr)
        // Both families share one limit: IPv4's routes first, then what room is left for IPv6's.
        let routes4 = try socket.dump(
            requestType: 26, replyType: NetlinkRouteDecoder.messageType, family: inet,
            headerSize: NetlinkRouteDecoder.headerSize, name: "RTM_GETROUTE", limit: limit)
        let routes6 = try socket.dump(
            requestType: 26, replyType: NetlinkRouteDecoder.messageType, family: inet6,
            headerSize: NetlinkRouteDecoder.headerSize, name: "RTM_GETROUTE", limit: limit - routes4.messages.count)
        dumps.routes = take([routes4, routes6], "RTM_GETROUTE", .ipRoute)
        dumps.rules = take([try socket.dump(
            requestType: 34, replyType: NetlinkRuleDecoder.messageType, family: inet,
            headerSize: NetlinkRuleDecoder.headerSize, name: "RTM_GETRULE", limit: limit)], "RTM_GETRULE (IPv4)", .ipRule)
        dumps.rules6 = take([try socket.dump(
            requestType: 34, replyType: NetlinkRuleDecoder.messageType, family: inet6,
            headerSize: NetlinkRuleDecoder.headerSize, name: "RTM_GETRULE", limit: limit)], "RTM_GETRULE (IPv6)", .ipRule6)
        dumps.neighbours = take([try socket.dump(
            requestType: 30, replyType: NetlinkNeighbourDecoder.messageType, family: 0,
            headerSize: NetlinkNeighbourDecoder.headerSize, name: "RTM_GETNEIGH", limit: limit)], "RTM_GETNEIGH", .ipNeigh)
        return dumps
    }

    /// Pure: turns raw replies into the model, resolving interface indexes to names.
    static func decode(_ dumps: RawDumps) throws(NetlinkError) -> NetlinkSnapshot {
        do {
            var decodedLinks: [NetlinkLinkDecoder.Decoded] = []
            for message in dumps.links { decodedLinks.append(try NetlinkLinkDecoder.decode(message)) }
            let links = NetlinkLinkDecoder.resolvePeers(decodedLinks)
            var names: [Int: String] = [:]
            for link in links { if let index = link.index { names[index] = link.name } }

            var snapshot = NetlinkSnapshot(links: links)
            for message in dumps.addresses {
                if let address = try NetlinkAddressDecoder.decode(message, names: names) { snapshot.addresses.append(address) }
            }
            for message in dumps.routes {
                if let route = try NetlinkRouteDecoder.decode(message, names: names) { snapshot.routes.append(route) }
            }
            for message in dumps.rules {
                if let rule = try NetlinkRuleDecoder.decode(message), rule.family == .inet { snapshot.rules.append(rule) }
            }
            for message in dumps.rules6 {
                if let rule = try NetlinkRuleDecoder.decode(message), rule.family == .inet6 { snapshot.rules6.append(rule) }
            }
            for message in dumps.neighbours {
                if let neighbour = try NetlinkNeighbourDecoder.decode(message, names: names) {
                    snapshot.neighbours.append(neighbour)
                }
            }
            return snapshot
        } catch {
            throw NetlinkError(operation: "decode rtnetlink reply", reason: error.message)
        }
    }
}
