import Testing
@testable import Gateway
@testable import GatewayServer

/// Issue 10 item 1: which origins may open the WebSocket and which `Host` values may read the revealing routes.
@Suite("Origin and Host policy")
struct OriginHostPolicyTests {
    static let loopback = ["127.0.0.1", "::1"]

    @Test("origins normalise: case, default ports, IPv6 brackets and canonical text, one trailing slash", arguments: [
        ("http://127.0.0.1:18789", "http://127.0.0.1:18789"),
        ("HTTP://LocalHost:18789", "http://localhost:18789"),
        ("http://example.com", "http://example.com:80"),
        ("https://Example.com/", "https://example.com:443"),
        ("https://example.com:443", "https://example.com:443"),
        ("http://[::1]:18789", "http://[::1]:18789"),
        ("http://[0:0:0:0:0:0:0:1]:18789", "http://[::1]:18789"),
        ("http://[::FFFF:7F00:1]:80", "http://[::ffff:127.0.0.1]:80"),
    ])
    func normalise(_ origin: String, _ expected: String) {
        #expect(OriginPolicy.normalise(origin) == expected)
    }

    @Test("what is not an origin is refused", arguments: [
        "null", "*", "", "file://", "chrome-extension://abc", "http://", "http://a/b", "http://user@a", "http://a:0",
        "http://a:65536", "http://a:x", "http://::1:80", "http://[::1", "http://[fe80::1%25eth0]:80", "ws://127.0.0.1:1",
        "http://a b", "http://127.0.0.1:18789/path",
    ])
    func notOrigins(_ origin: String) {
        #expect(OriginPolicy.normalise(origin) == nil, "\(origin)")
    }

    @Test("same origin: the gateway's own addresses and port, localhost for loopback binds; no Origin stays allowed", arguments: [
        ("http://127.0.0.1:18789", true),
        ("http://localhost:18789", true),
        ("http://LOCALHOST:18789", true),
        ("http://[::1]:18789", true),
        ("http://[0::1]:18789", true),
        ("http://127.0.0.1:18790", false),
        ("https://127.0.0.1:18789", false),
        ("http://127.0.0.2:18789", false),
        ("https://evil.example", false),
        ("http://evil.example:18789", false),
        ("null", false),
    ])
    func sameOrigin(_ origin: String, _ allowed: Bool) {
        #expect(OriginPolicy.allows(origin: origin, ownAddresses: Self.loopback, port: 18789, allowList: []) == allowed, "\(origin)")
    }

    @Test("no Origin header is allowed (CLI and native clients); the allow-list admits exactly its entries")
    func allowList() throws {
        #expect(OriginPolicy.allows(origin: nil, ownAddresses: Self.loopback, port: 18789, allowList: []))
        let list = try OriginPolicy.allowList(["https://App.Example/", "http://10.0.0.5:8080"]).get()
        #expect(list == ["https://app.example:443", "http://10.0.0.5:8080"])
        #expect(OriginPolicy.allows(origin: "https://app.example", ownAddresses: Self.loopback, port: 18789, allowList: list))
        #expect(OriginPolicy.allows(origin: "http://10.0.0.5:8080", ownAddresses: Self.loopback, port: 18789, allowList: list))
        #expect(!OriginPolicy.allows(origin: "http://app.example", ownAddresses: Self.loopback, port: 18789, allowList: list))
        #expect(OriginPolicy.allowList(["http://ok:1", "*"]) == .failure(OriginEntryError(entry: "*")))
    }

    @Test("a wildcard bind is own only through the address the connection arrived on; localhost only when that is loopback")
    func wildcard() {
        #expect(!OriginPolicy.allows(origin: "http://0.0.0.0:18789", ownAddresses: ["0.0.0.0"], port: 18789, allowList: []))
        #expect(OriginPolicy.allows(origin: "http://192.168.1.5:18789", ownAddresses: ["0.0.0.0", "192.168.1.5"], port: 18789, allowList: []))
        #expect(!OriginPolicy.allows(origin: "http://localhost:18789", ownAddresses: ["0.0.0.0", "192.168.1.5"], port: 18789, allowList: []))
        #expect(OriginPolicy.allows(origin: "http://localhost:18789", ownAddresses: ["0.0.0.0", "127.0.0.1"], port: 18789, allowList: []))
    }

    @Test("Host: own addresses with the port and localhost pass; names, other ports and missing ports do not", arguments: [
        ("127.0.0.1:18789", true),
        ("localhost:18789", true),
        ("LocalHost:18789", true),
        ("[::1]:18789", true),
        ("[0:0::1]:18789", true),
        ("127.0.0.1", false),
        ("127.0.0.1:80", false),
        ("evil.example:18789", false),
        ("evil.example", false),
        ("127.0.0.1.nip.io:18789", false),
        ("::1:18789", false),
        ("", false),
        ("127.0.0.1:18789@evil", false),
    ])
    func host(_ host: String, _ allowed: Bool) {
        #expect(HostPolicy.allows(host: host, ownAddresses: Self.loopback, port: 18789) == allowed, "\(host)")
    }

    @Test("an allowed origin's host and port pass the Host check too (a front end or a port forward)")
    func hostOfAllowedOrigin() {
        let allowed: Set<String> = ["https://gw.example:443", "http://10.0.0.5:8080"]
        #expect(HostPolicy.allows(host: "gw.example", ownAddresses: Self.loopback, port: 18789, allowedOrigins: allowed))
        #expect(HostPolicy.allows(host: "10.0.0.5:8080", ownAddresses: Self.loopback, port: 18789, allowedOrigins: allowed))
        #expect(!HostPolicy.allows(host: "10.0.0.5:8081", ownAddresses: Self.loopback, port: 18789, allowedOrigins: allowed))
        #expect(!HostPolicy.allows(host: "evil.example", ownAddresses: Self.loopback, port: 18789, allowedOrigins: allowed))
    }

    @Test("no Host (HTTP/1.0) is allowed: a browser always sends one; port 80 is implied when absent")
    func hostDefaults() {
        #expect(HostPolicy.allows(host: nil, ownAddresses: Self.loopback, port: 18789))
        #expect(HostPolicy.allows(host: "127.0.0.1", ownAddresses: Self.loopback, port: 80))
    }
}
