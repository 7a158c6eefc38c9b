import ArgumentParser
import FoundationEssentials
import Gateway
import GatewayLive
import NetProbe
import NetProbeLive

/// The machine-facing pieces the gateway commands plug into the Gateway library.
enum GatewayEnvironment {
    /// The live machine's facts for the start plan (the verdict and the `::1` rule), read by NetProbe.
    /// The socket tables (`/proc/net/tcp{,6}`) are not read: neither the classifier nor the `::1` rule uses them,
    /// and each costs a walk of the kernel's TCP hash table (docs/performance.md).
    static func liveFacts() -> MachineFacts {
        LiveReader(options: .init(readsSocketTables: false)).read()
    }

    /// The verdict over `liveFacts()` (the service commands' advice differs for WSL and containers).
    static func liveVerdict() -> EnvironmentVerdict {
        Classifier.classify(liveFacts())
    }

    /// The probe, port-owner table and IPv6 check used by `gateway run`; the port-owner table looks first at the
    /// verified holder of the instance lock of `paths` (`StartDependencies.live(paths:)`).
    /// On WSL the Windows half is asked after a refused bind (at most the Windows tools' deadline, 1.5 s by default).
    /// A bad `OPENCLAW_WINDOWS_TIMEOUT_MS` ends the command with exit 78, naming the variable and the value.
    static func startDependencies(paths: GatewayPaths) throws -> StartDependencies {
        var dependencies = StartDependencies.live(paths: paths)
        var configured = try windowsToolOptions(command: "run")
        configured.timeout = min(configured.timeout, .seconds(2))  // the start waits at most 2 s for Windows
        let options = configured
        dependencies.windowsHalf = { port in WindowsConsult.from(WindowsFacts.readLive(options: options), port: port) }
        return dependencies
    }

    /// The Windows tools' options (`OPENCLAW_WINDOWS_TIMEOUT_MS`); a bad value prints the error and throws exit 78,
    /// as a bad `OPENCLAW_GATEWAY_*` does.
    static func windowsToolOptions(command: String) throws -> WindowsToolRunner.Options {
        do {
            return try WindowsToolOptions.from(ProcessInfo.processInfo.environment)
        } catch {
            throw configurationFailure(ConfigError(error.message), command: command)
        }
    }

    /// State and lock paths from `--state-dir`, the environment and the home directory (`$HOME` when absolute,
    /// else the password database's: the same home as the doctor's, `DoctorEnvironment.home`).
    static func paths(stateDir: String?) -> GatewayPaths {
        let environment = ProcessInfo.processInfo.environment
        return GatewayPaths.resolveInWorkingDirectory(
            stateDirOverride: stateDir, environment: environment, home: DoctorEnvironment.home(environment))
    }

    /// The configuration sources for a gateway command (`GatewaySettings`: option > environment > file > default).
    /// Warnings (an unreadable file) go to standard error; a malformed file or value ends the command with
    /// exit 78 (EX_CONFIG) and the error naming the file, line and key.
    static func settings(paths: GatewayPaths, command: String) throws -> GatewaySettings {
        do {
            let settings = try GatewaySettings.load(
                stateDirectory: paths.stateDirectory, environment: ProcessInfo.processInfo.environment)
            for warning in settings.warnings { GatewayOutput.err("openclaw gateway \(command): warning: \(warning)") }
            return settings
        } catch {
            throw configurationFailure(error, command: command)
        }
    }

    /// Prints a configuration error and returns the exit 78 to throw.
    static func configurationFailure(_ error: ConfigError, command: String) -> ExitCode {
        GatewayOutput.err("openclaw gateway \(command): \(error.message)")
        return ExitCode(GatewayExit.config)
    }

    /// What every gateway command resolves first: the state paths (`paths(stateDir:)`), the configuration sources
    /// (`settings(paths:command:)`) and the port (`port(_:settings:command:)`: `--port`, else `OPENCLAW_GATEWAY_PORT`,
    /// else `gateway.port` of the file, else 18789). A malformed configuration ends the command with exit 78.
    struct Resolved {
        var paths: GatewayPaths
        var settings: GatewaySettings
        var port: UInt16
    }

    /// The state paths, the configuration and the port of a gateway command (`run`, `status`, `stop`, `probe`,
    /// `unit` and the lifecycle commands: one resolution for all).
    static func pathsAndPort(_ option: PortOption, stateDir: StateDirOption, command: String) throws -> Resolved {
        let paths = paths(stateDir: stateDir.stateDir)
        let settings = try settings(paths: paths, command: command)
        return Resolved(paths: paths, settings: settings, port: try port(option, settings: settings, command: command))
    }

    static func port(_ option: PortOption, settings: GatewaySettings, command: String) throws -> UInt16 {
        do { return try settings.resolve(GatewayConfigKeys.port, option: option.explicitPort) } catch {
            throw configurationFailure(error, command: command)
        }
    }
}
