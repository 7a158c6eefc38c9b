import NetProbe

/// `net.loopback`: `lo` up with 127.0.0.1 and ::1, and how `localhost` resolves.
///
/// skip: no interface facts (netlink failed, or a capture without `ip addr`), or a capture that does not show `lo`
/// (a partial paste); fail: no `lo` on the live machine, `lo` down, or no
/// 127.0.0.1; info: no ::1 (the gateway then binds 127.0.0.1 only); ok: both.
enum LoopbackCheck {
    static let id = "net.loopback"

    static let check = DoctorCheck(
        id: id, summary: "lo is up with 127.0.0.1 and ::1; how localhost resolves (/etc/hosts order)"
    ) { inputs in
        guard let links = inputs.facts.links, let addresses = inputs.facts.addresses else {
            return CheckResult(id: id, status: .skip, title: "interfaces unknown (no links or addresses in the facts)",
                               data: ["reason": "no interface facts"])
        }
        let lo = links.first { $0.name == "lo" }
        let onLo = addresses.filter { $0.interface == "lo" }
        let has4 = onLo.contains { $0.family == .inet && $0.local == "127.0.0.1" }
        let has6 = onLo.contains { $0.family == .inet6 && $0.local == "::1" }
        let order = HostsFile.localhostOrder(inputs.facts.hosts)
        var detail: [String] = []
        if !order.isEmpty { detail.append("/etc/hosts: localhost -> \(order.joined(separator: ", "))") }
        let data: JSONValue = ["loUp": .bool(lo?.isUp ?? false), "ipv4": .bool(has4), "ipv6": .bool(has6),
                               "localhost": .array(order.map { .string($0) })]
        guard let lo else {
            if !inputs.isLive {
                // A pasted `ip addr` often shows only the interesting interfaces: absence is not proof here.
                return CheckResult(id: id, status: .skip, title: "lo is not in the capture (a partial ip addr paste?)",
                                   data: ["reason": "lo not in the capture"])
            }
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
            detail.append("without ::1 the gateway binds 127.0.0.1 only; clients resolving localhost to ::1 will not reach it")
            return CheckResult(id: id, status: .info, title: "lo is up with 127.0.0.1 but no ::1", detail: detail, data: data)
        }
        if order.first == "::1" {
            detail.append("localhost resolves to ::1 first; with --bind loopback the gateway listens on both 127.0.0.1 and ::1")
        }
        return CheckResult(id: id, status: .ok, title: "lo is up with 127.0.0.1 and ::1", detail: detail, data: data)
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
