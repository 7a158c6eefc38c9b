import Logging

/// Logging set-up for the `openclaw` executable: swift-log to standard error (standard output is for results).
public enum GatewayLogging {
    /// Bootstraps swift-log once, writing to standard error.
    public static func bootstrapStandardError() {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
    }

    /// The gateway's logger (`LOG_LEVEL` overrides the default `warning`).
    public static func logger(environment: [String: String]) -> Logger {
        var logger = Logger(label: "openclaw.gateway")
        logger.logLevel = environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        return logger
    }
}
