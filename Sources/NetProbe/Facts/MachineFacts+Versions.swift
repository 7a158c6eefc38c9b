/// One reading of the kernel release and of the WSL and Windows versions, for every consumer (the classifier's
/// kernel signal aside, which weighs only `uname -r` / `/proc/version`, never a bare WSL kernel version).
extension MachineFacts {
    /// The `wsl-version` section (`wsl.exe --version`, or the WSL issue form's `### Windows Version`, `### WSL
    /// Version`, `### Kernel Version` fields) parsed by `WslVersionInfo.parse`; `nil` when not read or unreadable.
    public var wslVersionInfo: WslVersionInfo? {
        guard let run = windows?.wslVersion, run.answered else { return nil }
        return WslVersionInfo.parse(run.output)
    }

    /// The kernel release, whichever place of the facts holds it: `uname -r` (or an issue form's kernel field read
    /// into that section), else the release of `/proc/version` / `uname -a`, else the `Kernel version:` of
    /// `wsl-version` (`5.15.133.1-1`, as `wsl --version` and the WSL issue form state it); `nil` when none does.
    public var kernelRelease: String? {
        KernelSignals.kernelRelease(self).0 ?? wslVersionInfo?.kernel
    }

    /// Why mirrored networking cannot be running, from the versions alone (`WslVersionInfo.mirroredSupport`:
    /// a Windows build older than 22621, or WSL older than 2.0.0); `nil` when the versions allow it or are unknown.
    public var mirroredRuledOut: String? {
        if case .unavailable(let why) = wslVersionInfo?.mirroredSupport { return why }
        return nil
    }
}
