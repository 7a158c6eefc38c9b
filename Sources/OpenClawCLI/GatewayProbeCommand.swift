import ArgumentParser
import Foundation
import Gateway

/// `openclaw gateway probe`: ask an address whether an OpenClaw gateway answers there, and which one.
public struct GatewayProbeCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Probe HOST:PORT with the gateway identity handshake (exit 0 a gateway answered, 3 none).")

    @Option(help: "Host to probe (default: 127.0.0.1 and ::1).")
    public var host: String?
    @OptionGroup public var port: PortOption
    @OptionGroup public var json: JSONOption

    @Option(help: "Timeout in milliseconds.")
    public var timeout: Int = 500

    public init() {}

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
