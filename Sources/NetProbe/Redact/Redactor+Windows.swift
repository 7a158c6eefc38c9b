import FoundationEssentials

/// Redaction of the Windows half (`MachineFacts.windows`): addresses in `netstat` endpoints (`192.168.1.5:52001`,
/// `[fe80::1%12]:445`; the port is kept), Windows user names in paths (`C:\Users\NAME\...`, `/mnt/c/Users/NAME/`,
/// replaced by the name's `user-` token of the one mapping), and the known host and user names.
extension Redactor {
    func redactWindows(_ windows: WindowsFacts) -> WindowsFacts {
        let texts = windows.runs.compactMap { $0.run?.output } + [windows.wslConf ?? "", windows.notRunReason ?? ""]
        let users = Self.windowsUserNames(in: texts)
        func clean(_ text: String) -> String {
            var out = replaceUserFolders(in: text, users: users)
            out = out.split(separator: "\n", omittingEmptySubsequences: false).map { redactEndpoints(String($0)) }
                .joined(separator: "\n")
            return scrub(out)
        }
        func run(_ run: WindowsToolRun?) -> WindowsToolRun? {
            run.map { r in
                var copy = r
                copy.output = clean(r.output)
                copy.spawnError = r.spawnError.map(clean)
                return copy
            }
        }
        var out = windows
        out.netstat = run(windows.netstat)
        out.tasklist = run(windows.tasklist)
        out.excludedPortRange = run(windows.excludedPortRange)
        out.dynamicPortRange = run(windows.dynamicPortRange)
        out.wslVersion = run(windows.wslVersion)
        out.wslList = run(windows.wslList)
        out.wslStatus = run(windows.wslStatus)
        out.ipconfig = run(windows.ipconfig.map { r in
            var copy = r
            copy.output = redactIpconfig(r.output)
            return copy
        })  // then the generic clean, as every run
        out.wslConf = windows.wslConf.map(clean)
        out.notRunReason = windows.notRunReason.map(clean)
        return out
    }

    /// `ipconfig /all` holds names and identifiers the generic scrub does not see: the host name and DNS suffixes
    /// (every non-address value above the first adapter, every domain-like value), MACs and DUIDs in dash form
    /// (`00-15-5D-01-02-03`: a 6-group MAC goes through the one MAC mapping, so it still matches Linux's; longer runs
    /// become `redacted`). Addresses are left to `scrub`, which maps them as everywhere else.
    func redactIpconfig(_ text: String) -> String {
        var inAdapter = false
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map { raw -> String in
            let line = String(raw)
            let trimmed = line.trimmingSpaces()
            let indented = line.first == " " || line.first == "\t"
            if !indented, IpconfigAdapters.heading(trimmed) != nil { inAdapter = true; return line }
            guard indented, let (_, value) = IpconfigAdapters.property(trimmed), let at = line.ranges(of: value).last else { return line }
            let replacement: String
            if let mac = IpconfigAdapters.mac(value) {
                replacement = scrub(mac).replacing(":", with: "-").uppercased()
            } else if IpconfigAdapters.address(value) != nil {
                return line
            } else if !inAdapter || Self.isDomainLike(value) || Self.isDashHex(value) {
                replacement = "redacted"
            } else {
                return line
            }
            var replaced = line
            replaced.replaceSubrange(at, with: replacement)
            return replaced
        }
        return lines.joined(separator: "\n")
    }

    /// `corp.example.com`, `DESKTOP-1.home`: one word with a dot and a letter, not an address.
    private static func isDomainLike(_ value: String) -> Bool {
        !value.contains(" ") && value.contains(".") && value.contains(where: \.isLetter) && IpconfigAdapters.address(value) == nil
    }

    /// `00-01-00-01-2A-...` (a DUID), `1A-2B-...`: groups of two hex digits joined by `-`.
    private static func isDashHex(_ value: String) -> Bool {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count >= 4 && parts.allSatisfy { $0.count == 2 && $0.allSatisfy(\.isHexDigit) }
    }

    /// Rewrites every `host:port` word of a line with the host redacted, keeping the spacing and the port.
    private func redactEndpoints(_ line: String) -> String {
        var out = ""
        var word = ""
        func flush() {
            if !word.isEmpty, let colon = word.lastIndex(of: ":"), colon != word.startIndex,
               word[word.index(after: colon)...].allSatisfy(\.isNumber) {
                var host = String(word[..<colon])
                let bracketed = host.hasPrefix("[") && host.hasSuffix("]") && host.count > 2
                if bracketed { host = String(host.dropFirst().dropLast()) }
                var zone = ""
                if let percent = host.firstIndex(of: "%") { zone = String(host[percent...]); host = String(host[..<percent]) }
                let redacted = scrub(host) + zone
                out += (bracketed ? "[\(redacted)]" : redacted) + word[colon...]
            } else {
                out += word
            }
            word = ""
        }
        for c in line {
            if c == " " || c == "\t" || c == "\r" { flush(); out.append(c) } else { word.append(c) }
        }
        flush()
        return out
    }

    /// Names that follow a `Users` folder in a path (`\` or `/` separated, spaces included: `Users\Bob Smith\`,
    /// see `NameHarvester.pathUserNames`), except Windows' own (`Public`, `Default`).
    static func windowsUserNames(in texts: [String]) -> [String] {
        Set(texts.flatMap(NameHarvester.pathUserNames).filter { !NameHarvester.isProtected($0) }).sorted()
    }

    /// `Users\NAME` and `Users/NAME` with NAME replaced by its `user-` token of the one mapping (the token the same
    /// name gets anywhere else in the report).
    func replaceUserFolders(in text: String, users: [String]) -> String {
        var out = text
        for name in users.sorted(by: { $0.count > $1.count }) {
            let token = names.token(for: name, kind: .user)
            for separator in ["\\", "/"] {
                out = out.replacingCaseInsensitive("Users" + separator + name, with: "Users" + separator + token)
            }
        }
        return out
    }
}
