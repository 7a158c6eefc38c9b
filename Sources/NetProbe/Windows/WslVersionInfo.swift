/// The versions `wsl.exe --version` prints (or `wslinfo --version`, the WSL version alone).
///
/// `wsl.exe --version` prints `label: value` lines in a fixed order, with localised labels (`WSL version:`,
/// `WSL-Version:`, `Versión de WSL:`, `WSL 版本：`): the WSL package version first, the kernel version second, and a
/// line whose label names `Windows` last. Parsed by that order and by the value's shape, not by the words.
public struct WslVersionInfo: Sendable, Equatable, Codable {
    public var wsl: VersionNumber?
    public var kernel: String?
    public var windows: VersionNumber?

    public init(wsl: VersionNumber? = nil, kernel: String? = nil, windows: VersionNumber? = nil) {
        self.wsl = wsl
        self.kernel = kernel
        self.windows = windows
    }

    /// `nil` when nothing could be read. Pure; never fails.
    public static func parse(_ text: String) -> WslVersionInfo? {
        var pairs: [(label: String, value: String)] = []
        var bare: [String] = []
        for line in text.split(separator: "\n") {
            let trimmed = String(line).trimmingSpaces()
            guard !trimmed.isEmpty else { continue }
            if let colon = trimmed.firstIndex(where: { $0 == ":" || $0 == "：" }) {
                pairs.append((String(trimmed[..<colon]).trimmingSpaces(), String(trimmed[trimmed.index(after: colon)...]).trimmingSpaces()))
            } else {
                bare.append(trimmed)
            }
        }
        var info = WslVersionInfo()
        if let first = pairs.firstIndex(where: { $0.label.contains("WSL") && !$0.label.contains("WSLg") }) {
            info.wsl = VersionNumber(pairs[first].value)
            if first + 1 < pairs.count, !pairs[first + 1].label.contains("WSL") {
                info.kernel = pairs[first + 1].value.isEmpty ? nil : pairs[first + 1].value
            }
        } else if pairs.isEmpty, bare.count == 1 {
            info.wsl = VersionNumber(bare[0])  // `wslinfo --version`
        }
        if let windows = pairs.last(where: { $0.label.contains("Windows") }) {
            info.windows = VersionNumber(windows.value)
        }
        return info.wsl == nil && info.kernel == nil && info.windows == nil ? nil : info
    }

    /// The Windows build (`22621` of `10.0.22621.819`).
    public var windowsBuild: Int? {
        guard let windows, windows.components.count >= 3 else { return nil }
        return windows.components[2]
    }

    /// Windows 11 22H2 (build 22621) or later: what mirrored networking needs.
    public static let mirroredMinimumBuild = 22621
    /// WSL 2.0.0 or later: the release that brought mirrored networking (`[experimental] networkingMode=mirrored`).
    public static let mirroredMinimumWSL = VersionNumber(components: [2, 0, 0])

    /// Whether mirrored networking exists on this WSL and Windows, from the versions alone.
    public enum MirroredSupport: Sendable, Equatable {
        case available
        /// Why not, naming the version (`Windows build 19045 is older than Windows 11 22H2 (build 22621)`).
        case unavailable(String)
        /// What is not known (`the Windows build is not known`).
        case unknown(String)

        public var word: String {
            switch self {
            case .available: return "available"
            case .unavailable: return "unavailable"
            case .unknown: return "unknown"
            }
        }
    }

    /// The one judgement of whether mirrored networking exists here: WSL 2.0.0 or later and Windows build 22621
    /// or later; either version older says no (naming it), both known and new enough say yes, else unknown.
    public var mirroredSupport: MirroredSupport {
        var reasons: [String] = []
        if let wsl, wsl < Self.mirroredMinimumWSL {
            reasons.append("WSL \(wsl) is older than WSL 2.0.0, the release that brought mirrored networking")
        }
        if let build = windowsBuild, build < Self.mirroredMinimumBuild {
            reasons.append("Windows build \(build) is older than Windows 11 22H2 (build 22621)")
        }
        if !reasons.isEmpty { return .unavailable(reasons.joined(separator: "; ")) }
        switch (wsl, windowsBuild) {
        case (.some, .some): return .available
        case (nil, nil): return .unknown("neither the WSL version nor the Windows build is known")
        case (nil, _): return .unknown("the WSL version is not known")
        default: return .unknown("the Windows build is not known")
        }
    }
}

/// A dotted version (`2.6.3.0`), compared component by component (missing components are 0).
public struct VersionNumber: Sendable, Equatable, Codable, Comparable, CustomStringConvertible {
    public var components: [Int]

    /// `2.0.9.0`, `v2.6.3`; a trailing `-suffix` is ignored. `nil` unless it starts with a number.
    public init?(_ text: String) {
        var body = Substring(text.trimmingSpaces())
        if body.hasPrefix("v") { body = body.dropFirst() }
        let head = body.prefix(while: { $0.isASCII && ($0.isNumber || $0 == ".") })
        let parts = head.split(separator: ".", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.count <= 6 else { return nil }
        var numbers: [Int] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 9, let n = Int(part) else { return nil }
            numbers.append(n)
        }
        components = numbers
    }

    public init(components: [Int]) { self.components = components }

    public var description: String { components.map(String.init).joined(separator: ".") }

    public static func < (a: VersionNumber, b: VersionNumber) -> Bool {
        for i in 0..<max(a.components.count, b.components.count) {
            let x = i < a.components.count ? a.components[i] : 0
            let y = i < b.components.count ? b.components[i] : 0
            if x != y { return x < y }
        }
        return false
    }
}
