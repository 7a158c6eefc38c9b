import NetProbe

/// The capture section `reach` (`MachineFacts.reach`): the reachability probes as the doctor made them, so a
/// replayed capture or bug report shows the matrix as it was seen.
///
/// Text: one JSON object a line: `{"bootId":"..."}` first when known, then one `ReachObservation` a line
/// (`{"target":{"source","role","host"},"result":{...}}` or `{"target":...,"notTried":"..."}`). Written by
/// `JSONValue(encoding:)` and `JSONTextWriter` (keys sorted, `/` not escaped), read by the project's one JSON reader
/// (`JSONReader`, strict RFC 8259: no trailing comma, a repeated key's last value) and `JSONValueDecoder`; no
/// Foundation coder. Pure; fuzzed (`fuzz/targets/reach.swift`).
public enum ReachSection {
    /// The section's text.
    public static func write(_ observations: [ReachObservation], bootId: String?) -> String {
        var lines: [String] = []
        if let bootId { lines.append(JSONValue.object(["bootId": .string(bootId)]).text) }
        for observation in observations { lines.append(JSONValue(encoding: observation).text) }
        return lines.joined(separator: "\n")
    }

    /// What the section holds; a line that is neither shape is left out and named in `problems`
    /// (`line 3: not a reach observation`), never guessed.
    public struct Parsed: Sendable, Equatable {
        public var observations: [ReachObservation]
        public var bootId: String?
        public var problems: [String]
    }

    /// Parses the section's text. Pure; never fails.
    public static func parse(_ text: String) -> Parsed {
        var parsed = Parsed(observations: [], bootId: nil, problems: [])
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingSpacesAndNewlines()
            if line.isEmpty { continue }
            let value = JSONValue.parse(Array(line.utf8))
            if let value, let observation = try? JSONValueDecoder.decode(ReachObservation.self, from: value),
               (observation.result == nil) != (observation.notTried == nil) {
                parsed.observations.append(observation)
            } else if case .object(let members)? = value, members.count == 1, case .string(let id)? = members["bootId"] {
                parsed.bootId = id
            } else {
                parsed.problems.append("line \(index + 1): not a reach observation")
            }
        }
        return parsed
    }
}
