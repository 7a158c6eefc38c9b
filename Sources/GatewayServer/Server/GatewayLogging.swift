import Gateway
import Foundation
import Logging
import NetProbe
import NetProbeLive

/// Logging set-up for the `openclaw` executable: swift-log to standard error (standard output is for results).
public enum GatewayLogging {
    /// Bootstraps swift-log once, writing to standard error through `StandardStreams` (a failed write is
    /// recorded and dropped: a gateway whose terminal went away keeps serving).
    public static func bootstrapStandardError() {
        LoggingSystem.bootstrap { label in
            var handler = StandardErrorLogHandler(label: label)
            handler.logLevel = .trace
            return handler
        }
    }

    /// The logger handed to ServiceLifecycle. Default `critical`: the start sequence reports
    /// every failure itself (with exit codes), so the framework's own shutdown chatter after a failed bind stays
    /// quiet. `LOG_LEVEL` (trace ... critical) overrides.
    public static func logger(environment: [String: String]) -> Logger {
        var logger = Logger(label: "openclaw.gateway")
        logger.logLevel = environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
        return logger
    }
}

/// A swift-log handler writing one line per record to standard error:
/// `2026-11-30T18:00:00Z warning openclaw.gateway: message key=value`. Never traps on a failed write.
public struct StandardErrorLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public let label: String

    public init(label: String) { self.label = label }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        StandardStreams.write(Self.line(event: event, label: label, handlerMetadata: metadata, date: Date()), to: .error)
    }

    /// The text of one record (pure).
    static func line(event: LogEvent, label: String, handlerMetadata: Logger.Metadata, date: Date) -> String {
        var merged = handlerMetadata
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let time = date.formatted(.iso8601)
        // Messages and metadata carry peers' strings: no control character of theirs reaches the terminal.
        return TerminalText.escaped("\(time) \(event.level) \(label): \(event.message)\(fields.isEmpty ? "" : " " + fields)") + "\n"
    }
}
