/// The port owners a capture or a paste shows, without the machine: the pure half of `PortOwners` (NetProbeLive),
/// which reads `/proc` itself.
public enum CapturedPortOwners {
    /// The LISTEN rows on `port` in a capture's `/proc/net/tcp` and `/proc/net/tcp6` sections, as owners without a
    /// process (a capture holds the socket tables, not `/proc/PID/fd`): `pid == nil`, the row's uid and address; and
    /// the rows of a pasted listener table (`listeners`: `ss`, `netstat`, `lsof`), one owner per process it names
    /// (none named: one owner with `pid == nil` and `uid == nil`, the holder not in the paste). A `/proc` row on an
    /// address the table covers is left to the table's row, which names more. `nil` when none of the sections is in
    /// the facts (not captured: unknown, not "nobody"), or when the only one is a listener excerpt that does not
    /// cover `port` (`ListenerTableText.Parse.knows(port:)`). Pure.
    public static func owners(_ facts: MachineFacts, port: UInt16) -> [PortOwner]? {
        guard facts.procNetTCP != nil || facts.procNetTCP6 != nil || facts.listeners != nil else { return nil }
        var rows: [TCPSocketRow] = []
        for (text, family) in [(facts.procNetTCP, AddressFamily.inet), (facts.procNetTCP6, AddressFamily.inet6)] {
            guard let text else { continue }
            rows += ProcNetTCP.parse(text, family: family).rows.filter { $0.isListening && $0.localPort == port }
        }
        let table = facts.listeners.map { ListenerTableText.parse($0) }
        let pasted = table.map { pastedOwners($0.rows, port: port) } ?? []
        // An excerpt that cut the port's rows (`| grep 40209`, rows pasted without their header) says nothing about
        // it: unknown, unless `/proc/net/tcp` is there too.
        if let table, pasted.isEmpty, !table.knows(port: port), facts.procNetTCP == nil, facts.procNetTCP6 == nil { return nil }
        let covered = Set(pasted.map(\.localAddress))
        let fromProc = rows.filter { !covered.contains($0.localAddress) }
            .map { PortOwner(pid: nil, uid: $0.uid, inode: $0.inode, localAddress: $0.localAddress) }
        return (fromProc + pasted).sorted { ($0.localAddress, $0.pid ?? -1) < ($1.localAddress, $1.pid ?? -1) }
    }

    /// The owners a pasted listener table shows on `port`: one per process a row names, one with no pid and no uid
    /// for a row that names none; the same socket pasted twice (`ss` and `lsof` of one listener) once per pid.
    static func pastedOwners(_ rows: [ListenerTableRow], port: UInt16) -> [PortOwner] {
        var owners: [PortOwner] = []
        // Where each (address, pid) is in `owners`, and which addresses have an owner with a pid: one pass, not a
        // search of `owners` per row (a pasted table of 100,000 rows on the port).
        var index: [String: Int] = [:]
        var withPid: Set<String> = []
        func key(_ owner: PortOwner) -> String { owner.localAddress + "|" + (owner.pid.map(String.init) ?? "-") }
        for row in rows where row.port == port {
            let found = row.processes.isEmpty
                ? [PortOwner(pid: nil, user: row.user, uid: row.uid, inode: row.inode, localAddress: row.localAddress)]
                : row.processes.map {
                    PortOwner(pid: $0.pid, comm: $0.command, user: row.user, uid: row.uid, inode: row.inode, localAddress: row.localAddress)
                }
            for owner in found {
                if let same = index[key(owner)] {
                    // Keep what either row shows (lsof's user, ss -e's uid and inode).
                    owners[same].user = owners[same].user ?? owner.user
                    owners[same].uid = owners[same].uid ?? owner.uid
                    owners[same].inode = owners[same].inode ?? owner.inode
                } else if owner.pid == nil, withPid.contains(owner.localAddress) {
                    continue
                } else {
                    index[key(owner)] = owners.count
                    owners.append(owner)
                    if owner.pid != nil { withPid.insert(owner.localAddress) }
                }
            }
        }
        // A row that named no process is dropped where another row of the same address names one.
        return owners.filter { $0.pid != nil || !withPid.contains($0.localAddress) }
    }
}
