/// What `wsl.exe --status` prints: the default distribution and the default version (the version a NEW
/// distribution gets: weaker evidence about an existing one than `wsl -l -v`'s VERSION column).
///
/// Lines `label: value`; the labels are WSL's `MessageStatusDefaultDistro` and `MessageStatusDefaultVersion` in every
/// language WSL ships (microsoft/WSL `localization/strings/*/Resources.resw`, commit 3e27a6a50; `Default Distribution:
/// {}`, `Standardversion: {}`, `Version par défaut : {}`, `既定のバージョン: {}`). Older releases add kernel and update
/// lines, which are ignored. Pure; never fails.
public struct WslStatusInfo: Sendable, Equatable, Codable {
    public var defaultDistribution: String?
    /// 1 or 2.
    public var defaultVersion: Int?
    /// 1-based lines of the two values, when read.
    public var distributionLine: Int?
    public var versionLine: Int?

    public init(defaultDistribution: String? = nil, defaultVersion: Int? = nil, distributionLine: Int? = nil,
                versionLine: Int? = nil) {
        self.defaultDistribution = defaultDistribution
        self.defaultVersion = defaultVersion
        self.distributionLine = distributionLine
        self.versionLine = versionLine
    }

    /// `MessageStatusDefaultDistro` without `: {}`, per locale (22 locales; some share a string).
    public static let distributionLabels: Set<String> = [
        "Default Distribution", "Výchozí distribuce", "Standarddistribution", "Distribución predeterminada",
        "Oletusjakelu", "Distribution par défaut", "Alapértelmezett disztribúció", "Distribuzione predefinita",
        "既定のディストリビューション", "기본 배포", "Standarddistribusjon", "Standaarddistributie", "Dystrybucja domyślna",
        "Distribuição Padrão", "Distribuição Predefinida", "Дистрибутив по умолчанию", "Varsayılan Dağıtım", "默认分发",
        "預設通訊群組",
    ]

    /// `MessageStatusDefaultVersion` without `: {}`, per locale.
    public static let versionLabels: Set<String> = [
        "Default Version", "Výchozí verze", "Standardversion", "Versión predeterminada", "Oletusversio",
        "Version par défaut", "Alapértelmezett verzió", "Versione predefinita", "既定のバージョン", "기본 버전",
        "Standardversjon", "Standaardversie", "Wersja domyślna", "Versão Padrão", "Versão predefinida",
        "Версия по умолчанию", "Varsayılan Sürüm", "默认版本", "預設版本",
    ]

    /// The label and value of a `label: value` line (`:` or the full-width `：`), both trimmed; NULs dropped.
    public static func pair(_ text: String) -> (label: String, value: String)? {
        let clean = String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value != 0 && $0 != "\r" }))
        guard let colon = clean.firstIndex(where: { $0 == ":" || $0 == "：" }) else { return nil }
        let label = String(clean[..<colon]).trimmingSpaces()
        let value = String(clean[clean.index(after: colon)...]).trimmingSpaces()
        return label.isEmpty ? nil : (label, value)
    }

    /// The labels compared without regard to case: older releases printed `Default distribution:` and
    /// `Default version:` (openclaw/openclaw-windows-node#1405).
    static let distributionKeys = Set(distributionLabels.map { $0.lowercased() })
    static let versionKeys = Set(versionLabels.map { $0.lowercased() })

    /// Whether `text` is one of the two lines by its label (any language WSL ships).
    public static func isStatusLine(_ text: String) -> Bool {
        guard let (label, _) = pair(text) else { return false }
        return distributionKeys.contains(label.lowercased()) || versionKeys.contains(label.lowercased())
    }

    /// `nil` when neither value is there.
    public static func parse(_ text: String) -> WslStatusInfo? {
        var info = WslStatusInfo()
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            guard let (label, value) = pair(String(raw)), !value.isEmpty else { continue }
            if info.defaultDistribution == nil, distributionKeys.contains(label.lowercased()), !value.contains(" ") {
                info.defaultDistribution = value
                info.distributionLine = index + 1
            } else if info.defaultVersion == nil, versionKeys.contains(label.lowercased()), let version = Int(value), version == 1 || version == 2 {
                info.defaultVersion = version
                info.versionLine = index + 1
            }
        }
        return info.defaultDistribution == nil && info.defaultVersion == nil ? nil : info
    }
}
