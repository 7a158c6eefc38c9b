@testable import NetProbe
import Testing

/// Issue 19: Linux listener tables pasted into a report (`ss`, Linux `netstat`, `lsof`), read row by row by shape.
/// Constructed rows in the shapes iproute2's ss, net-tools' netstat and lsof 4.9x print.
@Suite("Listener tables: ss, netstat, lsof rows")
struct ListenerTableTextTests {
    static func rows(_ text: String) -> [ListenerTableRow] { ListenerTableText.parse(text).rows }

    @Test("ss -ltnp with its header: address, port and every process users:(...) names")
    func ssWithProcesses() {
        let parse = ListenerTableText.parse("""
            State  Recv-Q Send-Q Local Address:Port  Peer Address:Port Process
            LISTEN 0      511        127.0.0.1:18789      0.0.0.0:*     users:(("node",pid=4242,fd=21),("node",pid=4243,fd=21),("node",pid=4242,fd=30))
            LISTEN 0      511            [::1]:18789         [::]:*     users:(("openclaw-gatewa",pid=4242,fd=22))
            LISTEN 0      4096   127.0.0.53%lo:53         0.0.0.0:*     users:(("systemd-resolve",pid=301,fd=14))
            """)
        #expect(parse.problems.isEmpty, "\(parse.problems)")
        #expect(parse.rows.map(\.localAddress) == ["127.0.0.1", "::1", "127.0.0.53"])
        #expect(parse.rows.map(\.port) == [18789, 18789, 53])
        #expect(parse.rows[0].processes == [.init(pid: 4242, command: "node"), .init(pid: 4243, command: "node")])
        #expect(parse.rows[1].processes == [.init(pid: 4242, command: "openclaw-gatewa")])
        #expect(parse.rows.allSatisfy { $0.tool == .ss && $0.uid == nil })
        #expect(parse.rows.map(\.line) == [2, 3, 4])
    }

    @Test("ss -ltn without -p names no process; * is the dual-stack wildcard ::, [::] is ::; -e adds uid and inode")
    func ssWithoutProcess() {
        let rows = Self.rows("""
            LISTEN 0 511 *:18789 *:*
            LISTEN 0 511 [::]:18789 [::]:*
            LISTEN 0 511 0.0.0.0:18789 0.0.0.0:* users:(("node",pid=9,fd=3)) uid:1000 ino:424242 sk:1 cgroup:/user.slice <->
            tcp   LISTEN 0 511 [::ffff:127.0.0.1]:18789 *:*
            """)
        #expect(rows.map(\.localAddress) == ["::", "::", "0.0.0.0", "::ffff:127.0.0.1"])
        #expect(rows[0].processes.isEmpty && rows[1].processes.isEmpty)
        #expect(rows[2].uid == 1000 && rows[2].inode == 424242)
    }

    @Test("rows that are no TCP listener are recognised and skipped: ESTAB, UNCONN, udp, netstat's unix rows")
    func notListeners() {
        let parse = ListenerTableText.parse("""
            ESTAB  0 0 127.0.0.1:18789 127.0.0.1:50522 users:(("node",pid=1,fd=2))
            udp   UNCONN 0 0 0.0.0.0:5353 0.0.0.0:*
            udp        0      0 0.0.0.0:5353            0.0.0.0:*                           812/avahi-daemon
            tcp        0      0 127.0.0.1:18789         127.0.0.1:50522         ESTABLISHED 1/node
            unix  2      [ ACC ]     STREAM     LISTENING     26180    1/init   /run/WSL/1_interop
            node    4242 alice   25u  IPv4  70349      0t0  TCP 127.0.0.1:18789->127.0.0.1:50522 (ESTABLISHED)
            """)
        #expect(parse.rows.isEmpty && parse.problems.isEmpty, "\(parse)")
    }

    @Test("Linux netstat -tlnp: tcp and tcp6 rows, PID/Program name, '-' and no column name no process, -e's User and Inode")
    func netstat() {
        let parse = ListenerTableText.parse("""
            Active Internet connections (only servers)
            Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name
            tcp        0      0 127.0.0.1:18789         0.0.0.0:*               LISTEN      4242/node
            tcp6       0      0 ::1:18789               :::*                    LISTEN      4242/node
            tcp6       0      0 :::18790                :::*                    LISTEN      -
            tcp        0      0 0.0.0.0:18791           0.0.0.0:*               LISTEN
            tcp        0      0 0.0.0.0:18792           0.0.0.0:*               LISTEN      1000       55501      77/python3
            """)
        #expect(parse.problems.isEmpty, "\(parse.problems)")
        #expect(parse.rows.map(\.localAddress) == ["127.0.0.1", "::1", "::", "0.0.0.0", "0.0.0.0"])
        #expect(parse.rows.map(\.port) == [18789, 18789, 18790, 18791, 18792])
        #expect(parse.rows[0].processes == [.init(pid: 4242, command: "node")])
        #expect(parse.rows[2].processes.isEmpty && parse.rows[3].processes.isEmpty)
        #expect(parse.rows[4].uid == 1000 && parse.rows[4].inode == 55501 && parse.rows[4].processes == [.init(pid: 77, command: "python3")])
        #expect(parse.rows.allSatisfy { $0.tool == .netstat })
    }

    @Test("lsof -iTCP -sTCP:LISTEN -nP and lsof -i :PORT: COMMAND, PID, USER; * by the TYPE column; localhost by TYPE")
    func lsof() {
        let parse = ListenerTableText.parse("""
            COMMAND   PID  USER   FD   TYPE DEVICE SIZE/OFF NODE NAME
            node     4242 alice   21u  IPv4  98765      0t0  TCP 127.0.0.1:18789 (LISTEN)
            node     4242 alice   22u  IPv6  98766      0t0  TCP [::1]:18789 (LISTEN)
            python3   777 bob      3u  IPv4  11111      0t0  TCP *:18790 (LISTEN)
            python3   778 bob      3u  IPv6  11112      0t0  TCP *:18790 (LISTEN)
            node    22276 carol   25u  IPv4  70349      0t0  TCP localhost:18791 (LISTEN)
            """)
        #expect(parse.problems.isEmpty, "\(parse.problems)")
        #expect(parse.rows.map(\.localAddress) == ["127.0.0.1", "::1", "0.0.0.0", "::", "127.0.0.1"])
        #expect(parse.rows[0].processes == [.init(pid: 4242, command: "node")] && parse.rows[0].user == "alice")
        #expect(parse.rows[2].processes == [.init(pid: 777, command: "python3")])
        #expect(parse.rows.allSatisfy { $0.tool == .lsof && $0.inode == nil })
    }

    @Test("a host name or a service name is a problem naming the line, never a guessed row; so is a line of no known shape")
    func problems() {
        let parse = ListenerTableText.parse("""
            LISTEN 0 511 127.0.0.1:18789 0.0.0.0:*
            LISTEN 0 128 myhost:ssh 0.0.0.0:*
            node 1 a 21u IPv4 1 0t0 TCP myhost.lan:18789 (LISTEN)
            this is prose
            """)
        #expect(parse.rows.count == 1)
        #expect(parse.problems.map(\.line) == [2, 3, 4])
        #expect(parse.problems[0].message.contains("service name"))
        #expect(parse.problems[1].message.contains("host name"))
        #expect(parse.problems[2].message.hasPrefix("not a row of ss, netstat or lsof"))
    }

    @Test("Windows netstat -ano rows and headers are not Linux rows (TCP/LISTENING, no Recv-Q)")
    func windowsIsNot() {
        #expect(ListenerTableText.tool(["TCP", "127.0.0.1:18789", "0.0.0.0:0", "LISTENING", "4242"]) == nil)
        #expect(ListenerTableText.tool(["Proto", "Local", "Address", "Foreign", "Address", "State", "PID"]) == nil)
        #expect(ListenerTableText.tool(["Active", "Connections"]) == nil)
        #expect(ListenerTableText.tool(["Proto", "Recv-Q", "Send-Q", "Local", "Address"]) == .netstat)
    }

    @Test("pasted owners: one per process, none named is the holder not in the paste, ss and lsof of one socket merge")
    func pastedOwners() {
        var facts = MachineFacts(origin: .capture(path: "paste.md"))
        facts.listeners = """
            LISTEN 0 511 127.0.0.1:18789 0.0.0.0:* users:(("node",pid=4242,fd=21)) uid:1000 ino:5
            node 4242 alice 21u IPv4 5 0t0 TCP 127.0.0.1:18789 (LISTEN)
            LISTEN 0 511 [::1]:18789 [::]:*
            LISTEN 0 511 0.0.0.0:8080 0.0.0.0:* users:(("python3",pid=7,fd=3))
            """
        let owners = CapturedPortOwners.owners(facts, port: 18789) ?? []
        #expect(owners.count == 2, "\(owners)")
        #expect(owners[0].pid == 4242 && owners[0].comm == "node" && owners[0].user == "alice" && owners[0].uid == 1000)
        #expect(owners[1].pid == nil && owners[1].uid == nil && owners[1].localAddress == "::1")
        #expect(owners[1].summary == "holder not in the paste (::1)")
        // Nothing captured is unknown, not "nobody".
        #expect(CapturedPortOwners.owners(MachineFacts(origin: .capture(path: "x")), port: 18789) == nil)
    }

    @Test("a row naming no process gives way to a row of the same address that names one, in either order")
    func pidLessGivesWay() {
        for rows in [["LISTEN 0 511 127.0.0.1:18789 0.0.0.0:*", "tcp 0 0 127.0.0.1:18789 0.0.0.0:* LISTEN 77/node"],
                     ["tcp 0 0 127.0.0.1:18789 0.0.0.0:* LISTEN 77/node", "LISTEN 0 511 127.0.0.1:18789 0.0.0.0:*"]] {
            var facts = MachineFacts(origin: .capture(path: "paste.md"))
            facts.listeners = rows.joined(separator: "\n")
            let owners = CapturedPortOwners.owners(facts, port: 18789) ?? []
            #expect(owners.map(\.pid) == [77], "\(rows): \(owners)")
        }
    }
}
