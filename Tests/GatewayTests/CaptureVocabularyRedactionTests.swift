import Foundation
import NetProbe
import NetProbeLive
import Testing
import TestSupport
@testable import Gateway

/// The redactor never rewrites the capture format's own words: a host or user whose name is a word of the format
/// (`host`, `target`) or a part of one (`vm` of `vm-address`, a real host name) leaves a capture that reads back
/// with the same sections, the same reach rows and roles.
@Suite("Capture vocabulary and the redactor")
struct CaptureVocabularyRedactionTests {
    /// One observation per role and source, with each kind of result the section can hold.
    static let observations: [ReachObservation] = {
        var list: [ReachObservation] = []
        for source in ReachSource.allCases {
            for role in ReachRole.allCases {
                let host = role == .localhost ? "localhost" : role == .ipv6Loopback ? "::1" : "172.28.1.2"
                let target = ReachTarget(source: source, role: role, host: host)
                if role == .secondLoopback {
                    list.append(ReachObservation(target: target, notTried: "vm host is not up"))
                } else {
                    list.append(ReachObservation(target: target, result: ProbeResult(
                        host: host, port: 18789,
                        outcome: role == .loopback ? .gateway(identity: GatewayIdentity(instanceId: "inst-1"), isSelf: true) : .refused,
                        elapsedMicros: 12)))
                }
            }
        }
        return list
    }()

    static func headers(_ text: String) -> [String] {
        text.split(separator: "\n").filter { $0.hasPrefix("### ") }.map(String.init)
    }

    /// Every word of the format and every `-`/`.`/`_` part of one.
    static let names: [String] = {
        var names = CaptureVocabulary.words
        for word in CaptureVocabulary.words {
            for part in word.split(whereSeparator: { $0 == "-" || $0 == "." || $0 == "_" }) { names.insert(String(part)) }
        }
        return names.sorted()
    }()

    @Test("Gateway's roles, sources and verdicts are the format's vocabulary")
    func vocabularyAgrees() {
        #expect(Set(ReachRole.allCases.map(\.rawValue)) == CaptureVocabulary.reachRoles)
        #expect(Set(ReachSource.allCases.map(\.rawValue)) == CaptureVocabulary.reachSources)
        #expect(Set(ProbeOutcome.allNames).isSubset(of: CaptureVocabulary.words))
        let keys = Set(ReachSection.write(Self.observations, bootId: "b").split(whereSeparator: { !($0.isLetter) }).map { $0.lowercased() })
        for key in ["target", "source", "role", "host", "result", "port", "outcome", "verdict", "elapsedmicros", "nottried", "bootid"] {
            #expect(keys.contains(key) && CaptureVocabulary.reachKeys.contains(key), "\(key)")
        }
    }

    @Test("property: redacting with any format word or part of one as the host or user name keeps the sections, keys and roles")
    func formatWordsAsNames() throws {
        var facts = try CaptureReader.read(path: Fixtures.path("captures/wsl2-nat.txt"))
        facts.reach = ReachSection.write(Self.observations, bootId: "b-1")
        let plain = CaptureWriter.write(facts)
        let directory = TestDirectory.make("capture-vocabulary")
        #expect(Self.names.contains("vm") && Self.names.contains("address") && Self.names.contains("host"))
        for (index, name) in Self.names.enumerated() {
            for redactor in [Redactor(hostNames: [name], learningFrom: facts), Redactor(userNames: [name], learningFrom: facts)] {
                let path = directory + "/capture-\(index).txt"
                let text = CaptureWriter.write(redactor.redact(facts))
                try text.write(toFile: path, atomically: true, encoding: .utf8)
                #expect(Self.headers(text) == Self.headers(plain), "name \(name)")
                let replayed = try CaptureReader.read(path: path)
                let parsed = ReachSection.parse(replayed.reach ?? "")
                #expect(parsed.problems.isEmpty, "name \(name): \(parsed.problems)")
                #expect(parsed.observations.map(\.target.role) == Self.observations.map(\.target.role), "name \(name)")
                #expect(parsed.observations.map(\.target.source) == Self.observations.map(\.target.source), "name \(name)")
                #expect(parsed.observations.map { $0.result?.outcome.name } == Self.observations.map { $0.result?.outcome.name },
                        "name \(name)")
                #expect(parsed.bootId != nil, "name \(name)")
            }
        }
    }

    @Test("a host named vm (the tester's machine): vm-address stays, a lone vm in prose is still replaced")
    func hostNamedVM() {
        let redactor = Redactor(hostNames: ["vm"])
        let line = #"{"target":{"source":"windows","role":"vm-address","host":"172.28.1.2"},"notTried":"vm is down"}"#
        let scrubbed = redactor.scrub(line)
        #expect(scrubbed.contains(#""role":"vm-address""#), "\(scrubbed)")
        #expect(!scrubbed.contains("vm is down"), "\(scrubbed)")
    }
}
