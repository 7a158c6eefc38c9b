import NetProbe

/// Fields of `/proc/<pid>/stat` the gateway needs. Parsing is pure; `ProcessInfoReader` reads the files.
public struct ProcessStat: Sendable, Equatable {
    public var pid: Int32
    public var comm: String
    /// Field 3: `R`, `S`, `D`, `Z` (zombie: exited, not yet reaped), ...
    public var state: String
    /// Field 22: start time in clock ticks after boot.
    public var startTime: UInt64

    public init(pid: Int32, comm: String, state: String, startTime: UInt64) {
        self.pid = pid
        self.comm = comm
        self.state = state
        self.startTime = startTime
    }

    /// Parses one `/proc/<pid>/stat` line. `comm` may hold spaces and parentheses, so fields are counted after
    /// the LAST `)`. Returns nil (never crashes) on anything malformed.
    public static func parse(_ text: String) -> ProcessStat? {
        let bytes = Array(text.utf8)
        guard let open = bytes.firstIndex(of: UInt8(ascii: "(")),
              let close = bytes.lastIndex(of: UInt8(ascii: ")")), close > open else { return nil }
        // `open` is an ASCII byte, so the bytes before it are whole UTF-8 (the text came from a `String`).
        guard let pid = Int32(String(decoding: bytes[..<open], as: UTF8.self).trimmingSpacesAndNewlines()) else { return nil }
        let comm = String(decoding: bytes[(open + 1)..<close], as: UTF8.self)
        let rest = String(decoding: bytes[(close + 1)...], as: UTF8.self)
        let fields = rest.split(separator: " ", omittingEmptySubsequences: true)
        // fields[0] is field 3 (state); field 22 is fields[19].
        guard fields.count > 19, let start = UInt64(fields[19]) else { return nil }
        return ProcessStat(pid: pid, comm: comm, state: String(fields[0]), startTime: start)
    }
}
