import Foundation
import Testing
import TestSupport
@testable import NetProbe

@Suite("ip fixtures")
struct CaptureFixtureTests {
    @Test("every file in Tests/Fixtures/ip parses with zero warnings into a non-empty field", arguments: Fixtures.files(in: "ip"))
    func fixtureParsesCleanly(path: String) throws {
        let name = URL(fileURLWithPath: path).lastPathComponent
        let section = try #require(FactSection(rawValue: name.components(separatedBy: "--").first ?? ""), "fixture \(name) must be named SECTION--description")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let facts = CaptureReader.parse(text: "### \(section.rawValue)\n" + text, file: path)
        #expect(facts.warnings.isEmpty, "\(facts.warnings)")
        let count: Int?
        switch section {
        case .ipAddr: count = facts.addresses?.count
        case .ipLink: count = facts.links?.count
        case .ipRoute: count = facts.routes?.count
        case .ipRule: count = facts.rules?.count
        case .ipRule6: count = facts.rules6?.count
        case .ipNeigh: count = facts.neighbours?.count
        default: count = nil
        }
        #expect((count ?? 0) > 0)
    }

    @Test("fixture folder is not empty")
    func present() {
        #expect(Fixtures.files(in: "ip").count >= 10)
    }
}
