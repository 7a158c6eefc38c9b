import ArgumentParser
import Foundation
import Gateway

extension BindMode: ExpressibleByArgument {}
extension InstanceCheck: ExpressibleByArgument {}

/// `openclaw gateway run`: the gateway in the foreground.
public struct GatewayRunCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the gateway in the foreground.",
        discussion: """
            Exit codes: 0 stopped by SIGTERM/SIGINT; 78 a gateway already runs for this port, or the configuration \
            is refused; 75 the port is held by something that is not a gateway; 1 anything else. \
            See docs/gateway-startup.md.
            """)

    @OptionGroup public var port: PortOption
    @OptionGroup public var stateDir: StateDirOption

    @Option(help: "Where to listen: loopback, lan, auto or custom (with --bind-host).")
    public var bind: BindMode = .loopback

    @Option(name: .customLong("bind-host"), help: "The IP address for --bind custom.")
    public var bindHost: String?

    @Option(name: .customLong("instance-check"), help: "How to detect a running gateway: auto, pidfile or loopback-probe.")
    public var instanceCheck: InstanceCheck = .auto

    @Option(help: "Auth token clients must present (default: $OPENCLAW_GATEWAY_TOKEN).")
    public var token: String?

    @Option(name: .customLong("probe-timeout"), help: "Loopback probe timeout in milliseconds.")
    public var probeTimeout: Int = 500

    public init() {}

    public func validate() throws {
        if probeTimeout < 1 || probeTimeout > 60_000 {
            throw ValidationError("--probe-timeout must be between 1 and 60000 milliseconds.")
        }
    }

    public func run() async throws {
        GatewayLogging.bootstrapStandardError()
        let environment = ProcessInfo.processInfo.environment
        let tokenValue = token ?? environment["OPENCLAW_GATEWAY_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        let options = GatewayStartOptions(
            configuration: StartConfiguration(
                port: port.port, bindMode: bind, bindHost: bindHost, instanceCheck: instanceCheck),
            token: tokenValue,
            paths: GatewayEnvironment.paths(stateDir: stateDir.stateDir),
            probeTimeout: .milliseconds(probeTimeout))
        let code = await GatewayStarter.run(
            verdict: GatewayEnvironment.liveVerdict(), options: options,
            dependencies: GatewayEnvironment.startDependencies(),
            output: .init(out: GatewayOutput.out, err: GatewayOutput.err),
            logger: GatewayLogging.logger(environment: environment))
        if code != 0 { throw ExitCode(code) }
    }
}
