import Foundation
import Gateway

/// The parts of `<state>/openclaw.json` the doctor uses: `gateway.port`, `gateway.bind`,
/// `gateway.customBindHost`, and whether `gateway.auth.token` is set. A missing or unreadable file
/// gives empty values.
struct GatewayConfigFile {
    var port: UInt16?
    var bind: BindMode?
    var bindHost: String?
    var hasToken = false

    static func load(stateDirectory: String) -> GatewayConfigFile {
        var out = GatewayConfigFile()
        let path = stateDirectory + "/openclaw.json"
        guard let data = FileManager.default.contents(atPath: path), data.count < 1 << 20,
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let gateway = root["gateway"] as? [String: Any] else { return out }
        if let p = gateway["port"] as? Int, (1...65535).contains(p) { out.port = UInt16(p) }
        if let b = gateway["bind"] as? String { out.bind = BindMode(rawValue: b) }
        out.bindHost = gateway["customBindHost"] as? String
        if let auth = gateway["auth"] as? [String: Any], let token = auth["token"] as? String, !token.isEmpty { out.hasToken = true }
        return out
    }
}
