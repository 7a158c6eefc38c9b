import ArgumentParser
import Foundation
import Gateway

/// `openclaw gateway probe`: ask an address whether an OpenClaw gateway answers there, and which one.
public struct GatewayProbeCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Probe HOST:PORT with the gateway identity handshake (exit 0 a gateway answered, 3 none).",
        discussion: "Exit codes: 0 a gateway answered; 3 none did; 64 bad arguments (e.g. a --host that is not an IP address).")

    @Option(help: "Numeric IPv4 or IPv6 address to probe (default: 127.0.0.1 and ::1); names are not resolved.")
    public var host: String?
    @OptionGroup public var port: PortOption
    @OptionGroup public var json: JSONOption

    @Option(help: "Timeout in milliseconds (default 500).")
    public var timeout: Int = 500

    public init() {}

    public func validate() throws {
        if let host, IPAddressText.family(host) == nil {
            throw ValidationError(
                "--host must be a numeric IPv4 or IPv6 address, such as 127.0.0.1 or ::1 (got \"\(host)\"); "
                + "the probe does not resolve host names, because a name can mean either loopback address.")
        }
        if timeout < 1 || timeout > 60_000 {
            throw ValidationError("--timeout must be between 1 and 60000 milliseconds.")
        }
    }

    struct Report: Encodable {
        var schemaVersion = 1
        var port: UInt16
        var results: [Entry]
    }

    struct Entry: Encodable {
        var host: String
        var outcome: String
        var detail: String?
        var identity: IdentityDocument?
    }

    public func run() async throws {
        let hosts = host.map { [$0] } ?? ["127.0.0.1", "::1"]
        let findings = await GatewayEnvironment.startDependencies().probeLoopback(hosts, port.port, .milliseconds(timeout), "")
        var entries: [Entry] = []
        for finding in findings {
            switch finding.outcome {
            case .noListener(let why): entries.append(Entry(host: finding.host, outcome: "no-listener", detail: why))
            case .otherService(let why): entries.append(Entry(host: finding.host, outcome: "not-a-gateway", detail: why))
            case .gateway(let identity, _): entries.append(Entry(host: finding.host, outcome: "gateway", identity: identity))
            }
        }
        if json.json {
            GatewayOutput.json(Report(port: port.port, results: entries))
        } else {
            for e in entries {
                let what = e.identity.map { "gateway instance \($0.instanceId)\($0.pid.map { " pid \($0)" } ?? ""), version \($0.version)" }
                    ?? "\(e.outcome)\(e.detail.map { " (\($0))" } ?? "")"
                GatewayOutput.out("\(IPAddressText.hostPort(e.host, port.port)): \(what)")
            }
        }
        if !entries.contains(where: { $0.outcome == "gateway" }) { throw ExitCode(GatewayExit.notRunning) }
    }
}
