/// The one fix of each `--bind` / `--bind-host` refusal, chosen from where the values came from
/// (`StartConfiguration.bindModeSource`, `bindHostSource`): the file and key to edit when `openclaw.json` set them
/// (as `TokenSetting.replacement` does for the token), the variable when the environment did, else the options. Pure.
enum BindRefusalFix {
    static let literalExample = "an IP address literal such as 192.168.1.10 (names are not resolved)"

    /// `--bind custom` without a host (or with an empty `--bind-host`: an empty value in the file is a `ConfigError`,
    /// an empty variable is not set).
    static func customWithoutHost(_ c: StartConfiguration) -> String {
        switch c.bindModeSource {
        case .file(let path, let line)?:
            return "edit \(path): add gateway.customBindHost (\(literalExample)) beside gateway.bind \"custom\" (line \(line)), "
                + "or set gateway.bind to \"loopback\""
        case .environment(let variable)?:
            return "export \(GatewayConfigKeys.customBindHost.variable ?? "OPENCLAW_GATEWAY_BIND_HOST")=ADDRESS (\(literalExample)), "
                + "or unset \(variable)"
        default:
            return "add --bind-host ADDRESS (an IP address literal), or use --bind loopback"
        }
    }

    /// A host given while the bind mode is not `custom`.
    /// Where the bind mode came from, as the refusal names it: what was typed (`got --bind lan`), the variable or
    /// the file line that set it, or the default nobody typed (`--bind was not given: it defaults to loopback`).
    static func modeOrigin(_ c: StartConfiguration) -> String {
        let mode = c.bindMode.rawValue
        switch c.bindModeSource {
        case .file(let path, let line)?: return "got gateway.bind \"\(mode)\" from \(path) line \(line)"
        case .environment(let variable)?: return "got \(variable)=\(mode)"
        case .fallback?: return "--bind was not given: it defaults to \(mode)"
        case .option?, nil: return "got --bind \(mode)"
        }
    }

    static func hostWithoutCustom(_ c: StartConfiguration) -> String {
        let custom: String
        switch c.bindModeSource {
        case .file?: custom = "set gateway.bind to \"custom\" there"
        case .environment(let variable)?: custom = "export \(variable)=custom"
        default: custom = "use --bind custom"
        }
        switch c.bindHostSource {
        case .file(let path, let line)?:
            return "edit \(path): remove gateway.customBindHost (line \(line)); or \(custom)"
        case .environment(let variable)?:
            return "unset \(variable); or \(custom)"
        default:
            return "drop --bind-host; or \(custom)"
        }
    }

    /// A host that is not an IP address literal.
    static func hostNotLiteral(_ c: StartConfiguration) -> String {
        switch c.bindHostSource {
        case .file(let path, let line)?:
            return "edit \(path): set gateway.customBindHost (line \(line)) to \(literalExample)"
        case .environment(let variable)?:
            return "export \(variable)=ADDRESS with \(literalExample)"
        default:
            return "use --bind custom --bind-host ADDRESS with \(literalExample)"
        }
    }
}
