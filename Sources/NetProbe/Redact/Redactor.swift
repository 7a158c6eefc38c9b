import FoundationEssentials

/// Replaces addresses, MAC addresses, host names, user names and secrets in `MachineFacts` and in text with
/// consistent tokens, so a capture or report can be pasted into a public bug tracker.
///
/// One `Redactor` value is ONE mapping: the same input maps to the same output wherever it is met (a fact, a
/// warning, a check's detail, a live command line), because every replacement is a keyed function of the input
/// alone (see `AddressScrambler`, `MACScrambler`, `NameTable`). Apply it exactly once to each piece of data:
/// tokens are not fixed points (a redacted address redacted again is another address). What carries meaning
/// for the diagnosis is kept, so the verdict of redacted facts equals the verdict of the original (tested over
/// every fixture).
///
/// Pure. Time and memory are linear in the size of the facts or text.
public struct Redactor: Sendable {
    private let addresses: AddressScrambler
    private let macs: MACScrambler
    /// The one name mapping of this redactor (also used by the Windows and journal parts).
    let names: NameTable
    /// Low 24 bits of known IPv6 unicast addresses -> the low 24 bits of their replacements, so a solicited-node
    /// multicast address (`ff02::1:ffXX:XXXX`) follows the address it was derived from.
    private var solicited: [UInt32: UInt32]

    /// - Parameters:
    ///   - key: the secret that makes tokens unguessable; a fresh random one by default.
    ///   - hostNames: host names known from outside the facts (the live `gethostname`).
    ///   - userNames: user names known from outside the facts (the live user, home directories).
    ///   - facts: facts to learn more names from (`/etc/hosts` entries, `uname -a`, search domains, users in
    ///     paths and prompts of any text field) and the addresses solicited-node multicast is derived from.
    public init(key: UInt64 = UInt64.random(in: .min ... .max), hostNames: Set<String> = [], userNames: Set<String> = [],
                learningFrom facts: MachineFacts? = nil) {
        addresses = AddressScrambler(key: key)
        macs = MACScrambler(key: key)
        var table = NameTable(key: key)
        for name in userNames.sorted() { table.add(name, kind: .user) }
        for name in hostNames.sorted() { table.add(name, kind: .host) }
        if let facts { NameHarvester.harvest(facts, into: &table) }
        names = table
        solicited = [:]
        if let facts { solicited = learnSolicited(facts) }
    }

    private init(addresses: AddressScrambler, macs: MACScrambler, names: NameTable, solicited: [UInt32: UInt32]) {
        self.addresses = addresses
        self.macs = macs
        self.names = names
        self.solicited = solicited
    }

    /// The same mapping, also knowing the users and hosts that `texts` name by context (`USER@HOST`, a path
    /// under `Users` or `home`), so that those names are replaced wherever else they stand alone. Tokens of
    /// names already known do not change.
    public func learning(from texts: [String]) -> Redactor {
        var table = names
        for text in texts {
            for (name, kind) in table.contextualNames(in: text) { table.add(name, kind: kind) }
            for name in NameHarvester.pathUserNames(in: text) {
                table.add(name, kind: .user)
                for piece in name.split(separator: " ") where piece.count >= 2 { table.add(String(piece), kind: .user) }
            }
        }
        return Redactor(addresses: addresses, macs: macs, names: table, solicited: solicited)
    }

    /// Redacts every field of `facts`; the result is marked `redacted`.
    public func redact(_ facts: MachineFacts) -> MachineFacts {
        var f = facts
        f.redacted = true
        f.procVersion = f.procVersion.map(scrub)
        f.osRelease = f.osRelease.map(scrubNames)
        f.environment = f.environment.map { env in
            Dictionary(env.map { ($0.key, scrub(SecretMasking.mask("\($0.key)=\($0.value)")).dropPrefix("\($0.key)=")) },
                       uniquingKeysWith: { a, _ in a })
        }
        f.containerManager = f.containerManager.map(scrub)
        f.cgroup = f.cgroup.map(scrub)
        f.mountinfo = f.mountinfo.map(scrub)
        f.links = f.links?.map { link in
            var l = link
            // Interface names hold a known user or host name now and then (`wg-bobsmith`); only known names go.
            l.name = scrubNames(link.name)
            l.peer = link.peer.map(scrubNames)
            l.mac = l.mac.map { mac($0) ?? scrub($0) }
            return l
        }
        f.addresses = f.addresses?.map { a in
            var r = a
            r.interface = a.interface.map(scrubNames)
            r.local = address(a.local)
            r.label = a.label.map(scrubNames)
            return r
        }
        f.routes = f.routes?.map { route in
            var r = route
            r.destination = route.destination == "default" ? "default" : prefix(route.destination)
            r.gateway = route.gateway.map(address)
            r.device = route.device.map(scrubNames)
            r.preferredSource = route.preferredSource.map(address)
            return r
        }
        f.rules = f.rules?.map(redactRule)
        f.rules6 = f.rules6?.map(redactRule)
        f.neighbours = f.neighbours?.map { n in
            var r = n
            r.destination = address(n.destination)
            r.device = n.device.map(scrubNames)
            r.lladdr = n.lladdr.map { mac($0) ?? scrub($0) }
            return r
        }
        f.resolvConf = f.resolvConf.map(scrub)
        f.hosts = f.hosts.map(scrub)
        f.wslconfig = f.wslconfig.map { WslConfigFile(path: scrubNames($0.path), text: scrub($0.text)) }
        f.wslinfo = f.wslinfo.map { WslinfoResult(output: scrub($0.output), exitStatus: $0.exitStatus, timedOut: $0.timedOut) }
        f.procNetTCP = f.procNetTCP.map { ProcNetHexRedaction.redact($0, scramble: address) }
        f.procNetTCP6 = f.procNetTCP6.map { ProcNetHexRedaction.redact($0, scramble: address) }
        f.reach = f.reach.map(scrub)
        f.listeners = f.listeners.map(scrub)
        f.windows = f.windows.map(redactWindows)
        f.wslMessages = f.wslMessages.map(scrub)
        f.wslForm = f.wslForm.map(scrub)
        f.warnings = f.warnings.map { w in
            FactWarning(file: w.file.map(scrubNames), section: w.section, line: w.line, message: scrub(w.message))
        }
        if case .capture(let path) = f.origin { f.origin = .capture(path: scrubNames(path)) }
        redactSupervisor(&f)
        return f
    }

    /// Redacts free text: secrets, then addresses and prefixes (EUI-64 and solicited-node aware), MACs, then
    /// host, user and domain names, then secrets once more: a replaced name changes the context masking reads (a
    /// prompt's names before a mangled `...T-OKEN=x`, found by the `redact` fuzz target), so the last pass is the
    /// masking and the result holds no secret masking would still find (`SecretMasking.mask(scrub(t)) == scrub(t)`).
    public func scrub(_ text: String) -> String {
        SecretMasking.mask(scrubNames(TextScrubber.replaceTokens(in: SecretMasking.mask(text)) { token in
            if let mac = mac(token) { return mac }
            if token.contains("/") { return addresses.scramblePrefix(token, map: addressOrNil) }
            return addressOrNil(token)
        }))
    }

    /// Replaces known host, user and domain names, and users and hosts named by context (whole words only).
    public func scrubNames(_ text: String) -> String {
        names.replace(in: text)
    }

    private func redactRule(_ rule: Rule) -> Rule {
        var r = rule
        r.source = rule.source.map(prefix)
        r.destination = rule.destination.map(prefix)
        r.inputInterface = rule.inputInterface.map(scrubNames)
        r.outputInterface = rule.outputInterface.map(scrubNames)
        return r
    }

    private func address(_ text: String) -> String { addressOrNil(text) ?? scrub(text) }

    private func prefix(_ text: String) -> String { addresses.scramblePrefix(text, map: addressOrNil) ?? scrub(text) }

    /// An address: a link-local EUI-64 identifier rebuilt from the redacted MAC, a solicited-node multicast
    /// address from the redacted unicast address (or MAC), anything else through `AddressScrambler`.
    private func addressOrNil(_ text: String) -> String? {
        guard let v6 = IPv6Bits(text) else { return addresses.scramble(text) }
        if v6.high >> 54 == 0x3fa /* fe80::/10 */, let mac = MACScrambler.macFromEUI64(v6.low),
           let replacement = macs.scramble(mac), let groups = MACScrambler.eui64Groups(replacement)
        {
            let low = groups.reduce(UInt64(0)) { $0 << 16 | UInt64(UInt16($1, radix: 16) ?? 0) }
            return IPv6Bits(high: v6.high, low: low).text
        }
        if v6.high == 0xff02_0000_0000_0000, v6.low >> 24 == 0x0000_0001_ff {
            let low24 = UInt32(truncatingIfNeeded: v6.low) & 0xff_ffff
            let mapped = solicitedLow(low24)
            return IPv6Bits(high: v6.high, low: 0x0000_0001_ff00_0000 | UInt64(mapped)).text
        }
        return addresses.scramble(text)
    }

    /// A MAC; the multicast MAC of a solicited-node group (`33:33:ff:XX:XX:XX`) follows the group's address.
    private func mac(_ text: String) -> String? {
        let lower = text.lowercased()
        guard lower.hasPrefix("33:33:ff:"), let plain = macs.scramble(text) else { return macs.scramble(text) }
        let bytes = lower.split(separator: ":").dropFirst(3).compactMap { UInt8($0, radix: 16) }
        guard bytes.count == 3 else { return plain }
        let mapped = solicitedLow(bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        return "33:33:ff:" + [mapped >> 16, mapped >> 8, mapped].map { hexByte(UInt8(truncatingIfNeeded: $0)) }.joined(separator: ":")
    }

    /// The replacement of the low 24 bits of a solicited-node group: those of the redacted unicast address it
    /// was derived from when the facts hold it, else the keyed 24-bit function (which is also how a Hyper-V
    /// MAC's, and so an EUI-64 address's, last 24 bits are replaced).
    private func solicitedLow(_ low24: UInt32) -> UInt32 {
        solicited[low24] ?? macs.scramble24(low24)
    }

    /// For every IPv6 unicast address of the facts, its low 24 bits -> those of its replacement.
    private func learnSolicited(_ facts: MachineFacts) -> [UInt32: UInt32] {
        var map: [UInt32: UInt32] = [:]
        var candidates: [String] = facts.addresses?.map(\.local) ?? []
        candidates += facts.neighbours?.map(\.destination) ?? []
        for text in candidates {
            guard let v6 = IPv6Bits(text), v6.high >> 56 != 0xff else { continue }
            let low24 = UInt32(truncatingIfNeeded: v6.low) & 0xff_ffff
            guard map[low24] == nil, let mapped = addressOrNil(text).flatMap(IPv6Bits.init(text:)) else { continue }
            let mappedLow = UInt32(truncatingIfNeeded: mapped.low) & 0xff_ffff
            map[low24] = mappedLow
        }
        return map
    }
}

private extension String {
    func dropPrefix(_ prefix: String) -> String {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self
    }
}
