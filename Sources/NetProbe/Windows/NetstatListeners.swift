/// A TCP listener on Windows, from `netstat.exe -ano -p TCP` / `-p TCPv6`.
public struct WindowsListener: Sendable, Equatable, Codable {
    /// The local address as printed, without the port: `0.0.0.0`, `127.0.0.1`, `[::]`, `[::1]`.
    public var address: String
    public var port: UInt16
    public var pid: Int
    /// 1-based line in the section text.
    public var line: Int
    /// The image `netstat -b` names on the line under the row (`node.exe` of `[node.exe]`); `nil` without `-b`.
    public var image: String?

    public init(address: String, port: UInt16, pid: Int, line: Int, image: String? = nil) {
        self.address = address
        self.port = port
        self.pid = pid
        self.line = line
        self.image = image
    }

    /// `0.0.0.0:18789`, `[::1]:18789`.
    public var endpoint: String { HostPort.text(address, port) }
}

/// Parses `netstat -ano` output by the SHAPE of a row, never by its localised words: a row is
/// `TCP <local addr>:<port> <foreign addr>:<port> <state> <pid>`, and it is a listener when the foreign address is
/// `0.0.0.0:0` or `[::]:0` (the state word, `LISTENING`, `ABHÖREN`, `ESCUCHANDO`, `侦听`, is never read).
/// Headings, connections, UDP rows and garbage are skipped. Pure; never fails.
///
/// Also read, in the same text: the `[node.exe]` line `netstat -b` prints under a row (within the next three lines,
/// before the next row: the image of that row), and PowerShell's `Get-NetTCPConnection` table rows
/// (`<LocalAddress> <LocalPort> <RemoteAddress> <RemotePort> <State> [<AppliedSetting>] <OwningProcess>`, a listener
/// when its State is `Listen`: PowerShell's enum names are not localised), and the table `Get-Process -Id
/// (Get-NetTCPConnection -LocalPort N).OwningProcess` prints under that command line (`Handles NPM(K) PM(K) WS(K)
/// CPU(s) Id SI ProcessName`: each row a holder of port N, its `Id` the pid, its `ProcessName` the image; no
/// address is printed, so the listener's address is `*`, any).
public enum NetstatListeners {
    public static func parse(_ text: String) -> [WindowsListener] {
        var listeners: [WindowsListener] = []
        // The listener the next `[image]` line names, while no other row came between them.
        var awaitingImage: Int?
        var linesSinceRow = 0
        // The port the last `Get-Process -Id (Get-NetTCPConnection -LocalPort N).OwningProcess` line named: the
        // process rows under it hold that port.
        var processPort: UInt16?
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let words = raw.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            linesSinceRow += 1
            if words.count == 1, let image = bracketedImage(words[0]) {
                if let target = awaitingImage, linesSinceRow <= 3 { listeners[target].image = image }
                awaitingImage = nil
                continue
            }
            if words.first?.uppercased() == "TCP" || words.first?.uppercased() == "UDP" {
                awaitingImage = nil
                linesSinceRow = 0
                processPort = nil
            }
            if words.contains(where: { $0.lowercased() == "get-process" }) {
                processPort = processCommandPort(words)
                continue
            }
            if let port = processPort, let (pid, name) = processRow(words) {
                listeners.append(WindowsListener(address: "*", port: port, pid: pid, line: index + 1, image: name))
                continue
            }
            if let listener = powerShellRow(words, line: index + 1) {
                listeners.append(listener)
                continue
            }
            guard words.count >= 4, words[0].uppercased() == "TCP" else { continue }
            let foreign = words[2]
            guard foreign == "0.0.0.0:0" || foreign == "[::]:0" else { continue }
            guard let pid = Int(words[words.count - 1]), pid >= 0,
                  let (address, port) = splitEndpoint(words[1]) else { continue }
            listeners.append(WindowsListener(address: address, port: port, pid: pid, line: index + 1))
            awaitingImage = listeners.count - 1
        }
        return listeners
    }

    /// The port of `Get-Process -Id (Get-NetTCPConnection -LocalPort N).OwningProcess` (any case, `$ ` or `PS C:\>`
    /// in front, `-State Listen` or other parameters beside it): `N`, 1-65535; `nil` for any other line.
    static func processCommandPort(_ words: [Substring]) -> UInt16? {
        guard words.contains(where: { $0.lowercased() == "get-process" }),
              words.contains(where: { $0.lowercased().contains("get-nettcpconnection") }),
              let at = words.firstIndex(where: { $0.lowercased() == "-localport" }), at + 1 < words.count else { return nil }
        let digits = words[at + 1].prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 5, let port = UInt16(digits), port > 0 else { return nil }
        return port
    }

    /// `Handles  NPM(K)    PM(K)      WS(K)     CPU(s)     Id  SI ProcessName` (PowerShell's column names, never
    /// localised; Windows PowerShell 5.1 and PowerShell 7 print the same).
    static func isProcessHeader(_ words: [Substring]) -> Bool {
        words.first == "Handles" && words.contains("Id") && words.last == "ProcessName"
    }

    /// A row of that table: `    246      14     2364      10640       0.05   8944   1 wslhost` (the CPU(s) column
    /// empty for a process without CPU time): the pid (`Id`) and the name (`ProcessName`, as printed: `wslhost`);
    /// `nil` for anything else.
    static func processRow(_ words: [Substring]) -> (Int, String)? {
        guard words.count == 7 || words.count == 8, let name = words.last,
              let first = name.first, !first.isNumber, !name.contains(":") else { return nil }
        let numbers = words.dropLast()
        func whole(_ word: Substring) -> Bool { !word.isEmpty && word.allSatisfy { $0.isASCII && $0.isNumber } }
        // Handles, NPM(K), PM(K), WS(K) whole numbers; CPU(s) a decimal when there; Id and SI whole numbers.
        guard numbers.prefix(4).allSatisfy(whole), whole(numbers[numbers.endIndex - 1]), whole(numbers[numbers.endIndex - 2]) else { return nil }
        if words.count == 8 {
            let cpu = words[4]
            guard !cpu.isEmpty, cpu.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == ",") }) else { return nil }
        }
        guard let pid = Int(numbers[numbers.endIndex - 2]), pid >= 0 else { return nil }
        return (pid, String(name))
    }

    /// `[node.exe]` -> `node.exe`; `nil` for anything else (`[::]:0` is an address, not an image).
    static func bracketedImage(_ word: Substring) -> String? {
        guard word.count > 2, word.hasPrefix("["), word.hasSuffix("]") else { return nil }
        let name = word.dropFirst().dropLast()
        guard !name.contains(":"), !name.contains("["), !name.contains("]") else { return nil }
        return String(name)
    }

    /// A `Get-NetTCPConnection` row in the `Listen` state: `127.0.0.1  18789  0.0.0.0  0  Listen  4242`.
    static func powerShellRow(_ words: [Substring], line: Int) -> WindowsListener? {
        guard words.count >= 6, words.count <= 7, words[4] == "Listen" else { return nil }
        guard let port = UInt16(words[1]), words[1].allSatisfy({ $0.isASCII && $0.isNumber }),
              let pid = Int(words[words.count - 1]), pid >= 0, words[3].allSatisfy({ $0.isASCII && $0.isNumber }),
              let family = IPSyntax.family(ofAddress: String(words[0])) else { return nil }
        let local = String(words[0])
        let address = family == .inet6 ? "[\(local)]" : local
        return WindowsListener(address: address, port: port, pid: pid, line: line)
    }

    /// `127.0.0.1:18789` -> (`127.0.0.1`, 18789); `[::1]:80` -> (`[::1]`, 80) (the address an `IPAddress`, IPv6 in
    /// brackets); `nil` for anything else.
    static func splitEndpoint(_ word: Substring) -> (String, UInt16)? {
        guard let colon = word.lastIndex(of: ":"), colon != word.startIndex else { return nil }
        let host = word[..<colon]
        let portText = word[word.index(after: colon)...]
        // Decimal digits only, no leading zero (netstat prints `389`, never `0389` or `+389`).
        guard !portText.isEmpty, portText.allSatisfy({ $0.isASCII && $0.isNumber }),
              portText == "0" || portText.first != "0", let port = UInt16(portText) else { return nil }
        if host.hasPrefix("[") {
            // `[fe80::1%12]`: an IPv6 address, its zone (the interface index) not part of it.
            guard host.hasSuffix("]"), let v6 = IPAddress(host.dropFirst().dropLast().prefix { $0 != "%" }), v6.family == .inet6
            else { return nil }
        } else {
            guard IPAddress(host)?.family == .inet else { return nil }
        }
        return (String(host), port)
    }
}
