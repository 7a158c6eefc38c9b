import FoundationEssentials

/// What the kernel release says: WSL1 (`Microsoft`, capital M), WSL2 (`microsoft-standard`, `-WSL2`), or another kernel.
///
/// WSL's own init tests `strstr(release, "Microsoft")` for WSL1; WSL2 kernels carry lower-case `microsoft`
/// (`4.19.104-microsoft-standard`, `5.15.133.1-microsoft-standard-WSL2`, sometimes a trailing `+`).
/// A custom WSL2 kernel may carry neither; `WSLUserSpaceSignals` covers that case.
struct KernelReading: Sendable {
    enum Kind: Sendable, Equatable {
        case wsl1
        case wsl2
        /// A kernel release that names no WSL kernel.
        case other
        /// No kernel release in the facts.
        case unknown
    }

    var kind: Kind
    var release: String?
    var signals: [Signal]
}

enum KernelSignals {
    static func read(_ facts: MachineFacts) -> KernelReading {
        let (release, section) = kernelRelease(facts)
        guard let release else {
            // `/proc/version` text we could not split: look for the WSL1 signature anywhere in it.
            if let text = facts.procVersion?.trimmingSpacesAndNewlines(), !text.isEmpty {
                let source = facts.origin.describe(.procVersion)
                let line = firstLine(text)
                if text.contains("Microsoft@Microsoft.com") {
                    return KernelReading(kind: .wsl1, release: nil, signals: [
                        .primary("kernel.proc-version", source, line, supports: Claim.wsl1),
                    ])
                }
                if text.contains("microsoft-standard") {
                    return KernelReading(kind: .wsl2, release: nil, signals: [
                        .primary("kernel.proc-version", source, line, supports: Claim.wsl2),
                    ])
                }
                return KernelReading(kind: .unknown, release: nil, signals: [
                    .neutral("kernel.proc-version", source, line, about: "kernel"),
                ])
            }
            return KernelReading(kind: .unknown, release: nil, signals: [])
        }
        let source = facts.origin.describe(section)
        let kind = classify(release: release)
        let claim: String
        switch kind {
        case .wsl1: claim = Claim.wsl1
        case .wsl2: claim = Claim.wsl2
        case .other, .unknown: claim = Claim.native
        }
        return KernelReading(kind: kind, release: release, signals: [
            .primary("kernel.release", source, release, supports: claim),
        ])
    }

    /// Which kernel a release string names.
    static func classify(release: String) -> KernelReading.Kind {
        if release.contains("Microsoft") { return .wsl1 }
        let lower = release.lowercased()
        if lower.contains("microsoft") || release.contains("WSL2") { return .wsl2 }
        return .other
    }

    /// The release from `osrelease`, else the release token of `/proc/version` or `uname -a`.
    static func kernelRelease(_ facts: MachineFacts) -> (String?, FactSection) {
        if let text = facts.osRelease, !firstLine(text).isEmpty {
            return (firstLine(text), .osRelease)
        }
        guard let text = facts.procVersion else { return (nil, .procVersion) }
        let words = firstLine(text).split(whereSeparator: { $0 == " " || $0 == "\t" })
        // `Linux version RELEASE (...)`, or `uname -a`: `Linux HOSTNAME RELEASE #...`.
        if words.count >= 3, words[0] == "Linux" { return (String(words[2]), .procVersion) }
        // A bare release pasted where `/proc/version` was expected.
        if words.count == 1, let only = words.first, only.contains(".") { return (String(only), .procVersion) }
        return (nil, .procVersion)
    }

    /// The first value line: fences and prompt lines of a paste (`$ uname -r`) are skipped (`PastedValue`).
    private static func firstLine(_ text: String) -> String {
        PastedValue.first(text)
    }
}
