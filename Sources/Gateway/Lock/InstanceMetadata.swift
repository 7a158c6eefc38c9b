import FoundationEssentials
import NetProbe

/// What a gateway writes into its lock file: enough to name it in a clash message and to signal it safely.
///
/// `pid` alone is never trusted: `processStartTime` (field 22 of `/proc/<pid>/stat`) and `bootId` must match too
/// before anything acts on the pid (PID reuse; Nagios CVE-2017-12847).
public struct InstanceMetadata: Sendable, Codable, Equatable {
    public var pid: Int32
    /// Clock ticks since boot at which the process started (`/proc/<pid>/stat` field 22).
    public var processStartTime: UInt64
    /// `/proc/sys/kernel/random/boot_id` at start.
    public var bootId: String
    /// Random id made before anything binds; also served by `/__openclaw__/identity`.
    public var instanceId: String
    public var port: UInt16
    /// Addresses the gateway binds (or will bind, while `starting`).
    public var bindAddresses: [String]
    /// The instance-check strategy (`pidfile` or `loopback-probe`).
    public var strategy: String
    public var version: String
    /// ISO 8601 UTC time at which the gateway started.
    public var startedAt: String
    public var status: InstanceStatus

    public init(
        pid: Int32, processStartTime: UInt64, bootId: String, instanceId: String, port: UInt16,
        bindAddresses: [String], strategy: String, version: String, startedAt: String, status: InstanceStatus
    ) {
        self.pid = pid
        self.processStartTime = processStartTime
        self.bootId = bootId
        self.instanceId = instanceId
        self.port = port
        self.bindAddresses = bindAddresses
        self.strategy = strategy
        self.version = version
        self.startedAt = startedAt
        self.status = status
    }

    /// The metadata in a lock file's bytes: the first line (up to the first `\n`, or all of them) decoded as JSON
    /// (NetProbe's `JSONReader` and `JSONValueDecoder`, strict: a repeated key's last value, no trailing comma), every string made one line (`asOneLineText`); `nil` when that line is not the metadata (empty,
    /// not JSON, a field missing or of another type). Pure: `LockFileIO.readMetadata` reads the bytes (at most 64 KiB,
    /// `pread`), and the `lockmetadata` fuzz target runs it on any bytes.
    public static func read(lockFileBytes bytes: some Collection<UInt8>) -> InstanceMetadata? {
        let line = Array(bytes.prefix { $0 != UInt8(ascii: "\n") })
        guard !line.isEmpty else { return nil }
        return (try? JSONValueDecoder.decode(InstanceMetadata.self, fromText: line))?.asOneLineText
    }

    /// The metadata with every string as one line (`TerminalText.oneLine`): whoever holds the lock wrote them, and they
    /// stand inside the lines of `status`, `run`, `stop` and the doctor. Applied where the file is read
    /// (`LockFileIO.readMetadata`). Pure; the gateway's own values (hex ids, addresses, ISO times) are unchanged.
    public var asOneLineText: InstanceMetadata {
        var m = self
        m.bootId = TerminalText.oneLine(bootId)
        m.instanceId = TerminalText.oneLine(instanceId)
        m.bindAddresses = bindAddresses.map(TerminalText.oneLine)
        m.strategy = TerminalText.oneLine(strategy)
        m.version = TerminalText.oneLine(version)
        m.startedAt = TerminalText.oneLine(startedAt)
        return m
    }
}
