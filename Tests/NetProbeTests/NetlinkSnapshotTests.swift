import Foundation
import Testing
@testable import NetProbe
@testable import NetProbeLive

/// NetlinkReader against this machine's own namespace (no privilege needed).
@Suite("NetlinkReader on this machine")
struct NetlinkSnapshotTests {
    @Test("lo is present and UP, with 127.0.0.1/8 and ::1")
    func loopback() throws {
        let snapshot = try NetlinkReader.snapshot()
        let lo = try #require(snapshot.links.first { $0.name == "lo" })
        #expect(lo.isUp)
        #expect(lo.flags.contains("LOOPBACK"))
        #expect(lo.linkType == "loopback")
        #expect(lo.index == 1)
        #expect(snapshot.addresses.contains {
            $0.interface == "lo" && $0.family == .inet && $0.local == "127.0.0.1" && $0.prefixLength == 8 && $0.scope == "host"
        })
        #expect(snapshot.addresses.contains {
            $0.interface == "lo" && $0.family == .inet6 && $0.local == "::1" && $0.prefixLength == 128
        })
    }

    @Test("the local table holds 127.0.0.1 as a host route without /32")
    func localRoute() throws {
        let snapshot = try NetlinkReader.snapshot()
        let route = try #require(snapshot.routes.first {
            $0.destination == "127.0.0.1" && $0.table == RouteTable.local
        })
        #expect(route.type == "local")
        #expect(route.device == "lo")
        #expect(route.family == .inet)
        #expect(snapshot.routes.contains { $0.destination == "127.0.0.0/8" && $0.table == RouteTable.local })
        #expect(!snapshot.routes.contains { $0.destination.hasSuffix("/32") || $0.destination.hasSuffix("/128") })
    }

    @Test("default rules: 0 local, 32766 main, 32767 default")
    func defaultRules() throws {
        let snapshot = try NetlinkReader.snapshot()
        let summary = snapshot.rules.map { "\($0.priority):\($0.table.map(String.init) ?? $0.action ?? "?")" }
        #expect(summary == ["0:255", "32766:254", "32767:253"], "this machine's IPv4 rules: \(summary)")
        #expect(snapshot.rules.allSatisfy { $0.family == .inet && $0.source == nil && $0.inputInterface == nil })
        #expect(snapshot.rules6.contains { $0.priority == 0 && $0.table == RouteTable.local && $0.family == .inet6 })
        #expect(snapshot.rules6.contains { $0.priority == 32766 && $0.table == RouteTable.main })
    }

    @Test("links and routes match `ip -j` on this machine")
    func matchesIP() throws {
        let (snapshot, ipLinks, ipRoutes) = try stableRead()
        liveExpectSameLines(snapshot.routes.map { "\($0)" }, ipRoutes.map { "\($0)" }, "routes of this machine")
        #expect(snapshot.links == ipLinks)
    }

    @Test("a namespace path that does not exist is a NetlinkError, not a crash")
    func missingNamespace() {
        let path = "/run/netns/netprobe-no-such-namespace-\(getpid())"
        #expect {
            _ = try NetlinkReader.snapshot(namespacePath: path)
        } throws: { error in
            guard let error = error as? NetlinkError else { return false }
            return error.operation.contains(path) && error.reason.contains("No such file")
        }
    }

    @Test("a file that is not a network namespace is refused by setns")
    func notANamespace() throws {
        let tree = try LiveTemporaryTree("notns")
        defer { tree.remove() }
        try tree.write("plain", "x")
        #expect(throws: NetlinkError.self) { _ = try NetlinkReader.snapshot(namespacePath: tree.root + "/plain") }
    }

    /// Reads `ip -j` links and routes before and after a snapshot, until nothing changed in between
    /// (other programs may add interfaces to this namespace meanwhile).
    private func stableRead() throws -> (NetlinkSnapshot, [Link], [Route]) {
        func ipState() throws -> [String] {
            [try LiveShell.ip("-j", "-d", "link"), try LiveShell.ip("-j", "route", "show", "table", "all")]
        }
        for _ in 0..<10 {
            let before = try ipState()
            let snapshot = try NetlinkReader.snapshot()
            let after = try ipState()
            if before == after {
                return (snapshot, try LiveShell.json(after[0]).map(LiveIPJSON.link), try LiveShell.json(after[1]).map(LiveIPJSON.route))
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw LiveShell.Failure(command: ["ip", "link/route"], status: 0, stderr: "this namespace kept changing")
    }
}
