import NetProbe

/// `net.loopback`: `lo` up with 127.0.0.1 and ::1, and how `localhost` resolves.
///
/// Reads the same facts the classifier reads and names the section they came from (`ip-link`, `ip-addr`, or
/// netlink live). skip: no interface facts at all, a capture that does not show `lo` (a partial paste), or only
/// half of what is needed (`lo` listed by `ip link` without its addresses, or `lo`'s addresses without its link
/// state), each saying what WAS read; info: no ::1 (the gateway then binds 127.0.0.1 only), or ::1 not shown;
/// warn: a capture showing `lo` down; fail: no `lo` on the live machine, `lo` down, or no 127.0.0.1; ok: both.
enum LoopbackCheck {
    static let id = "net.loopback"

    static let check = DoctorCheck(
        id: id, summary: "lo is up with 127.0.0.1 and ::1; how localhost resolves (/etc/hosts order)"
    ) { inputs in
        let facts = inputs.facts
        guard facts.links != nil || facts.addresses != nil else {
            return CheckResult(id: id, status: .skip,
                               title: "interfaces are not in the facts (no ip addr, ip link or ifconfig output)",
                               data: ["reason": "no interface facts"])
        }
        let linkSource = facts.linkSource
        let addrSource = facts.origin.describe(.ipAddr)
        let lo = facts.links?.first { $0.name == "lo" }
        let onLo = facts.addresses?.filter { $0.interface == "lo" }
        let order = HostsFile.localhostOrder(facts.hosts)
        var detail: [String] = []
        if !order.isEmpty { detail.append("/etc/hosts: localhost -> \(order.joined(separator: ", "))") }

        guard let onLo else {
            // Links only (`ip link`): lo's state is known, its addresses are not.
            guard let lo else { return notShown(inputs, source: linkSource, detail: detail) }
            detail.insert("read from \(linkSource)", at: 0)
            let state = lo.isUp ? "up" : "down"
            if !lo.isUp, inputs.isLive {
                return CheckResult(id: id, status: .fail, title: "lo is down", detail: detail,
                                   fix: "sudo ip link set lo up", data: ["loUp": false])
            }
            if !lo.isUp {
                return CheckResult(id: id, status: .warn, title: "lo is down in \(linkSource)", detail: detail,
                                   fix: "sudo ip link set lo up", data: ["loUp": false, "source": .string(linkSource)])
            }
            return CheckResult(id: id, status: .skip,
                               title: "lo is \(state) (\(linkSource)); its addresses are not in the facts (`ip addr` would show them)",
                               detail: detail, data: ["reason": "lo's addresses not in the facts", "loUp": .bool(lo.isUp),
                                                       "ipv4": .null, "ipv6": .null, "source": .string(linkSource)])
        }
        guard lo != nil || !onLo.isEmpty || inputs.isLive else {
            return notShown(inputs, source: facts.links != nil ? linkSource : addrSource, detail: detail)
        }
        detail.insert("read from \(facts.links != nil && facts.linkSection == .ipLink ? "\(linkSource), \(addrSource)" : addrSource)", at: 0)
        let has4 = onLo.contains { IPAddress($0.local) == .loopbackV4 }
        let has6 = onLo.contains { IPAddress($0.local) == .loopbackV6 }
        let loUp: JSONValue = lo.map { .bool($0.isUp) } ?? .null
        let data: JSONValue = ["loUp": loUp, "ipv4": .bool(has4), "ipv6": .bool(has6),
                               "localhost": .array(order.map { .string($0) }), "source": .string(addrSource)]
        if lo == nil && (facts.links == nil || !inputs.isLive) {
            // Address lines of lo without its link header: the addresses are known, its state is not.
            let shown = onLo.map(\.local).joined(separator: ", ")
            var partial: [String: JSONValue] = ["reason": "lo's link state not in the facts"]
            if case .object(let more) = data { partial.merge(more) { kept, _ in kept } }
            return CheckResult(id: id, status: .skip,
                               title: "lo holds \(shown) (\(addrSource)); its link state is not in the facts",
                               detail: detail, data: .object(partial))
        }
        guard let lo else {
            return CheckResult(id: id, status: .fail, title: "no lo interface", detail: detail,
                               fix: "the network namespace has no loopback device; recreate it (e.g. restart the container)",
                               data: data)
        }
        guard lo.isUp, has4 else {
            return CheckResult(id: id, status: .fail, title: lo.isUp ? "lo has no 127.0.0.1" : "lo is down",
                               detail: detail, fix: "sudo ip link set lo up && sudo ip addr add 127.0.0.1/8 dev lo",
                               data: data)
        }
        if !has6 {
            if inputs.environment.ipv6Loopback.available {
                detail.append("::1 is not shown (the listing shows no IPv6 addresses, as `ip -4 addr` would): the gateway still tries ::1")
                return CheckResult(id: id, status: .info, title: "lo is up with 127.0.0.1; ::1 is not shown", detail: detail, data: data)
            }
            detail.append("without ::1 the gateway binds 127.0.0.1 only; clients resolving localhost to ::1 will not reach it")
            return CheckResult(id: id, status: .info, title: "lo is up with 127.0.0.1 but no ::1", detail: detail, data: data)
        }
        if order.first.flatMap({ IPAddress($0) }) == .loopbackV6 {
            detail.append("localhost resolves to ::1 first; with --bind loopback the gateway listens on both 127.0.0.1 and ::1")
        }
        return CheckResult(id: id, status: .ok, title: "lo is up with 127.0.0.1 and ::1", detail: detail, data: data)
    }

    /// A capture that does not show `lo` (a partial paste): absence is not proof. Live: no `lo` is a failure.
    private static func notShown(_ inputs: DoctorInputs, source: String, detail: [String]) -> CheckResult {
        if !inputs.isLive {
            return CheckResult(id: id, status: .skip,
                               title: "lo is not in the facts (\(source) lists other interfaces: a partial paste?)",
                               data: ["reason": "lo not in the facts", "source": .string(source)])
        }
        return CheckResult(id: id, status: .fail, title: "no lo interface", detail: detail,
                           fix: "the network namespace has no loopback device; recreate it (e.g. restart the container)",
                           data: ["loUp": false, "ipv4": false, "ipv6": false])
    }
}

/// Reads the addresses `/etc/hosts` gives `localhost`, in file order. Pure.
enum HostsFile {
    static func localhostOrder(_ text: String?) -> [String] {
        guard let text else { return [] }
        return text.split(whereSeparator: \.isNewline).compactMap { line in
            let fields = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first?
                .split(whereSeparator: { $0 == " " || $0 == "\t" }) ?? []
            guard fields.count >= 2, fields.dropFirst().contains("localhost") else { return nil }
            return String(fields[0])
        }
    }
}
