import Gateway
import NetProbe

/// The port a replayed capture was judged for: the one port every probe of its `reach` section (`ReachSection`,
/// written by `bugreport`) was made to, or nil (no section, no probe, or probes of several ports). Pure.
enum ReplayPort {
    static func probed(in facts: MachineFacts) -> UInt16? {
        guard let text = facts.reach else { return nil }
        let ports = Set(ReachSection.parse(text).observations.compactMap { $0.result?.port })
        return ports.count == 1 ? ports.first : nil
    }
}
