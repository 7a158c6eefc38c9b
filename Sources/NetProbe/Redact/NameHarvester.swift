/// Collects host, user and domain names that appear in facts, so the redactor can replace them.
enum NameHarvester {
    /// Names that carry no personal information and stay.
    static let standardNames: Set<String> = [
        "localhost", "localhost.localdomain", "localdomain", "ip6-localhost", "ip6-loopback", "ip6-localnet",
        "ip6-mcastprefix", "ip6-allnodes", "ip6-allrouters", "broadcasthost", "root", "Public", "Default",
        "All Users", "Default User", "linux", "Linux", "local", "home", "lan", "internal", "wsl", "WSL",
    ]

    static func isRedactable(_ name: String) -> Bool {
        name.count >= 2 && !standardNames.contains(name) && name.contains { $0.isLetter }
    }

    static func harvest(_ facts: MachineFacts, hosts: inout Set<String>, users: inout Set<String>, domains: inout Set<String>) {
        if let hostsFile = facts.hosts {
            for line in hostsFile.split(separator: "\n") {
                let fields = line.split(separator: "#", maxSplits: 1).first?.split(whereSeparator: { $0 == " " || $0 == "\t" }) ?? []
                guard fields.count >= 2 else { continue }
                for name in fields.dropFirst() {
                    hosts.insert(String(name))
                    if let short = name.split(separator: ".").first, name.contains(".") { hosts.insert(String(short)) }
                }
            }
        }
        // `uname -a`: "Linux NODENAME RELEASE ..."
        if let version = facts.procVersion, version.hasPrefix("Linux "), !version.hasPrefix("Linux version") {
            let fields = version.split(separator: " ")
            if fields.count > 2 { hosts.insert(String(fields[1])) }
        }
        if let resolv = facts.resolvConf {
            for line in resolv.split(separator: "\n") {
                let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard let head = fields.first, head == "search" || head == "domain" else { continue }
                for d in fields.dropFirst() { domains.insert(String(d)) }
            }
        }
        var pathTexts: [String] = []
        if let w = facts.wslconfig { pathTexts.append(w.path) }
        if let m = facts.mountinfo { pathTexts.append(m) }
        pathTexts += Redactor.supervisorPathTexts(facts)
        for text in pathTexts {
            for marker in ["/Users/", "/home/"] {
                var rest = Substring(text)
                while let r = rest.range(of: marker) {
                    let name = rest[r.upperBound...].prefix { $0 != "/" && $0 != " " && $0 != "\n" && $0 != "\t" }
                    if !name.isEmpty { users.insert(String(name)) }
                    rest = rest[r.upperBound...]
                }
            }
        }
    }
}
