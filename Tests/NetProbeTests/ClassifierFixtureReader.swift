import Foundation
import NetProbe

/// A test-only reader for this suite's `NAME.json.txt` fixtures (ip sections as `ip -j` arrays), so the
/// classifier can be checked against each fixture's `# expect:` line before the project's capture parser exists.
/// Deliberately small: it reads only what these fixtures hold and fails loudly on anything else.
enum ClassifierFixtureReader {
    struct Expectation: Equatable, CustomStringConvertible {
        var kind: String
        var container: String
        var mode: String
        var confidence: String

        init(kind: String, container: String, mode: String, confidence: String) {
            self.kind = kind
            self.container = container
            self.mode = mode
            self.confidence = confidence
        }

        init(_ verdict: EnvironmentVerdict) {
            kind = verdict.kind.rawValue
            container = verdict.container?.rawValue ?? "-"
            mode = verdict.wslNetworkingMode?.rawValue ?? "-"
            confidence = verdict.confidence.rawValue
        }

        var description: String { "kind=\(kind) container=\(container) mode=\(mode) confidence=\(confidence)" }
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    static func expectation(path: String) throws -> Expectation {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n").filter { $0.hasPrefix("# expect:") }
        guard lines.count == 1, let line = lines.first else { throw Failure(description: "\(path): one # expect: line") }
        var fields: [String: String] = [:]
        for word in line.dropFirst("# expect:".count).split(separator: " ") {
            let pair = word.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { throw Failure(description: "\(path): bad expect field \(word)") }
            fields[String(pair[0])] = String(pair[1])
        }
        guard let kind = fields["kind"], let container = fields["container"], let mode = fields["mode"],
              let confidence = fields["confidence"], fields.count == 4 else {
            throw Failure(description: "\(path): expect needs kind, container, mode, confidence")
        }
        return Expectation(kind: kind, container: container, mode: mode, confidence: confidence)
    }

    static func sections(path: String) throws -> [(String, String)] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var result: [(String, [Substring])] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("### ") {
                result.append((line.dropFirst(4).trimmingCharacters(in: .whitespaces), []))
            } else if !result.isEmpty {
                result[result.count - 1].1.append(line)
            }
        }
        return result.map { name, lines in
            (name, lines.joined(separator: "\n").trimmingCharacters(in: .newlines))
        }
    }

    static func facts(path: String) throws -> MachineFacts {
        var facts = MachineFacts(origin: .capture(path: path))
        for (name, body) in try sections(path: path) {
            guard let section = FactSection(rawValue: name) else { throw Failure(description: "unknown section \(name)") }
            let lines = body.split(separator: "\n").map(String.init)
            switch section {
            case .procVersion: facts.procVersion = body
            case .osRelease: facts.osRelease = body
            case .env:
                var env: [String: String] = [:]
                for line in lines {
                    let pair = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                    env[String(pair[0])] = pair.count > 1 ? String(pair[1]) : ""
                }
                facts.environment = env
            case .paths: facts.paths.existing = Set(lines)
            case .pathsChecked: facts.paths.checked = Set(lines)
            case .wslInterop: facts.wslInterop = body
            case .container: facts.containerManager = body
            case .cgroup: facts.cgroup = body
            case .mountinfo: facts.mountinfo = body
            case .resolvConf: facts.resolvConf = body
            case .hosts: facts.hosts = body
            case .wslinfo: facts.wslinfo = WslinfoResult(output: body)
            case .wslconfig: facts.wslconfig = WslConfigFile(path: facts.origin.describe(.wslconfig), text: body)
            case .sysctl:
                var values: [String: String] = [:]
                for line in lines {
                    let pair = line.split(separator: "=", maxSplits: 1)
                    guard pair.count == 2 else { throw Failure(description: "sysctl line \(line)") }
                    values[pair[0].trimmingCharacters(in: .whitespaces)] = pair[1].trimmingCharacters(in: .whitespaces)
                }
                facts.sysctls = values
            case .ipAddr:
                let (links, addresses) = try addrJSON(body)
                facts.links = links
                facts.addresses = addresses
            case .ipRoute: facts.routes = try array(body).map(route)
            case .ipRule: facts.rules = try array(body).map { try rule($0, family: .inet) }
            case .ipRule6: facts.rules6 = try array(body).map { try rule($0, family: .inet6) }
            case .ipNeigh:
                facts.neighbours = try array(body).map {
                    Neighbour(destination: try string($0, "dst"), device: $0["dev"] as? String,
                              lladdr: $0["lladdr"] as? String, state: $0["state"] as? [String] ?? [])
                }
            case .ipLink, .procNetTCP, .procNetTCP6:
                throw Failure(description: "section \(name) not used by these fixtures")
            }
        }
        return facts
    }

    private static func array(_ body: String) throws -> [[String: Any]] {
        guard let value = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [[String: Any]] else {
            throw Failure(description: "not a JSON array of objects: \(body.prefix(60))")
        }
        return value
    }

    private static func string(_ object: [String: Any], _ key: String) throws -> String {
        guard let value = object[key] as? String else { throw Failure(description: "missing \(key) in \(object)") }
        return value
    }

    private static let addressFlags = ["secondary", "dynamic", "noprefixroute", "nodad", "deprecated", "tentative"]

    private static func addrJSON(_ body: String) throws -> ([Link], [InterfaceAddress]) {
        var links: [Link] = []
        var addresses: [InterfaceAddress] = []
        for object in try array(body) {
            let name = try string(object, "ifname")
            links.append(Link(index: object["ifindex"] as? Int, name: name, flags: object["flags"] as? [String] ?? [],
                              mtu: object["mtu"] as? Int, mac: object["address"] as? String,
                              linkType: object["link_type"] as? String, operState: object["operstate"] as? String))
            for info in object["addr_info"] as? [[String: Any]] ?? [] {
                let family: AddressFamily = try string(info, "family") == "inet6" ? .inet6 : .inet
                guard let length = info["prefixlen"] as? Int else { throw Failure(description: "prefixlen") }
                let label = info["label"] as? String
                addresses.append(InterfaceAddress(
                    interface: name, family: family, local: try string(info, "local"), prefixLength: length,
                    scope: info["scope"] as? String, label: label == name ? nil : label,
                    flags: addressFlags.filter { info[$0] as? Bool == true }))
            }
        }
        return (links, addresses)
    }

    private static func route(_ object: [String: Any]) throws -> Route {
        let destination = try string(object, "dst")
        guard let table = RouteTable.id(object["table"] as? String ?? "main") else { throw Failure(description: "table") }
        return Route(family: destination.contains(":") ? .inet6 : .inet, type: object["type"] as? String ?? "unicast",
                     destination: destination, table: table, gateway: object["gateway"] as? String,
                     device: object["dev"] as? String, protocol_: object["protocol"] as? String,
                     scope: object["scope"] as? String, metric: object["metric"] as? Int,
                     preferredSource: object["prefsrc"] as? String, flags: object["flags"] as? [String] ?? [])
    }

    private static func rule(_ object: [String: Any], family: AddressFamily) throws -> Rule {
        guard let priority = object["priority"] as? Int else { throw Failure(description: "priority") }
        let source = object["src"] as? String
        return Rule(family: family, priority: priority, source: source == "all" ? nil : source,
                    destination: object["dst"] as? String, inputInterface: object["iif"] as? String,
                    outputInterface: object["oif"] as? String, ipProto: object["ipproto"] as? String,
                    destinationPort: (object["dport"] as? Int).map(String.init),
                    table: (object["table"] as? String).flatMap(RouteTable.id), action: object["action"] as? String)
    }
}
