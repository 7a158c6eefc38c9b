import Foundation

/// A systemd unit whose `ExecStart` runs `openclaw gateway`: its port and whether exit 78 stops restarts. Pure.
struct GatewayUnit: Equatable {
    var path: String
    var port: UInt16
    var preventsRestartOn78: Bool

    /// Reads `[Service]` of the unit and its drop-ins, in order; nil when it does not run the gateway.
    /// An empty `RestartPreventExitStatus=` resets the list, as systemd does.
    init?(_ file: UnitFile) {
        var execStart: String?
        var prevent: [String] = []
        for text in [file.text] + file.dropIns.map(\.text) {
            var section = ""
            for raw in text.split(whereSeparator: \.isNewline) {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.hasPrefix("[") && line.hasSuffix("]") {
                    section = String(line.dropFirst().dropLast())
                    continue
                }
                guard section == "Service", !line.hasPrefix("#"), !line.hasPrefix(";"), let eq = line.firstIndex(of: "=") else { continue }
                let key = line[..<eq].trimmingCharacters(in: .whitespaces)
                let value = String(line[line.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
                switch key {
                case "ExecStart": if !value.isEmpty { execStart = value }
                case "RestartPreventExitStatus":
                    if value.isEmpty { prevent = [] } else { prevent += value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init) }
                default: break
                }
            }
        }
        guard let exec = execStart else { return nil }
        let words = exec.split(separator: " ").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"'")) }
        guard let gatewayIndex = words.firstIndex(of: "gateway"),
              words[..<gatewayIndex].contains(where: { ($0 as NSString).lastPathComponent.hasPrefix("openclaw") })
        else { return nil }
        var port: UInt16 = 18789
        for (i, w) in words.enumerated() {
            if w == "--port", i + 1 < words.count, let p = UInt16(words[i + 1]) { port = p }
            if w.hasPrefix("--port="), let p = UInt16(w.dropFirst(7)) { port = p }
        }
        path = file.path
        self.port = port
        preventsRestartOn78 = prevent.contains("78") || prevent.contains("EX_CONFIG")
    }

    /// The gateway units systemd would load: of units with the same file name, the first (the directory listed
    /// first wins, as `~/.config/systemd/user` overrides `/etc/systemd/user`); a masked unit hides the rest.
    static func effective(_ files: [UnitFile]) -> [GatewayUnit] {
        var seen: Set<String> = []
        return files.filter { seen.insert(($0.path as NSString).lastPathComponent).inserted }.compactMap(GatewayUnit.init)
    }
}
