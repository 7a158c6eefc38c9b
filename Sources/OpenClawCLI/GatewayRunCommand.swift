import ArgumentParser
import CSystemShim
import FoundationEssentials
import Gateway
import GatewayLive
import GatewayServer
import NetProbe

extension BindMode: ExpressibleByArgument {}
extension InstanceCheck: ExpressibleByArgument {}

/// `openclaw gateway run`: the gateway in the foreground.
public struct GatewayRunCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the gateway in the foreground.",
        discussion: """
            Exit codes: 0 stopped by SIGTERM/SIGINT; 78 a gateway already runs for this port, or the configuration \
            is refused or malformed (docs/configuration.md), or the state directory or --token-file is not this \
            user's alone (owner, mode); 75 the port is held by something that is not a gateway; 64 bad arguments; 1 anything else. \
            See docs/gateway-startup.md.
            """)

    @OptionGroup public var port: PortOption
    @OptionGroup public var stateDir: StateDirOption
    @OptionGroup public var plan: StartPlanOptions

    @Option(help: "Auth token clients must present (default: $OPENCLAW_GATEWAY_TOKEN, else gateway.auth.token in openclaw.json). Never blank; at least 16 bytes, on loopback too. Every local user can read a command line (/proc/PID/cmdline): the gateway overwrites the value at start, but it is readable until then and stays in shell history, so prefer --token-file or the variable.")
    public var token: String?

    @Option(
        name: .customLong("token-file"),
        help: "Read the auth token from this file instead (one trailing newline is dropped). It must be yours and neither readable nor writable by group or others (chmod 600): unlike --token, it never appears on the command line.")
    public var tokenFile: String?

    @Option(
        name: .customLong("allowed-origin"),
        help: "A browser origin (http(s)://host[:port]) allowed to open the WebSocket besides the gateway's own; repeatable. Also gateway.controlUi.allowedOrigins in openclaw.json.")
    public var allowedOrigin: [String] = []

    @OptionGroup public var probeTimeout: ProbeTimeoutOption

    @Option(
        name: .customLong("handshake-timeout"), parsing: .unconditional,
        help: ArgumentHelp("Time a WebSocket client has to send connect, in milliseconds, 1-600000 (default $OPENCLAW_GATEWAY_HANDSHAKE_TIMEOUT_MS, else 10000).", valueName: "ms"))
    public var handshakeTimeout: String?

    @Option(
        name: .customLong("request-head-timeout"), parsing: .unconditional,
        help: ArgumentHelp("Time an HTTP client has to send a complete request head, in milliseconds, 1-600000 (default $OPENCLAW_GATEWAY_REQUEST_HEAD_TIMEOUT_MS, else 10000).", valueName: "ms"))
    public var requestHeadTimeout: String?

    public init() {}

    public func validate() throws {
        if token != nil && tokenFile != nil { throw ValidationError("--token and --token-file cannot both be given.") }
        let environment = ProcessInfo.processInfo.environment
        _ = try GatewayTimeoutSetting.handshake.resolve(option: handshakeTimeout, environment: environment)
        _ = try GatewayTimeoutSetting.requestHead.resolve(option: requestHeadTimeout, environment: environment)
        if case .failure(let error) = OriginPolicy.allowList(allowedOrigin) {
            throw ValidationError("--allowed-origin \(error.message)")
        }
    }

    public func run() async throws {
        // `--token VALUE` is in /proc/PID/cmdline for every local user: overwrite it in the argument area now that
        // it is parsed (as PostgreSQL's and MySQL's tools do).
        if token != nil { _ = openclaw_wipe_option_value("--token") }
        GatewayLogging.bootstrapStandardError()
        let environment = ProcessInfo.processInfo.environment
        // Before anything in the state directory is read: a root gateway never trusts another account's files.
        if let refusal = StatePathTrust.inspection(GatewayEnvironment.paths(stateDir: stateDir.stateDir)).refusal {
            GatewayOutput.err("openclaw gateway: \(refusal.description)")
            throw ExitCode(GatewayExit.config)
        }
        var fileToken: TokenSetting?
        if let tokenFile {
            switch TokenFile.read(path: tokenFile) {
            case .success(let value): fileToken = TokenSetting(value: value, source: "--token-file \(tokenFile)")
            case .failure(let refusal):
                GatewayOutput.err("openclaw gateway: \(refusal.description)")
                throw ExitCode(GatewayExit.config)
            }
        }
        let resolved = try GatewayEnvironment.pathsAndPort(port, stateDir: stateDir, command: "run")
        let (paths, settings) = (resolved.paths, resolved.settings)
        let configuration: StartConfiguration
        let tokenSetting: TokenSetting?
        let fileOrigins: [String]
        do {
            configuration = try settings.startConfiguration(
                port: resolved.port, bind: plan.bind, bindHost: plan.bindHost, instanceCheck: plan.instanceCheck)
            if let fileToken { tokenSetting = fileToken } else { tokenSetting = try settings.tokenSetting(option: token) }
            fileOrigins = try settings.resolve(GatewayConfigKeys.allowedOrigins, option: nil)
        } catch {
            throw GatewayEnvironment.configurationFailure(error, command: "run")
        }
        var allowed = Set<String>()
        let fileSource = "gateway.controlUi.allowedOrigins in \(settings.filePath)"
        for (entries, source) in [(allowedOrigin, "--allowed-origin"), (fileOrigins, fileSource)] {
            switch OriginPolicy.allowList(entries) {
            case .success(let set): allowed.formUnion(set)
            case .failure(let error):
                GatewayOutput.err("openclaw gateway: \(source) \(error.message)")
                throw ExitCode(GatewayExit.config)
            }
        }
        let options = GatewayStartOptions(
            configuration: configuration,
            token: tokenSetting?.value,
            paths: paths,
            probeTimeout: probeTimeout.duration,
            handshakeTimeout: try GatewayTimeoutSetting.handshake.resolve(option: handshakeTimeout, environment: environment),
            requestHeadTimeout: try GatewayTimeoutSetting.requestHead.resolve(option: requestHeadTimeout, environment: environment),
            readyGate: environment["OPENCLAW_GATEWAY_TEST_READY_GATE"].flatMap { $0.isEmpty ? nil : $0 },
            tokenSource: tokenSetting?.source ?? "--token", tokenFile: tokenSetting?.file, allowedOrigins: allowed)
        let machine = GatewayMachineRead.take()
        let code = await GatewayStarter.run(
            facts: machine.facts, verdict: machine.verdict, options: options,
            dependencies: try GatewayEnvironment.startDependencies(paths: paths),
            output: .init(out: GatewayOutput.out, err: GatewayOutput.err),
            logger: GatewayLogging.logger(environment: environment))
        if code != 0 { throw ExitCode(code) }
    }
}
