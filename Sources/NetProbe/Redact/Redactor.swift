import Foundation

/// Replaces addresses, MAC addresses, host names and user names in `MachineFacts` with consistent
/// tokens, so a capture or report can be pasted into a public bug tracker.
///
/// A pure `MachineFacts -> MachineFacts` function: `CaptureWriter` writes whatever it is given, and
/// callers redact first. The same input maps to the same token everywhere in one redaction (one
/// `Redactor` value); what carries meaning for the diagnosis is kept (see `AddressScrambler` and
/// `MACScrambler`), so the verdict of redacted facts equals the verdict of the original.
public struct Redactor: Sendable {
    private let addresses: AddressScrambler
    private let macs: MACScrambler
    private let names: [(name: String, token: String)]

    /// - Parameters:
    ///   - key: the secret that makes tokens unguessable; a fresh random one by default.
    ///   - hostNames: host names known from outside the facts (the live `gethostname`).
    ///   - userNames: user names known from outside the facts (the live user, home directories).
    ///   - facts: facts to learn more names from (`/etc/hosts`, `uname -a`, `.wslconfig`'s path,
    ///     search domains, home directories in `mountinfo`).
    public init(key: UInt64 = UInt64.random(in: .min ... .max), hostNames: Set<String> = [], userNames: Set<String> = [],
                learningFrom facts: MachineFacts? = nil) {
        addresses = AddressScrambler(key: key)
        macs = MACScrambler(key: key)
        var hosts = hostNames
        var users = userNames
        var domains: Set<String> = []
        if let facts { NameHarvester.harvest(facts, hosts: &hosts, users: &users, domains: &domains) }
        var table: [(String, String)] = []
        for (kind, set) in [("user", users), ("host", hosts), ("domain", domains)] {
            for (i, name) in set.filter(NameHarvester.isRedactable).sorted().enumerated() {
                table.append((name, "\(kind)-\(i + 1)"))
            }
        }
        // Longest first, so `host.example.com` is replaced before `host`.
        names = table.sorted { $0.0.count > $1.0.count }
    }

    /// Redacts every field of `facts`.
    public func redact(_ facts: MachineFacts) -> MachineFacts {
        var f = facts
        f.procVersion = f.procVersion.map(scrub)
        f.osRelease = f.osRelease.map(scrubNames)
        f.environment = f.environment?.mapValues(scrub)
        f.containerManager = f.containerManager.map(scrub)
        f.cgroup = f.cgroup.map(scrub)
        f.mountinfo = f.mountinfo.map(scrub)
        f.links = f.links?.map { link in
            var l = link
            l.mac = l.mac.map { macs.scramble($0) ?? scrub($0) }
            return l
        }
        f.addresses = f.addresses?.map { a in
            var r = a
            r.local = address(a.local)
            r.label = a.label.map(scrubNames)
            return r
        }
        f.routes = f.routes?.map { route in
            var r = route
            r.destination = route.destination == "default" ? "default" : prefix(route.destination)
            r.gateway = route.gateway.map(address)
            r.preferredSource = route.preferredSource.map(address)
            return r
        }
        f.rules = f.rules?.map(redactRule)
        f.rules6 = f.rules6?.map(redactRule)
        f.neighbours = f.neighbours?.map { n in
            var r = n
            r.destination = address(n.destination)
            r.lladdr = n.lladdr.map { macs.scramble($0) ?? scrub($0) }
            return r
        }
        f.resolvConf = f.resolvConf.map(scrub)
        f.hosts = f.hosts.map(scrub)
        f.wslconfig = f.wslconfig.map { WslConfigFile(path: scrubNames($0.path), text: scrub($0.text)) }
        f.wslinfo = f.wslinfo.map { WslinfoResult(output: scrub($0.output), exitStatus: $0.exitStatus, timedOut: $0.timedOut) }
        f.procNetTCP = f.procNetTCP.map { ProcNetHexRedaction.redact($0, scramble: address) }
        f.procNetTCP6 = f.procNetTCP6.map { ProcNetHexRedaction.redact($0, scramble: address) }
        f.warnings = f.warnings.map { w in
            FactWarning(file: w.file.map(scrubNames), section: w.section, line: w.line, message: scrub(w.message))
        }
        if case .capture(let path) = f.origin { f.origin = .capture(path: scrubNames(path)) }
        redactSupervisor(&f)
        return f
    }

    /// Redacts free text: addresses, MACs (and EUI-64 addresses derived from them), then names.
    public func scrub(_ text: String) -> String {
        scrubNames(TextScrubber.replaceTokens(in: text) { token in
            if let mac = macs.scramble(token) { return mac }
            if token.contains("/") { return addresses.scramblePrefix(token) }
            return addressOrNil(token)
        })
    }

    /// Replaces known host, user and domain names (whole words only).
    public func scrubNames(_ text: String) -> String {
        var out = text
        for (name, token) in names { out = TextScrubber.replaceWord(name, with: token, in: out) }
        return out
    }

    private func redactRule(_ rule: Rule) -> Rule {
        var r = rule
        r.source = rule.source.map(prefix)
        r.destination = rule.destination.map(prefix)
        return r
    }

    private func address(_ text: String) -> String { addressOrNil(text) ?? scrub(text) }

    private func prefix(_ text: String) -> String { addresses.scramblePrefix(text) ?? scrub(text) }

    /// An address, with an EUI-64 link-local identifier rebuilt from the redacted MAC.
    private func addressOrNil(_ text: String) -> String? {
        if let v6 = IPv6Bits(text), v6.high >> 54 == 0x3fa /* fe80::/10 */, let mac = MACScrambler.macFromEUI64(v6.low),
           let replacement = macs.scramble(mac), let groups = MACScrambler.eui64Groups(replacement)
        {
            let head = IPv6Bits(high: v6.high, low: 0).text.replacingOccurrences(of: "::", with: "")
            return IPv6Bits(head + "::" + groups.joined(separator: ":"))?.text ?? text
        }
        return addresses.scramble(text)
    }
}
