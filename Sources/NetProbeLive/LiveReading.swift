import NetProbe
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// One pass of `LiveReader.read()`: file reads through `FileProbe`, turned into fact values, with
/// the warnings they raise collected in one place.
struct Reading {
    let probe: FileProbe
    var warnings: [FactWarning] = []

    init(probe: FileProbe) { self.probe = probe }

    /// A file's text, or `nil` when it is missing or unreadable (warning on surprising failures).
    /// `deniedIsExpected` silences the warning for files only privileged readers may open.
    mutating func text(
        _ path: String, _ section: FactSection, trimmed: Bool = true, limit: Int = LiveReader.defaultLimit,
        deniedIsExpected: Bool = false
    ) -> String? {
        guard let bytes = bytes(path, section, limit: limit, deniedIsExpected: deniedIsExpected) else { return nil }
        let (text, cut) = CaptureLimits.cutLines(String(decoding: bytes, as: UTF8.self))
        if cut { warn(path, section, "longer than \(CaptureLimits.sectionLines) lines: only the first \(CaptureLimits.sectionLines) were read") }
        return trimmed ? text.trimmingSpacesAndNewlines() : text
    }

    mutating func bytes(_ path: String, _ section: FactSection, limit: Int, deniedIsExpected: Bool = false) -> [UInt8]? {
        switch probe.read(path, limit: limit) {
        case .content(let bytes, let truncated):
            if truncated { warn(path, section, "longer than \(limit) bytes: only the first \(limit) were read") }
            return bytes
        case .missing:
            return nil
        case .notRegular(let kind):
            warn(path, section, "is a \(kind), not a regular file: not read")
            return nil
        case .failed(let code):
            if !(deniedIsExpected && (code == EACCES || code == EPERM)) {
                warn(path, section, "cannot be read: \(Errno(rawValue: code).description) (errno \(code))")
            }
            return nil
        }
    }

    /// Which paths exist; a path whose existence cannot be known is left out of `checked` too.
    mutating func paths(_ all: [String]) -> PathFacts {
        var facts = PathFacts(existing: [], checked: [])
        for path in all {
            switch probe.exists(path) {
            case .present:
                facts.existing.insert(path)
                facts.checked?.insert(path)
            case .absent:
                facts.checked?.insert(path)
            case .unknown(let code):
                warn(path, .paths, "existence cannot be checked: \(Errno(rawValue: code).description) (errno \(code))")
            }
        }
        return facts
    }

    /// `container=` from PID 1's environment (`/proc/1/environ`, readable only with privilege: no warning when denied).
    mutating func pid1Container() -> String? {
        guard let bytes = bytes("/proc/1/environ", .container, limit: 256 * 1024, deniedIsExpected: true) else { return nil }
        for entry in bytes.split(separator: 0) {
            let text = String(decoding: entry, as: UTF8.self)
            if text.hasPrefix("container=") { return LiveReader.nonEmpty(String(text.dropFirst("container=".count))) }
        }
        return nil
    }

    /// Watched sysctls by dotted name; a sysctl that does not exist is simply absent. Whitespace runs
    /// in a value (the tab in `ip_local_port_range`) become one space, as `sysctl` captures show them.
    mutating func sysctls(_ names: [String]) -> [String: String] {
        var values: [String: String] = [:]
        for name in names {
            guard let text = text(WatchedSysctl.procPath(name), .sysctl) else { continue }
            values[name] = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
        }
        return values
    }

    /// The `.wslconfig` found under `usersRoot`; when the search finished and found none, `usersRoot/*/.wslconfig`
    /// goes into `lookedFor` (written to `paths-checked`, so a capture says "looked, none" as the live report does).
    /// A search that did not finish records nothing: then whether there is one is unknown.
    mutating func wslconfig(usersRoot: String, timeout: Duration, mountinfo: String?, lookedFor: inout Set<String>?) -> WslConfigFile? {
        switch WslConfigFinder.find(probe: probe, usersRoot: usersRoot, timeout: timeout, mountinfo: mountinfo) {
        case .found(let file, let truncated):
            if truncated { warn(file.path, .wslconfig, "longer than \(WslConfigFinder.sizeLimit) bytes: only the start was read") }
            return file
        case .none:
            lookedFor = (lookedFor ?? []).union([usersRoot + "/*/.wslconfig"])
            return nil
        case .timedOut:
            warn(usersRoot, .wslconfig, "search did not finish within \(timeout): the Windows drive may be stalled")
            return nil
        }
    }

    /// Runs the first existing, executable candidate; `nil` when there is none (not a WSL machine).
    mutating func wslinfo(candidates: [String], timeout: Duration) -> WslinfoResult? {
        guard let candidate = candidates.first(where: { probe.isExecutableFile($0) }) else { return nil }
        switch WslinfoRunner.run(probe.resolve(candidate), timeout: timeout) {
        case .success(let result):
            return result
        case .failure(let failure):
            warn(candidate, .wslinfo, "could not be started: \(failure)")
            return nil
        }
    }

    private mutating func warn(_ path: String, _ section: FactSection, _ message: String) {
        warnings.append(FactWarning(file: path, section: section.rawValue, message: message))
    }
}
