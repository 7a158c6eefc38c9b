import Foundation
import NetProbe
import NetProbeLive

/// Reads a fixture capture's `# expect:` line and its facts (through the project's `CaptureReader`), so every
/// fixture in `Tests/Fixtures/captures/` is checked against the classifier.
enum ClassifierFixtureReader {
    struct Expectation: Equatable, CustomStringConvertible {
        var kind: String
        var container: String
        var mode: String
        var confidence: String

        init(kind: String, container: String, mode: String, confidence: String) {
            self.kind = kind
            self.container = container
            self.mode = mode
            self.confidence = confidence
        }

        init(_ verdict: EnvironmentVerdict) {
            kind = verdict.kind.rawValue
            container = verdict.container?.rawValue ?? "-"
            mode = verdict.wslNetworkingMode?.rawValue ?? "-"
            confidence = verdict.confidence.rawValue
        }

        var description: String { "kind=\(kind) container=\(container) mode=\(mode) confidence=\(confidence)" }
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    static func expectation(path: String) throws -> Expectation {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n").filter { $0.hasPrefix("# expect:") }
        guard lines.count == 1, let line = lines.first else { throw Failure(description: "\(path): one # expect: line") }
        var fields: [String: String] = [:]
        for word in line.dropFirst("# expect:".count).split(separator: " ") {
            let pair = word.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { throw Failure(description: "\(path): bad expect field \(word)") }
            fields[String(pair[0])] = String(pair[1])
        }
        guard let kind = fields["kind"], let container = fields["container"], let mode = fields["mode"],
              let confidence = fields["confidence"], fields.count == 4 else {
            throw Failure(description: "\(path): expect needs kind, container, mode, confidence")
        }
        return Expectation(kind: kind, container: container, mode: mode, confidence: confidence)
    }

    static func sections(path: String) throws -> [(String, String)] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var result: [(String, [Substring])] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("### ") {
                result.append((line.dropFirst(4).trimmingCharacters(in: .whitespaces), []))
            } else if !result.isEmpty {
                result[result.count - 1].1.append(line)
            }
        }
        return result.map { name, lines in
            (name, lines.joined(separator: "\n").trimmingCharacters(in: .newlines))
        }
    }

    /// The fixture's facts, read by the project's capture reader exactly as `openclaw-doctor --snapshot` reads it.
    static func facts(path: String) throws -> MachineFacts {
        try CaptureReader.read(path: path)
    }
}
