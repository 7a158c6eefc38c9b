/// Parser of `/proc/net/tcp` and `/proc/net/tcp6` text (the kernel's `tcp4_seq_show` / `tcp6_seq_show`).
///
/// Columns: `sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...`.
/// Addresses are hex: IPv4 is one 32-bit word, IPv6 four, each printed in host byte order (little-endian on
/// the machines this runs on), then `:PORT` in big-endian hex.
public enum ProcNetTCP {
    /// Parses the whole file text. Pure and tolerant: the header line and blank lines are skipped; a line
    /// that cannot be read becomes a warning naming the section (`proc-net-tcp` / `proc-net-tcp6`) and line.
    public static func parse(_ text: String, family: AddressFamily) -> (rows: [TCPSocketRow], warnings: [FactWarning]) {
        let section = family == .inet ? FactSection.procNetTCP.rawValue : FactSection.procNetTCP6.rawValue
        var rows: [TCPSocketRow] = []
        var warnings: [FactWarning] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let columns = rawLine.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            if columns.isEmpty { continue }
            if index == 0 && columns.first == "sl" { continue }
            switch parseRow(columns, family: family) {
            case .success(let row): rows.append(row)
            case .failure(let problem):
                warnings.append(FactWarning(section: section, line: index + 1, message: problem.message))
            }
        }
        return (rows, warnings)
    }

    struct Problem: Error {
        let message: String
    }

    static func parseRow(_ columns: [Substring], family: AddressFamily) -> Result<TCPSocketRow, Problem> {
        guard columns.count >= 10 else {
            return .failure(Problem(message: "expected at least 10 columns, found \(columns.count)"))
        }
        guard columns[0].hasSuffix(":"), UInt64(columns[0].dropLast()) != nil else {
            return .failure(Problem(message: "slot column \"\(columns[0].prefix(16))\" is not N:"))
        }
        guard let local = parseEndpoint(columns[1], family: family) else {
            return .failure(Problem(message: "bad local address \"\(columns[1].prefix(48))\""))
        }
        guard let remote = parseEndpoint(columns[2], family: family) else {
            return .failure(Problem(message: "bad remote address \"\(columns[2].prefix(48))\""))
        }
        guard columns[3].count <= 2, let state = UInt8(columns[3], radix: 16) else {
            return .failure(Problem(message: "bad state \"\(columns[3].prefix(16))\""))
        }
        guard let uid = UInt32(columns[7]) else {
            return .failure(Problem(message: "bad uid \"\(columns[7].prefix(16))\""))
        }
        guard let inode = UInt64(columns[9]) else {
            return .failure(Problem(message: "bad inode \"\(columns[9].prefix(24))\""))
        }
        return .success(TCPSocketRow(
            family: family, localAddress: local.address, localPort: local.port,
            remoteAddress: remote.address, remotePort: remote.port, state: state, uid: uid, inode: inode
        ))
    }

    /// Decodes `0100007F:1F90` (IPv4) or 32 hex digits `:PORT` (IPv6) into address text and port.
    public static func parseEndpoint(_ text: some StringProtocol, family: AddressFamily) -> (address: String, port: UInt16)? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 4, let port = UInt16(parts[1], radix: 16) else { return nil }
        let hex = parts[0]
        let words = family == .inet ? 1 : 4
        guard hex.count == words * 8, hex.allSatisfy(\.isHexDigit) else { return nil }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        for _ in 0..<words {
            let end = hex.index(index, offsetBy: 8)
            guard let word = UInt32(hex[index..<end], radix: 16) else { return nil }
            // The kernel printed the 32-bit word in host order: its low byte is the first address byte.
            bytes.append(contentsOf: [0, 8, 16, 24].map { UInt8(truncatingIfNeeded: word >> UInt32($0)) })
            index = end
        }
        guard let address = IPAddress(bytes: bytes) else { return nil }
        return (address.text, port)
    }
}
