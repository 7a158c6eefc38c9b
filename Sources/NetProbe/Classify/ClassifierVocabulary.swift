/// The words the classifier reads as evidence beyond those `NameHarvester.evidenceWords` lists from WSL's own
/// texts: interface names (`bond0` and `dummy0` of WSL's none mode, `loopback0` of mirrored mode, a veth peer's
/// `ifN`), the `.wslconfig` sections, keys and values (`WslConfig.homes`, its modes and booleans), the systemd unit
/// types of a cgroup path (`docker-ID.scope`), and the container runtimes' cgroup words. The redactor never
/// replaces one (`NameHarvester.isProtected`), so a user or host that happens to be named `scope`, `bond0` or
/// `experimental` cannot change a verdict (issue 23 item 2; `RedactionIdentifierTests` redacts every word of every
/// fixture as a name and compares the verdicts).
public enum ClassifierVocabulary {
    static let interfaceNames: Set<String> = ["lo", "eth0", "eth1", "wlan0", "loopback0", "bond0", "dummy0", "docker0", "veth", "ether"]
    static let cgroupWords: Set<String> = [
        "scope", "slice", "service", "mount", "socket", "target", "system", "system.slice", "user.slice", "init.scope",
        "libpod", "libpod_parent", "lxc.payload", "kubepods", "cri-containerd",
    ]
    static let wslConfigWords: Set<String> = {
        var words: Set<String> = ["true", "false", "none", "nat", "bridged", "mirrored", "virtioproxy", "consomme"]
        for (key, sections) in WslConfig.homes {
            words.insert(key)
            words.formUnion(sections)
        }
        return words
    }()

    /// `word` (lower case) is one the classifier reads.
    static func contains(_ word: String) -> Bool {
        if interfaceNames.contains(word) || cgroupWords.contains(word) || wslConfigWords.contains(word) { return true }
        // A link's peer as iproute2 names it in another namespace: `eth0@if8`.
        if word.count > 2, word.hasPrefix("if"), word.dropFirst(2).allSatisfy({ $0.isASCII && $0.isNumber }) { return true }
        return false
    }
}
