import Testing
import TestSupport
@testable import NetProbe

/// `PathText`, which replaces `NSString`'s `lastPathComponent` and `deletingLastPathComponent` (not in
/// FoundationEssentials). Checked against a model of the path it is given, not against `NSString`: swift-corelibs-
/// foundation 6.3.1 traps in `_startOfLastPathComponent` on some relative and non-ASCII paths (`..`, two spaces,
/// `/ //é`), so it cannot be the oracle.
@Suite("PathText")
struct PathTextTests {
    static let names = ["a", "b.service", ".", "..", " ", "é", "openclaw gateway", "openclaw-gateway-18789.service"]

    @Test("generated paths: the last name written and everything before its separator (seeded, 5000 cases)")
    func model() {
        var generator = SeededGenerator(seed: 0x9A7E)
        for _ in 0..<5000 {
            let absolute = Bool.random(using: &generator)
            let count = Int.random(in: 0...4, using: &generator)
            let parts = (0..<count).map { _ in Self.names.randomElement(using: &generator)! }
            let separators = (0..<count).map { _ in Bool.random(using: &generator) ? "/" : "//" }
            let trailing = ["", "/", "//"].randomElement(using: &generator)!
            var path = absolute ? "/" : ""
            var beforeLast = path
            for (index, part) in parts.enumerated() {
                if index > 0 { path += separators[index] }
                if index == parts.count - 1 { beforeLast = path }
                path += part
            }
            if count > 0 { path += trailing }
            let expectedLast = parts.last ?? (absolute ? "/" : "")
            var expectedParent = String(beforeLast)
            while expectedParent.count > 1 && expectedParent.hasSuffix("/") { expectedParent.removeLast() }
            if count == 0 { expectedParent = absolute ? "/" : "" }
            #expect(PathText.lastComponent(path) == expectedLast, "lastComponent(\(path))")
            #expect(PathText.parent(path) == expectedParent, "parent(\(path))")
        }
    }

    @Test("examples (NSString's answers for the paths it handles)")
    func examples() {
        #expect(PathText.lastComponent("/etc/systemd/user/openclaw-gateway.service") == "openclaw-gateway.service")
        #expect(PathText.parent("/etc/systemd/user/openclaw-gateway.service") == "/etc/systemd/user")
        #expect(PathText.lastComponent("/a/b/") == "b")
        #expect(PathText.parent("/a/b/") == "/a")
        #expect(PathText.parent("/a//b") == "/a")
        #expect(PathText.parent("/a") == "/")
        #expect(PathText.parent("/") == "/" && PathText.lastComponent("/") == "/")
        #expect(PathText.parent("name") == "" && PathText.lastComponent("name") == "name")
        #expect(PathText.parent("dir/name") == "dir")
        #expect(PathText.parent("") == "" && PathText.lastComponent("") == "")
    }
}
