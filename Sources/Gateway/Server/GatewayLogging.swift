import Logging

/// Logging set-up for the `openclaw` executable: swift-log to standard error (standard output is for results).
public enum GatewayLogging {
    /// Bootstraps swift-log once, writing to standard error.
    public static func bootstrapStandardError() {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .trace
            return handler
        }
    }

    /// The logger handed to Hummingbird and ServiceLifecycle. Default `critical`: the start sequence reports
    /// every failure itself (with exit codes), so the framework's own shutdown chatter after a failed bind stays
    /// quiet. `LOG_LEVEL` (trace ... critical) overrides.
    public static func logger(environment: [String: String]) -> Logger {
        var logger = Logger(label: "openclaw.gateway")
        logger.logLevel = environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
        return logger
    }
}
