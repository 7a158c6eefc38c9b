/// The `.wslconfig` keys WSL knows, per section, and the misspellings of them that WSL ignores.
///
/// WSL matches a key by its full name (`wsl2.networkingMode`) with `strcasecmp` (microsoft/WSL
/// `src/shared/configfile/configfile.cpp`, `ConfigKey::Matches`, commit 3e27a6a50): `networkingmode` and
/// `NETWORKINGMODE` ARE `networkingMode`; any other spelling (`networkMode`, `networking_mode`) is an unknown key,
/// which WSL skips with the warning `MessageConfigUnknownKey` ("Unknown key '...' in ...") and the default applies.
/// The key list is `src/windows/common/WslCoreConfig.h` at that commit. Pure.
public enum WslConfigKeys {
    /// Lower-cased key names by lower-cased section.
    static let known: [String: Set<String>] = [
        "wsl2": Set([
            "autoProxy", "crashDumpFolder", "debugConsole", "debugConsoleLogFile", "defaultVhdSize", "dhcp", "dhcpTimeout",
            "distributionStartTimeout", "dnsProxy", "dnsTunneling", "earlyBootLogging", "firewall", "gpuSupport",
            "guiApplications", "hardwarePerformanceCounters", "hostFileSystemAccess", "ipv6", "isolateDistroCgroup",
            "kernel", "kernelBootTimeout", "kernelCommandLine", "kernelDebugPort", "kernelModules",
            "loadDefaultKernelModules", "loadKernelModules", "localhostForwarding", "macAddress", "maxCrashDumpCount",
            "memory", "mountDeviceTimeout", "nestedVirtualization", "networkingMode", "processors", "safeMode", "swap",
            "swapFile", "systemDistro", "telemetry", "virtio", "virtio9p", "virtiofs", "vmIdleTimeout", "vmSwitch",
        ].map { $0.lowercased() }),
        "experimental": Set([
            "autoMemoryReclaim", "autoProxy", "bestEffortDnsParsing", "dnsTunneling", "dnsTunnelingIpAddress", "firewall",
            "hostAddressLoopback", "ignoredPorts", "initialAutoProxyTimeout", "networkingMode", "setVersionDebug",
            "sparseVhd", "swiotlb", "virtioFsAggregateShares",
        ].map { $0.lowercased() }),
        "general": Set(["distributionInstallPath", "instanceIdleTimeout"].map { $0.lowercased() }),
    ]

    /// The keys whose misspellings matter to NetProbe (they decide networking), as WSL spells them.
    static let networkingKeys = ["networkingMode", "dnsTunneling", "hostAddressLoopback", "ignoredPorts", "localhostForwarding"]

    /// Whether WSL knows `key` in `section` (both without regard to case).
    public static func isKnown(section: String, key: String) -> Bool {
        known[section.lowercased()]?.contains(key.lowercased()) ?? false
    }

    /// The networking key `key` is a misspelling of (`networkMode`, `networking_mode`, `networkingModes` ->
    /// `networkingMode`): the same letters without `_`, `-`, `.` and case, or at most three edits away. `nil` for a
    /// key WSL knows under any spelling of case, and for keys near none of them.
    public static func misspelling(of key: String) -> String? {
        let lowered = key.lowercased()
        if known.values.contains(where: { $0.contains(lowered) }) { return nil }
        let folded = fold(key)
        guard folded.count >= 5 else { return nil }
        for wanted in networkingKeys {
            let target = fold(wanted)
            if folded == target || distance(folded, target, limit: 3) <= 3 { return wanted }
        }
        return nil
    }

    static func fold(_ key: String) -> [Character] {
        Array(key.lowercased().filter { $0 != "_" && $0 != "-" && $0 != "." && $0 != " " })
    }

    /// Levenshtein distance, stopping early past `limit` (returns `limit + 1` then).
    static func distance(_ a: [Character], _ b: [Character], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            var best = current[0]
            for (j, y) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
                best = min(best, current[j + 1])
            }
            if best > limit { return limit + 1 }
            previous = current
        }
        return previous[b.count]
    }
}
