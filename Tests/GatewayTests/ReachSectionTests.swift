import Foundation
import NetProbe
import NetProbeLive
import Testing
import TestSupport
@testable import Gateway

/// The capture section `reach`: written from the probes, read back as they were, through a real capture and the
/// redactor; bad lines are named, never guessed.
@Suite("Reach capture section")
struct ReachSectionTests {
    static let observations = [
        ReachObservation(target: ReachTarget(source: .linux, role: .loopback, host: "127.0.0.1"),
                         result: ProbeResult(host: "127.0.0.1", port: 18789, outcome: .gateway(identity: GatewayIdentity(instanceId: "inst-1"), isSelf: false),
                                             elapsedMicros: 2100)),
        ReachObservation(target: ReachTarget(source: .linux, role: .lanAddress, host: "192.168.1.50"),
                         result: ProbeResult(host: "192.168.1.50", port: 18789, outcome: .refused, elapsedMicros: 90)),
        ReachObservation(target: ReachTarget(source: .windows, role: .loopback, host: "127.0.0.1"),
                         notTried: "interop is off: /etc/wsl.conf sets [interop] enabled=false"),
    ]

    @Test("write then parse gives the observations and the boot id back; a bad line is named with its number")
    func roundTrip() {
        let text = ReachSection.write(Self.observations, bootId: "b-1")
        let parsed = ReachSection.parse(text)
        #expect(parsed.observations == Self.observations && parsed.bootId == "b-1" && parsed.problems.isEmpty)
        let damaged = ReachSection.parse(text + "\n{\"target\":{\"source\":\"mars\"}}\nnot json\n")
        #expect(damaged.observations == Self.observations)
        #expect(damaged.problems == ["line 5: not a reach observation", "line 6: not a reach observation"])
    }

    @Test("an address as a capture writes it is read as an IPAddress: 0:0:0::1 is ::1 and finds the ::1 row; a name stays as written")
    func addressTextReadAsIPAddress() throws {
        let line = #"{"target":{"source":"windows","role":"ipv6-loopback","host":"0:0:0::1"},"notTried":"x"}"#
        let parsed = ReachSection.parse(line + "\n" + #"{"target":{"source":"windows","role":"localhost","host":"localhost"},"notTried":"y"}"#)
        #expect(parsed.problems.isEmpty)
        let target = try #require(parsed.observations.first?.target)
        #expect(target == ReachTarget(source: .windows, role: .ipv6Loopback, host: "::1") && target.host == "::1" && target.address == .loopbackV6)
        #expect(parsed.observations.last?.target.host == "localhost" && parsed.observations.last?.target.address == nil)
        #expect(ReachTarget(source: .linux, role: .loopback, host: "127.0.0.1").address == .loopbackV4)
    }

    @Test("one JSON reader (JSONReader, strict): a trailing comma is no observation, a repeated key keeps its last value; the text is what JSONEncoder wrote before")
    func oneReader() throws {
        let target = #"{"source":"linux","role":"loopback","host":"127.0.0.1"}"#
        let trailing = ReachSection.parse(#"{"target":"# + target + #","notTried":"x",}"#)
        #expect(trailing.observations.isEmpty && trailing.problems == ["line 1: not a reach observation"])
        let repeated = ReachSection.parse(#"{"target":"# + target + #","notTried":"first","notTried":"last"}"#)
        #expect(repeated.observations.map(\.notTried) == ["last"])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let lines = ReachSection.write(Self.observations, bootId: "b/1").split(separator: "\n").map(String.init)
        var expected = [String(decoding: try encoder.encode(["bootId": "b/1"]), as: UTF8.self)]
        for observation in Self.observations { expected.append(String(decoding: try encoder.encode(observation), as: UTF8.self)) }
        #expect(lines == expected)
    }

    @Test("through a capture file and the redactor: the section survives, addresses are scrambled, the JSON still parses")
    func throughCaptureAndRedactor() throws {
        var facts = MachineFacts(origin: .live)
        facts.reach = ReachSection.write(Self.observations, bootId: "b-1")
        let redacted = Redactor(hostNames: [], userNames: [], learningFrom: facts).redact(facts)
        let path = TestDirectory.make("reach-capture") + "/capture.txt"
        try CaptureWriter.write(redacted).write(toFile: path, atomically: true, encoding: .utf8)
        let replayed = try CaptureReader.read(path: path)
        let parsed = ReachSection.parse(try #require(replayed.reach))
        #expect(parsed.problems.isEmpty, "\(parsed.problems)")
        #expect(parsed.observations.count == 3)
        #expect(parsed.observations.map(\.target.role) == [.loopback, .lanAddress, .loopback])
        #expect(!(replayed.reach ?? "").contains("192.168.1.50"), "the LAN address is redacted")
    }

    @Test("property: any mutation of a section parses without a crash; every kept line is a whole observation")
    func mutations() {
        var generator = SeededGenerator(seed: 2020)
        let text = Array(ReachSection.write(Self.observations, bootId: "b-1").utf8)
        for _ in 0..<500 {
            let mutated = String(decoding: generator.mutate(text), as: UTF8.self)
            let parsed = ReachSection.parse(mutated)
            #expect(parsed.observations.allSatisfy { ($0.result == nil) != ($0.notTried == nil) })
            #expect(parsed.observations.count + parsed.problems.count <= mutated.split(separator: "\n").count)
        }
    }
}
