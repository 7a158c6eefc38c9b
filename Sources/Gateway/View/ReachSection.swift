import FoundationEssentials
import NetProbe

/// The capture section `reach` (`MachineFacts.reach`): the reachability probes as the doctor made them, so a
/// replayed capture or bug report shows the matrix as it was seen.
///
/// Text: one JSON object a line: `{"bootId":"..."}` first when known, then one `ReachObservation` a line
/// (`{"target":{"source","role","host"},"result":{...}}` or `{"target":...,"notTried":"..."}`). Pure.
public enum ReachSection {
    /// The section's text.
    public static func write(_ observations: [ReachObservation], bootId: String?) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var lines: [String] = []
        if let bootId, let data = try? encoder.encode(["bootId": bootId]) { lines.append(String(decoding: data, as: UTF8.self)) }
        for observation in observations {
            if let data = try? encoder.encode(observation) { lines.append(String(decoding: data, as: UTF8.self)) }
        }
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
        let decoder = JSONDecoder()
        var parsed = Parsed(observations: [], bootId: nil, problems: [])
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingSpacesAndNewlines()
            if line.isEmpty { continue }
            let data = Data(line.utf8)
            if let observation = try? decoder.decode(ReachObservation.self, from: data),
               (observation.result == nil) != (observation.notTried == nil) {
                parsed.observations.append(observation)
            } else if let boot = try? decoder.decode([String: String].self, from: data), let id = boot["bootId"], boot.count == 1 {
                parsed.bootId = id
            } else {
                parsed.problems.append("line \(index + 1): not a reach observation")
            }
        }
        return parsed
    }
}
