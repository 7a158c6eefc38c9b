/// One probe of `host:port`: what answered and how long finding out took.
public struct ProbeResult: Sendable, Codable, Equatable {
    /// The numeric address probed (`127.0.0.1`, `::1`).
    public var host: String
    public var port: UInt16
    public var outcome: ProbeOutcome
    /// Wall time of the whole probe (monotonic clock), in microseconds.
    public var elapsedMicros: Int64

    public init(host: String, port: UInt16, outcome: ProbeOutcome, elapsedMicros: Int64) {
        self.host = host
        self.port = port
        self.outcome = outcome
        self.elapsedMicros = elapsedMicros
    }
}
