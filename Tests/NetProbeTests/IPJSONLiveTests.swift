import Foundation
import Testing
@testable import NetProbe
import TestSupport

/// Runs this machine's real `ip` and checks that text and `ip -j` parse to the same facts, and that the
/// JSON parse agrees with Foundation's own reading of the same output.
@Suite("ip output of this machine")
struct IPJSONLiveTests {
    static let ipPath = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func run(_ arguments: [String]) throws -> String {
        // `ChildSpawn` puts the sbin directories in front of PATH.
        let result = try SpawnedChild.runBlocking(try #require(ipPath), arguments, environment: ChildEnvironment.clean())
        try #require(result.status == 0 && !result.timedOut, "ip \(arguments.joined(separator: " ")) failed: \(result.stderr)")
        return result.stdout
    }

    /// Parses text and JSON output of the same command; retries when the machine changed in between
    /// (other tests create links and namespaces).
    static func both(_ section: String, text: [String], json: [String]) throws -> (MachineFacts, MachineFacts, String) {
        var last: (MachineFacts, MachineFacts, String)?
        for _ in 0..<3 {
            let jsonOutput = try run(json)
            let textFacts = CaptureTest.section(section, try run(text))
            let jsonFacts = CaptureTest.section(section, jsonOutput)
            last = (textFacts, jsonFacts, jsonOutput)
            if textFacts.links == jsonFacts.links && textFacts.addresses == jsonFacts.addresses
                && textFacts.routes == jsonFacts.routes && textFacts.rules == jsonFacts.rules && textFacts.rules6 == jsonFacts.rules6
            { break }
        }
        return try #require(last)
    }

    static func foundationArray(_ json: String) throws -> [[String: Any]] {
        let value = try JSONSerialization.jsonObject(with: Data(json.utf8))
        return try #require(value as? [[String: Any]])
    }

    @Test("ip addr and ip -j addr", .enabled(if: ipPath != nil, "iproute2 not installed"))
    func addr() throws {
        let (text, json, raw) = try Self.both("ip-addr", text: ["addr"], json: ["-j", "addr"])
        #expect(text.warnings.isEmpty, "\(text.warnings)")
        #expect(json.warnings.isEmpty, "\(json.warnings)")
        let entries = try Self.foundationArray(raw)
        #expect(json.links?.map(\.name) == entries.compactMap { $0["ifname"] as? String })
        #expect(json.links?.map(\.index) == entries.map { $0["ifindex"] as? Int })
        #expect(json.addresses?.count == entries.reduce(0) { $0 + (($1["addr_info"] as? [Any])?.count ?? 0) })
        #expect(text.links == json.links?.map { link in var plain = link; plain.kind = nil; return plain })
        #expect(text.addresses == json.addresses)
        #expect(json.links?.contains { $0.name == "lo" && $0.linkType == "loopback" } == true)
    }

    @Test("ip link and ip -j link", .enabled(if: ipPath != nil, "iproute2 not installed"))
    func link() throws {
        let (text, json, raw) = try Self.both("ip-link", text: ["link"], json: ["-j", "link"])
        #expect(text.warnings.isEmpty && json.warnings.isEmpty)
        #expect(json.links?.count == (try Self.foundationArray(raw)).count)
        #expect(text.links == json.links)
    }

    @Test("ip route show table all and its -j form", .enabled(if: ipPath != nil, "iproute2 not installed"))
    func route() throws {
        let (text, json, raw) = try Self.both("ip-route", text: ["route", "show", "table", "all"], json: ["-j", "route", "show", "table", "all"])
        #expect(text.warnings.isEmpty, "\(text.warnings)")
        #expect(json.warnings.isEmpty, "\(json.warnings)")
        let entries = try Self.foundationArray(raw)
        #expect(json.routes?.map(\.destination) == entries.compactMap { $0["dst"] as? String })
        #expect(text.routes == json.routes)
        #expect(json.routes?.contains { $0.table == RouteTable.local && $0.type == "local" } == true)
    }

    @Test("ip rule, ip -6 rule and their -j forms", .enabled(if: ipPath != nil, "iproute2 not installed"))
    func rule() throws {
        let (text, json, raw) = try Self.both("ip-rule", text: ["rule"], json: ["-j", "rule"])
        #expect(text.warnings.isEmpty && json.warnings.isEmpty)
        #expect(json.rules?.map(\.priority) == (try Self.foundationArray(raw)).compactMap { $0["priority"] as? Int })
        #expect(text.rules == json.rules)
        let (text6, json6, _) = try Self.both("ip-rule6", text: ["-6", "rule"], json: ["-j", "-6", "rule"])
        #expect(text6.warnings.isEmpty && json6.warnings.isEmpty)
        #expect(text6.rules6 == json6.rules6)
        #expect(json6.rules6?.allSatisfy { $0.family == .inet6 } == true)
    }

    @Test("ip neigh and ip -j neigh", .enabled(if: ipPath != nil, "iproute2 not installed"))
    func neigh() throws {
        let raw = try Self.run(["-j", "neigh"])
        let text = CaptureTest.section("ip-neigh", try Self.run(["neigh"]))
        let json = CaptureTest.section("ip-neigh", raw)
        #expect(text.warnings.isEmpty, "\(text.warnings)")
        #expect(json.warnings.isEmpty)
        let entries = try Self.foundationArray(raw)
        #expect(json.neighbours?.map(\.destination) == entries.compactMap { $0["dst"] as? String })
        #expect(Set(text.neighbours?.map(\.destination) ?? []) == Set(json.neighbours?.map(\.destination) ?? []))
    }
}
