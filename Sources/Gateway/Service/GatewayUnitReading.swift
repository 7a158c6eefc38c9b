import FoundationEssentials
import NetProbe

/// What a systemd unit file says about the gateway it runs: the port of its `ExecStart=` (`openclaw ... gateway ...
/// --port P`, 18789 without one), whether exit 78 stops its restarts, and whether `openclaw gateway install` (or
/// `gateway unit`) wrote it. Pure: the one reading of a unit file, used by `gateway install`/`uninstall`, the doctor's
/// `supervisor.systemd` check and its `--fix`.
public struct GatewayUnitReading: Sendable, Equatable {
    public var port: UInt16
    /// `RestartPreventExitStatus=` names 78 (or `EX_CONFIG`) after the unit and its drop-ins are applied.
    public var preventsRestartOn78: Bool
    /// The unit carries `SystemdUnit.marker`: this toolkit wrote it, so `install` may replace it without `--force`.
    public var writtenByInstall: Bool

    public init(port: UInt16, preventsRestartOn78: Bool, writtenByInstall: Bool) {
        self.port = port
        self.preventsRestartOn78 = preventsRestartOn78
        self.writtenByInstall = writtenByInstall
    }

    /// Reads `[Service]` of the unit text and its drop-ins (in the order systemd applies them); `nil` when its
    /// `ExecStart=` does not run `openclaw ... gateway`. An empty `RestartPreventExitStatus=` resets the list, as
    /// systemd does.
    /// Most bytes read of a unit file or drop-in (the doctor's `LiveGatherer`, `ServiceEdge`): a longer one is
    /// not a gateway unit and is not read.
    public static let fileLimit = 64 * 1024

    public static func read(text: String, dropIns: [String] = []) -> GatewayUnitReading? {
        var execStart: String?
        var prevent: [String] = []
        for unitText in [text] + dropIns {
            var section = ""
            for raw in unitText.split(whereSeparator: \.isNewline) {
                let line = raw.trimmingSpaces()
                if line.hasPrefix("[") && line.hasSuffix("]") {
                    section = String(line.dropFirst().dropLast())
                    continue
                }
                guard section == "Service", !line.hasPrefix("#"), !line.hasPrefix(";"), let eq = line.firstIndex(of: "=") else { continue }
                let key = line[..<eq].trimmingSpaces()
                let value = String(line[line.index(after: eq)...]).trimmingSpaces()
                switch key {
                case "ExecStart": if !value.isEmpty { execStart = value }
                case "RestartPreventExitStatus":
                    if value.isEmpty { prevent = [] } else { prevent += value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init) }
                default: break
                }
            }
        }
        guard let exec = execStart else { return nil }
        let words = exec.split(separator: " ").map { $0.trimmed(where: { $0 == "\"" || $0 == "'" }) }
        guard let gatewayIndex = words.firstIndex(of: "gateway"),
              words[..<gatewayIndex].contains(where: { PathText.lastComponent($0).hasPrefix("openclaw") })
        else { return nil }
        var port: UInt16 = 18789
        for (i, w) in words.enumerated() {
            if w == "--port", i + 1 < words.count, let p = UInt16(words[i + 1]) { port = p }
            if w.hasPrefix("--port="), let p = UInt16(w.dropFirst(7)) { port = p }
        }
        let marked = text.split(whereSeparator: \.isNewline).contains { $0.hasPrefix(SystemdUnit.marker) }
        return GatewayUnitReading(
            port: port, preventsRestartOn78: prevent.contains("78") || prevent.contains("EX_CONFIG"), writtenByInstall: marked)
    }
}
