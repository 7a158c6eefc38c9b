import Foundation
import Testing
@testable import NetProbe
@testable import NetProbeLive

/// `LiveReader.Options.readsSocketTables`: `/proc/net/tcp{,6}` are read only when asked for.
@Suite("LiveReader socket tables")
struct LiveReaderSocketTablesTests {
    private func tree() throws -> LiveTemporaryTree {
        let tree = try LiveTemporaryTree("livesockets")
        try tree.write("proc/version", "Linux version 6.1.0-18-amd64\n")
        try tree.write("proc/net/tcp", "  sl  local_address rem_address   st\n   0: 0100007F:4965 00000000:0000 0A\n")
        try tree.write("proc/net/tcp6", "  sl  local_address                         remote_address\n")
        return tree
    }

    @Test("on by default: both tables are read")
    func readByDefault() throws {
        let tree = try tree()
        defer { tree.remove() }
        let facts = LiveReader(options: .init(fileRoot: tree.root, environment: [:])).read()
        #expect(facts.procNetTCP?.contains("0100007F:4965") == true)
        #expect(facts.procNetTCP6?.hasPrefix("  sl") == true)
    }

    @Test("turned off: both stay unknown and everything else is still read")
    func skipped() throws {
        let tree = try tree()
        defer { tree.remove() }
        let facts = LiveReader(options: .init(fileRoot: tree.root, environment: [:], readsSocketTables: false)).read()
        #expect(facts.procNetTCP == nil && facts.procNetTCP6 == nil)
        #expect(facts.procVersion == "Linux version 6.1.0-18-amd64")
        #expect(facts.warnings.isEmpty, "\(facts.warnings)")
    }
}
