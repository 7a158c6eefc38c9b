import Foundation
import Gateway

/// The parts of `<state>/openclaw.json` the doctor uses: `gateway.port`, `gateway.bind`,
/// `gateway.customBindHost`, and whether `gateway.auth.token` is set; `gateway run` also uses the token itself and
/// `gateway.controlUi.allowedOrigins`. A missing or unreadable file gives empty values.
struct GatewayConfigFile {
    var port: UInt16?
    var bind: BindMode?
    var bindHost: String?
    var hasToken = false
    /// `gateway.auth.token` as written (blank included: `gateway run` refuses a blank token).
    var token: String?
    /// `gateway.controlUi.allowedOrigins`; nil when absent.
    var allowedOrigins: [String]?
    /// `gateway.controlUi.allowedOrigins` is present but not a list of strings.
    var allowedOriginsMalformed = false
    /// The file read.
    var path: String?

    static func load(stateDirectory: String) -> GatewayConfigFile {
        var out = GatewayConfigFile()
        let path = stateDirectory + "/openclaw.json"
        guard let data = FileManager.default.contents(atPath: path), data.count < 1 << 20,
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let gateway = root["gateway"] as? [String: Any] else { return out }
        out.path = path
        if let p = gateway["port"] as? Int, (1...65535).contains(p) { out.port = UInt16(p) }
        if let b = gateway["bind"] as? String { out.bind = BindMode(rawValue: b) }
        out.bindHost = gateway["customBindHost"] as? String
        if let auth = gateway["auth"] as? [String: Any], let token = auth["token"] as? String {
            out.token = token
            out.hasToken = !token.allSatisfy(\.isWhitespace)
        }
        if let controlUi = gateway["controlUi"] as? [String: Any], let origins = controlUi["allowedOrigins"] {
            if let list = origins as? [String] { out.allowedOrigins = list } else { out.allowedOriginsMalformed = true }
        }
        return out
    }

    /// How refusals name the allow-list key of this file.
    static func originSource(_ file: GatewayConfigFile) -> String {
        "gateway.controlUi.allowedOrigins in \(file.path ?? "openclaw.json")"
    }
}
