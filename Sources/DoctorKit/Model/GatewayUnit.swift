import FoundationEssentials
import NetProbe
import Gateway

/// A systemd unit whose `ExecStart` runs `openclaw gateway`: its port and whether exit 78 stops restarts. Pure.
struct GatewayUnit: Equatable {
    var path: String
    var port: UInt16
    var preventsRestartOn78: Bool

    /// `GatewayUnitReading` of the unit and its drop-ins; nil when it does not run the gateway.
    init?(_ file: UnitFile) {
        guard let reading = GatewayUnitReading.read(text: file.text, dropIns: file.dropIns.map(\.text)) else { return nil }
        path = file.path
        port = reading.port
        preventsRestartOn78 = reading.preventsRestartOn78
    }

    /// The gateway units systemd would load: of units with the same file name, the first (the directory listed
    /// first wins, as `~/.config/systemd/user` overrides `/etc/systemd/user`); a masked unit hides the rest.
    static func effective(_ files: [UnitFile]) -> [GatewayUnit] {
        var seen: Set<String> = []
        return files.filter { seen.insert(PathText.lastComponent($0.path)).inserted }.compactMap(GatewayUnit.init)
    }
}
