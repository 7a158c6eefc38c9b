/// One LISTEN row of a Linux listener table as `ss`, `netstat` or `lsof` printed it (pasted into a report; the
/// capture section `listeners`). What the row does not show stays `nil` or empty: a row printed without `-p` names no
/// process, without `-e` no uid or inode.
public struct ListenerTableRow: Sendable, Equatable {
    public enum Tool: String, Sendable, Codable {
        /// `ss -ltn[p][e]` (`State Recv-Q Send-Q Local Address:Port Peer Address:Port Process`).
        case ss
        /// Linux `netstat -tln[p][e]` (`Proto Recv-Q Send-Q Local Address Foreign Address State [User Inode] PID/Program name`).
        case netstat
        /// `lsof -i :PORT` / `lsof -iTCP -sTCP:LISTEN -nP` (`COMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME`).
        case lsof
    }

    /// A process the row names (`ss`'s `users:(("node",pid=123,fd=21))`, netstat's `123/node`, lsof's COMMAND and PID).
    public struct Process: Sendable, Equatable {
        public var pid: Int32
        public var command: String
    }

    public var tool: Tool
    /// The listening address in canonical text (`127.0.0.1`, `::`, `::1`, `0.0.0.0`): `*` is `::` for `ss` (its
    /// dual-stack wildcard) and the TYPE column's family for `lsof`; brackets and a `%dev` zone removed.
    public var localAddress: String
    public var port: UInt16
    /// Empty when the row names no process (no `-p`; netstat's `-` when the process belonged to another user).
    public var processes: [Process]
    /// lsof's USER column; `nil` for the other tools.
    public var user: String?
    /// `ss -e`'s `uid:N`, netstat `-e`'s User column when numeric.
    public var uid: UInt32?
    /// `ss -e`'s `ino:N`, netstat `-e`'s Inode column, lsof's DEVICE column is not an inode (`nil`).
    public var inode: UInt64?
    /// The line in the input (1-based).
    public var line: Int
}

/// Reads pasted Linux listener tables: `ss`, Linux `netstat` and `lsof` output, each row by its own shape (one section
/// may hold all three), header lines recognised and skipped. Only LISTEN rows are listeners; rows in other states
/// (`ESTAB`, `ESTABLISHED`, `TIME_WAIT`), UDP rows and Unix socket rows are recognised and skipped. Pure.
///
/// A line of none of these shapes, or a LISTEN row whose address is a host name (printed without `-n`) or whose port
/// is a service name (`lsof` without `-P`), is a problem naming the line: never a guessed row.
public enum ListenerTableText {
    public struct Problem: Error, Sendable, Equatable {
        public var line: Int
        public var message: String
    }

    public struct Parse: Sendable, Equatable {
        public var rows: [ListenerTableRow] = []
        public var problems: [Problem] = []
        /// Whether a `# complete` line (or none of the marker lines at all) says a whole table is in the text.
        public var complete = true
        /// The ports `# excerpt port=P` lines name (a table filtered to one port: `| grep 18789`, `sport = :P`,
        /// `lsof -i :P`).
        public var excerptPorts: Set<UInt16> = []
        var sawMarker = false

        /// Whether the text says who listens on `port`: a complete table, or an excerpt filtered to that port; a
        /// port an excerpt does not name is unknown (the rows of other ports were cut), not free.
        public func knows(port: UInt16) -> Bool { complete || excerptPorts.contains(port) }
    }

    /// The line that starts a complete table in the section (written by triage above each pasted table).
    public static let completeMarker = "# complete"
    /// The line that starts an excerpt (`# excerpt`, or `# excerpt port=P` for one filtered to port P).
    public static let excerptMarker = "# excerpt"

    /// Parses `text` (lines numbered from `firstLine`).
    public static func parse(_ text: String, firstLine: Int = 1) -> Parse {
        var result = Parse()
        var number = firstLine
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            defer { number += 1 }
            read(Tokenizer.words(String(line)), line: number, into: &result)
        }
        return result
    }

    /// What one line is: a tool's header or title line, one of its rows (a TCP listener or not: another state, UDP),
    /// or a Unix socket row (netstat `-a`).
    enum Shape: Equatable {
        case header(ListenerTableRow.Tool)
        case row(ListenerTableRow.Tool, listening: Bool)
        case unix
    }

    /// The tool whose header or row `words` are (`nil` for a Unix socket row and any other line): for a paste, the
    /// block a line without a command starts.
    public static func tool(_ words: [String]) -> ListenerTableRow.Tool? {
        switch shape(words) {
        case .header(let tool)?, .row(let tool, _)?: return tool
        case .unix?, nil: return nil
        }
    }

    static let ssStates: Set<String> = ["LISTEN", "ESTAB", "UNCONN", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1", "FIN-WAIT-2",
                                        "TIME-WAIT", "CLOSE-WAIT", "LAST-ACK", "CLOSING", "CLOSED"]
    static let ssNetids: Set<String> = ["tcp", "udp", "raw", "u_str", "u_dgr", "u_seq", "nl", "p_raw", "p_dgr",
                                        "mptcp", "sctp", "tipc", "vsock", "xdp"]
    static let netstatProtos: Set<String> = ["tcp", "tcp6", "udp", "udp6", "raw", "raw6", "udpl", "udpl6"]

    /// The shape of a line's words, or `nil` for a line of none of the known shapes.
    static func shape(_ words: [String]) -> Shape? {
        guard let first = words.first else { return nil }
        if let tool = header(words) { return .header(tool) }
        if first == "unix", words.count >= 3 { return .unix }
        // ss: [Netid] State Recv-Q Send-Q Local Peer [Process]
        var index = 0
        if ssNetids.contains(first), words.count > 1, ssStates.contains(words[1]) { index = 1 }
        if ssStates.contains(words[index]), words.count >= index + 5, isCount(words[index + 1]), isCount(words[index + 2]),
           hasPort(words[index + 3]) {
            return .row(.ss, listening: words[index] == "LISTEN" && (index == 0 || first == "tcp" || first == "mptcp"))
        }
        // netstat: Proto Recv-Q Send-Q Local Foreign [State] ...
        if netstatProtos.contains(first), words.count >= 5, isCount(words[1]), isCount(words[2]), hasPort(words[3]) {
            return .row(.netstat, listening: first.hasPrefix("tcp") && words.count >= 6 && words[5] == "LISTEN")
        }
        // lsof: COMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME [(STATE)]
        if words.count >= 8, isCount(words[1]), let type = words.firstIndex(where: { $0 == "IPv4" || $0 == "IPv6" }), type >= 3,
           let node = words[type...].firstIndex(where: { $0 == "TCP" || $0 == "UDP" }), node + 1 < words.count {
            return .row(.lsof, listening: words[node] == "TCP" && words.last == "(LISTEN)")
        }
        return nil
    }

    /// `State Recv-Q ...` / `Netid State Recv-Q ...` (ss), `Proto Recv-Q ...` and `Active Internet connections ...`
    /// (Linux netstat; Windows' netstat has no `Recv-Q` column and says `Active Connections`), `COMMAND PID USER ...`
    /// (lsof).
    static func header(_ words: [String]) -> ListenerTableRow.Tool? {
        guard let first = words.first else { return nil }
        if (first == "State" || first == "Netid"), words.contains("Recv-Q") { return .ss }
        // `Proto RefCnt Flags Type State I-Node Path`: the Unix sockets' header under `netstat -a`.
        if first == "Proto", words.contains("Recv-Q") || words.contains("RefCnt") { return .netstat }
        if first == "COMMAND", words.count >= 3, words[1] == "PID" { return .lsof }
        // netstat's title lines: `Active Internet connections (only servers)`, `Active UNIX domain sockets ...`.
        if first == "Active", words.count >= 3, words[1] == "Internet" || words[1] == "UNIX" { return .netstat }
        return nil
    }

    static func read(_ words: [String], line: Int, into result: inout Parse) {
        guard !words.isEmpty else { return }
        if words[0] == "#" {
            // Markers: `# complete`, `# excerpt [port=P]`; any other comment line is skipped.
            if words.count >= 2, words[1] == "complete" || words[1] == "excerpt" {
                if !result.sawMarker { result.complete = false }
                result.sawMarker = true
                if words[1] == "complete" { result.complete = true }
                for word in words.dropFirst(2) where word.hasPrefix("port=") {
                    if let port = UInt16(word.dropFirst(5)) { result.excerptPorts.insert(port) }
                }
            }
            return
        }
        switch shape(words) {
        case .header?, .unix?, .row(_, listening: false)?: return
        case nil:
            result.problems.append(Problem(line: line, message: "not a row of ss, netstat or lsof: \"\(String(words.joined(separator: " ").prefix(80)))\""))
        case .row(.ss, listening: true)?: add(ssRow(words, line: line), into: &result)
        case .row(.netstat, listening: true)?: add(netstatRow(words, line: line), into: &result)
        case .row(.lsof, listening: true)?: add(lsofRow(words, line: line), into: &result)
        }
    }

    static func add(_ row: Result<ListenerTableRow, Problem>, into result: inout Parse) {
        switch row {
        case .success(let row): result.rows.append(row)
        case .failure(let problem): result.problems.append(problem)
        }
    }

    static func ssRow(_ words: [String], line: Int) -> Result<ListenerTableRow, Problem> {
        let index = ssStates.contains(words[0]) ? 0 : 1
        let local = words[index + 3]
        guard let (address, port) = endpoint(local, wildcard: .unspecifiedV6) else {
            return .failure(Problem(line: line, message: unreadable(local)))
        }
        var row = ListenerTableRow(tool: .ss, localAddress: address, port: port, processes: [], line: line)
        for word in words.dropFirst(index + 5) {
            if word.hasPrefix("users:(") { row.processes = ssUsers(word) }
            if word.hasPrefix("uid:") { row.uid = UInt32(word.dropFirst(4)) }
            if word.hasPrefix("ino:") { row.inode = UInt64(word.dropFirst(4)) }
        }
        return .success(row)
    }

    /// `users:(("node",pid=123,fd=21),("node",pid=124,fd=22))`: one process per `("NAME",pid=N` (a pid named twice,
    /// for two descriptors, once).
    static func ssUsers(_ word: String) -> [ListenerTableRow.Process] {
        var processes: [ListenerTableRow.Process] = []
        var rest = Substring(word)
        while let open = rest.firstRange(of: "(\"") {
            rest = rest[open.upperBound...]
            guard let close = rest.firstRange(of: "\",pid=") else { break }
            let command = String(rest[..<close.lowerBound])
            rest = rest[close.upperBound...]
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            if let pid = Int32(digits), !processes.contains(where: { $0.pid == pid }) {
                processes.append(.init(pid: pid, command: command))
            }
        }
        return processes
    }

    static func netstatRow(_ words: [String], line: Int) -> Result<ListenerTableRow, Problem> {
        guard let (address, port) = endpoint(words[3], wildcard: words[0] == "tcp6" ? .unspecifiedV6 : .unspecifiedV4) else {
            return .failure(Problem(line: line, message: unreadable(words[3])))
        }
        var row = ListenerTableRow(tool: .netstat, localAddress: address, port: port, processes: [], line: line)
        var tail = Array(words.dropFirst(6))
        // `PID/Program name` (`-p`), or `-` when the process is another user's.
        if let last = tail.last, last == "-" || isPidProgram(last) {
            if let slash = last.firstIndex(of: "/"), let pid = Int32(last[..<slash]) {
                row.processes = [.init(pid: pid, command: String(last[last.index(after: slash)...]))]
            }
            tail.removeLast()
        } else if tail.count >= 2, let slash = tail[tail.count - 2].firstIndex(of: "/"), isPidProgram(tail[tail.count - 2]) {
            // A program name with a space in it (`1234/python3 -m`): the last two words.
            let word = tail[tail.count - 2]
            if let pid = Int32(word[..<slash]) {
                row.processes = [.init(pid: pid, command: String(word[word.index(after: slash)...]) + " " + tail[tail.count - 1])]
            }
            tail.removeLast(2)
        }
        // `-e`: User and Inode.
        if tail.count == 2 {
            row.uid = UInt32(tail[0])
            row.inode = UInt64(tail[1])
        }
        return .success(row)
    }

    static func isPidProgram(_ word: String) -> Bool {
        guard let slash = word.firstIndex(of: "/"), slash != word.startIndex else { return false }
        return word[..<slash].allSatisfy { $0.isASCII && $0.isNumber }
    }

    static func lsofRow(_ words: [String], line: Int) -> Result<ListenerTableRow, Problem> {
        guard let type = words.firstIndex(where: { $0 == "IPv4" || $0 == "IPv6" }),
              let node = words[type...].firstIndex(of: "TCP"), let pid = Int32(words[1]) else {
            return .failure(Problem(line: line, message: "an lsof row without PID, TYPE or NODE"))
        }
        let name = words[node + 1]
        let family: IPAddress = words[type] == "IPv4" ? .unspecifiedV4 : .unspecifiedV6
        var resolved = name
        // Without -n, lsof names 127.0.0.1 and ::1 `localhost`; the TYPE column says which.
        if name.hasPrefix("localhost:") { resolved = (words[type] == "IPv4" ? "127.0.0.1" : "[::1]") + name.dropFirst(9) }
        guard let (address, port) = endpoint(resolved, wildcard: family) else {
            return .failure(Problem(line: line, message: unreadable(name)))
        }
        return .success(ListenerTableRow(tool: .lsof, localAddress: address, port: port,
                                         processes: [.init(pid: pid, command: words[0])], user: words[2], line: line))
    }

    static func unreadable(_ word: String) -> String {
        let shown = String(word.prefix(64))
        if let colon = word.lastIndex(of: ":"), !word[word.index(after: colon)...].allSatisfy({ $0.isASCII && $0.isNumber }) {
            return "the port in \"\(shown)\" is a service name, not a number (printed without -n, or lsof without -P)"
        }
        return "the address in \"\(shown)\" is not an IP address (a host name: printed without -n)"
    }

    /// `127.0.0.1:18789`, `[::]:18789`, `*:18789`, `:::18789` (netstat), `[fe80::1]%eth0:18789`, `127.0.0.53%lo:53`:
    /// canonical address (`IPAddress.text`, as `inet_ntop` prints it: `0:0::1` is `::1`) and port.
    static func endpoint(_ text: String, wildcard: IPAddress) -> (String, UInt16)? {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        let portText = text[text.index(after: colon)...]
        guard !portText.isEmpty, portText.allSatisfy({ $0.isASCII && $0.isNumber }), let port = UInt16(portText) else { return nil }
        var host = String(text[..<colon])
        if host == "*" { return (wildcard.text, port) }
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
            host = String(host[host.index(after: host.startIndex)..<close])
        }
        if let zone = host.firstIndex(of: "%") { host = String(host[..<zone]) }
        guard let address = IPAddress(host) else { return nil }
        return (address.text, port)
    }

    static func isCount(_ word: String) -> Bool { !word.isEmpty && word.allSatisfy { $0.isASCII && $0.isNumber } }

    static func hasPort(_ word: String) -> Bool {
        guard let colon = word.lastIndex(of: ":") else { return false }
        return colon != word.startIndex || word.count > 1
    }
}
