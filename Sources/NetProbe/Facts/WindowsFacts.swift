/// The Windows half of a WSL machine, as Windows' own tools print it, run from Linux through WSL interop.
///
/// Every field holds the raw output of one tool, decoded to UTF-8 (CRLF kept as printed), plus how the run ended.
/// `nil` is *unknown* (not run, not in the capture), never "none": a missing `netstat` section says nothing about
/// Windows listeners. The parsed views (`WindowsListeners`, `ExcludedPortRanges`, ...) are pure functions of these
/// texts, so a capture replays exactly what was seen live. Capture sections: `windows-netstat`, `windows-tasklist`,
/// `windows-excludedportrange`, `windows-dynamicportrange`, `wsl-version`, `wsl-conf`, `wsl-list`, `wsl-status`, `windows-ipconfig`.
public struct WindowsFacts: Sendable, Codable, Equatable {
    /// `netstat.exe -ano -p TCP` then `-p TCPv6`, concatenated.
    public var netstat: WindowsToolRun?
    /// `tasklist.exe /fo csv /nh`.
    public var tasklist: WindowsToolRun?
    /// `netsh.exe interface ipv4 show excludedportrange protocol=tcp` then the `ipv6` one, concatenated.
    public var excludedPortRange: WindowsToolRun?
    /// `netsh.exe interface ipv4 show dynamicportrange protocol=tcp`.
    public var dynamicPortRange: WindowsToolRun?
    /// `wsl.exe --version` (UTF-16LE on the wire), or `wslinfo --version`.
    public var wslVersion: WindowsToolRun?
    /// `wsl.exe -l -v` (a pasted report or a capture; not run live).
    public var wslList: WindowsToolRun?
    /// `wsl.exe --status` (a pasted report or a capture; not run live).
    public var wslStatus: WindowsToolRun?
    /// `ipconfig.exe /all` (live), or `ipconfig` / `ipconfig /all` (a pasted report or a capture).
    public var ipconfig: WindowsToolRun?
    /// `/etc/wsl.conf` (a Linux file; read even when interop is off).
    public var wslConf: String?
    /// Why the Windows tools were not run, when they were not (`interop disabled in /etc/wsl.conf`, ...).
    public var notRunReason: String?

    public init(
        netstat: WindowsToolRun? = nil, tasklist: WindowsToolRun? = nil, excludedPortRange: WindowsToolRun? = nil,
        dynamicPortRange: WindowsToolRun? = nil, wslVersion: WindowsToolRun? = nil, wslConf: String? = nil,
        notRunReason: String? = nil
    ) {
        self.netstat = netstat
        self.tasklist = tasklist
        self.excludedPortRange = excludedPortRange
        self.dynamicPortRange = dynamicPortRange
        self.wslVersion = wslVersion
        self.wslConf = wslConf
        self.notRunReason = notRunReason
    }

    /// The tool runs by capture section, in section order.
    public var runs: [(section: FactSection, run: WindowsToolRun?)] {
        [(.windowsNetstat, netstat), (.windowsTasklist, tasklist), (.windowsExcludedPortRange, excludedPortRange),
         (.windowsDynamicPortRange, dynamicPortRange), (.wslVersion, wslVersion), (.wslList, wslList), (.wslStatus, wslStatus),
         (.windowsIpconfig, ipconfig)]
    }
}

/// One run of a Windows tool with a deadline: what it printed and how it ended.
public struct WindowsToolRun: Sendable, Codable, Equatable {
    /// Standard output decoded to UTF-8 (see `WindowsText.decode`); the part printed before a kill on a time-out.
    public var output: String
    /// Exit status; `nil` when killed, when it could not start, or when unknown (a capture).
    public var exitStatus: Int32?
    /// Killed at the deadline.
    public var timedOut: Bool
    /// It could not be started: the `strerror` text (`Exec format error` when interop is off).
    public var spawnError: String?
    /// Wall time of the run in milliseconds, when measured.
    public var elapsedMilliseconds: Int?

    public init(output: String, exitStatus: Int32? = nil, timedOut: Bool = false, spawnError: String? = nil,
                elapsedMilliseconds: Int? = nil) {
        self.output = output
        self.exitStatus = exitStatus
        self.timedOut = timedOut
        self.spawnError = spawnError
        self.elapsedMilliseconds = elapsedMilliseconds
    }

    /// The output can be trusted as the tool's answer: it ran to the end with status 0 (or status unknown, a capture).
    public var answered: Bool { !timedOut && spawnError == nil && (exitStatus ?? 0) == 0 }

    /// How the run ended, in words (`exit status 1`, `timed out after 1500 ms`, `could not start: ...`).
    public var problem: String? {
        if let spawnError { return "could not start: \(spawnError)" }
        if timedOut { return "did not answer in time\(elapsedMilliseconds.map { " (killed after \($0) ms)" } ?? "")" }
        if let status = exitStatus, status != 0 { return "exit status \(status)" }
        return nil
    }
}
