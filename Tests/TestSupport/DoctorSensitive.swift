import Foundation
import NetProbe
#if canImport(Glibc)
import Glibc
#endif

/// What a redacted doctor output must not contain: the addresses, MACs, host and user names of the input facts
/// (except those kept by design: loopback, link-local, unspecified, multicast, the WSL constants, the Hyper-V OUI
/// prefix alone, and standard names such as `localhost`). Collected from the structured facts, independently of
/// the redactor's own harvesting.
public enum DoctorSensitive {
    public struct Tokens: Sendable, Equatable {
        /// Canonical text (`inet_ntop`) of each address.
        public var addresses: Set<String> = []
        /// Lower-case MACs.
        public var macs: Set<String> = []
        public var names: Set<String> = []

        public var isEmpty: Bool { addresses.isEmpty && macs.isEmpty && names.isEmpty }
    }

    static let keptNames: Set<String> = [
        "localhost", "localhost.localdomain", "localdomain", "ip6-localhost", "ip6-loopback", "ip6-localnet",
        "ip6-mcastprefix", "ip6-allnodes", "ip6-allrouters", "broadcasthost", "root", "Public", "Default",
        "linux", "Linux", "local", "home", "lan", "internal", "wsl", "WSL",
    ]
    static let keptMACs: Set<String> = ["00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff", "00:11:22:33:44:55"]
    static let keptIPv4: Set<String> = ["10.255.255.254", "127.0.0.42", "0.0.0.0", "255.255.255.255"]

    /// IPv6 multicast MACs (`33:33:` + the group's low 32 bits) that identify nobody, which the redactor keeps with
    /// their groups: well-known groups (`33:33:00:00:00:01` all-nodes, `:16` MLDv2 routers) and the solicited-node
    /// groups of small interface identifiers (`33:33:ff:00:00:01` for `::1`, `fe80::1`). A solicited-node MAC of a
    /// real interface identifier (EUI-64, random) stays sensitive.
    static func isWellKnownMulticastMAC(_ mac: String) -> Bool {
        mac.hasPrefix("33:33:00:00:00:") || mac.hasPrefix("33:33:ff:00:00:")
    }

    /// The sensitive tokens of `facts`.
    public static func tokens(of facts: MachineFacts, hostNames: Set<String> = [], userNames: Set<String> = []) -> Tokens {
        var t = Tokens()
        func address(_ text: String?) {
            guard var a = text, a != "default" else { return }
            if let slash = a.firstIndex(of: "/") { a = String(a[..<slash]) }
            if let percent = a.firstIndex(of: "%") { a = String(a[..<percent]) }
            if let c = canonical(a), !isKept(c) { t.addresses.insert(c) }
        }
        func mac(_ text: String?) {
            guard let m = text?.lowercased(), m.split(separator: ":").count == 6, !keptMACs.contains(m),
                  !isWellKnownMulticastMAC(m) else { return }
            t.macs.insert(m)
        }
        facts.addresses?.forEach { address($0.local) }
        facts.routes?.forEach { address($0.destination); address($0.gateway); address($0.preferredSource) }
        (facts.rules ?? []).forEach { address($0.source); address($0.destination) }
        (facts.rules6 ?? []).forEach { address($0.source); address($0.destination) }
        facts.neighbours?.forEach { address($0.destination); mac($0.lladdr) }
        facts.links?.forEach { mac($0.mac) }
        for line in (facts.resolvConf ?? "").split(whereSeparator: \.isNewline) {
            let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if f.first == "nameserver", f.count > 1 { address(String(f[1])) }
            if f.first == "search" || f.first == "domain" { f.dropFirst().forEach { name(String($0), into: &t) } }
        }
        for line in (facts.hosts ?? "").split(whereSeparator: \.isNewline) {
            let f = (line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
                .split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard f.count >= 2 else { continue }
            address(String(f[0]))
            f.dropFirst().forEach { name(String($0), into: &t) }
        }
        if let v = facts.procVersion, v.hasPrefix("Linux "), !v.hasPrefix("Linux version") {
            let f = v.split(separator: " ")
            if f.count > 2 { name(String(f[1]), into: &t) }
        }
        for text in [facts.wslconfig?.path, facts.mountinfo].compactMap({ $0 }) {
            for marker in ["/Users/", "/home/"] {
                for piece in text.components(separatedBy: marker).dropFirst() {
                    let user = piece.prefix { $0 != "/" && $0 != " " && $0 != "\n" && $0 != "\t" }
                    name(String(user), into: &t)
                }
            }
        }
        (hostNames.union(userNames)).forEach { name($0, into: &t) }
        return t
    }

    private static func name(_ n: String, into t: inout Tokens) {
        guard n.count >= 2, n.contains(where: \.isLetter), !keptNames.contains(n), canonical(n) == nil else { return }
        t.names.insert(n)
    }

    /// Every sensitive token of `tokens` that occurs in `output` (addresses compared canonically, names as whole words).
    public static func leaks(_ tokens: Tokens, in output: String) -> [String] {
        var found: Set<String> = []
        for candidate in addressCandidates(output) {
            if let c = canonical(candidate), tokens.addresses.contains(c) { found.insert(candidate) }
        }
        let lower = output.lowercased()
        for m in tokens.macs where lower.contains(m) { found.insert(m) }
        for n in tokens.names where containsWord(n, in: output) { found.insert(n) }
        return found.sorted()
    }

    /// Address-shaped runs of characters (`[0-9a-fA-F.:]` with a dot or two colons).
    public static func addressCandidates(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        func flush() {
            let trimmed = current.trimmingCharacters(in: CharacterSet(charactersIn: ".:"))
            if trimmed.contains(".") || trimmed.filter({ $0 == ":" }).count >= 2 { out.append(trimmed) }
            current = ""
        }
        for ch in text {
            if ch.isHexDigit || ch == "." || ch == ":" { current.append(ch) } else { flush() }
        }
        flush()
        // `::ffff:1.2.3.4` and a trailing IPv4 after a colon run: also try the dotted tail.
        return out + out.compactMap { c in c.contains(":") && c.contains(".") ? c.split(separator: ":").last.map(String.init) : nil }
    }

    /// The address's one text (NetProbe's `IPAddress.text`, `inet_ntop(inet_pton(text))`'s form), or nil when `text`
    /// is not an address.
    public static func canonical(_ text: String) -> String? {
        IPAddress(text)?.text
    }

    public static func isKept(_ canonical: String) -> Bool {
        if keptIPv4.contains(canonical) { return true }
        if !canonical.contains(":") {
            let first = Int(canonical.split(separator: ".").first ?? "") ?? 0
            let second = Int(canonical.split(separator: ".").dropFirst().first ?? "") ?? 0
            return first == 127 || first == 0 || first >= 224 || (first == 169 && second == 254)
        }
        let lower = canonical.lowercased()
        return lower == "::" || lower == "::1" || lower.hasPrefix("fe8") || lower.hasPrefix("fe9") || lower.hasPrefix("fea")
            || lower.hasPrefix("feb") || lower.hasPrefix("ff")
    }

    public static func containsWord(_ word: String, in text: String) -> Bool {
        var rest = text[...]
        while let r = rest.range(of: word) {
            let before = r.lowerBound == text.startIndex ? nil : text[text.index(before: r.lowerBound)]
            let after = r.upperBound == text.endIndex ? nil : text[r.upperBound]
            let isWordChar: (Character?) -> Bool = { c in c.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" } ?? false }
            if !isWordChar(before) && !isWordChar(after) { return true }
            rest = text[r.upperBound...]
        }
        return false
    }
}
