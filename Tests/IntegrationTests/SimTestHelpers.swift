import Foundation
import Testing

/// A JSON object as `ip -j` prints it.
typealias SimJSONObject = [String: Any]

/// Splits output made of `@@name` marker lines followed by content into a dictionary name -> content.
func simSections(_ output: String) -> [String: String] {
    var result: [String: String] = [:]
    var current: String?
    var lines: [Substring] = []
    for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
        if line.hasPrefix("@@") {
            if let name = current { result[name] = lines.joined(separator: "\n") }
            current = String(line.dropFirst(2))
            lines = []
        } else {
            lines.append(line)
        }
    }
    if let name = current { result[name] = lines.joined(separator: "\n") }
    return result
}

/// A shell script that prints `@@name` and then the output of each command.
func simSectionScript(_ commands: KeyValuePairs<String, String>) -> [String] {
    let body = commands.map { "echo @@\($0.key); \($0.value)" }.joined(separator: "; ")
    return ["/bin/sh", "-c", body]
}

/// Parses an `ip -j` array.
func simJSONArray(_ text: String?, _ what: String) throws -> [SimJSONObject] {
    let data = Data((text ?? "").utf8)
    let value = try JSONSerialization.jsonObject(with: data)
    return try #require(value as? [SimJSONObject], "\(what) is not a JSON array of objects: \(text ?? "nil")")
}

/// One policy rule reduced to the fields the signatures use.
struct SimRule: Hashable, CustomStringConvertible {
    let priority: Int
    let iif: String?
    let ipproto: String?
    let table: String
    let hasSelector: Bool

    init(_ object: SimJSONObject) {
        priority = object["priority"] as? Int ?? -1
        iif = object["iif"] as? String
        ipproto = (object["ipproto"] as? String).map { $0.replacingOccurrences(of: "ipproto-", with: "") }
        table = object["table"] as? String ?? "?"
        hasSelector = object["dst"] != nil || (object["src"] as? String).map { $0 != "all" } ?? false
            || object["fwmark"] != nil || object["dport"] != nil
    }

    init(_ priority: Int, iif: String? = nil, ipproto: String? = nil, table: String) {
        self.priority = priority
        self.iif = iif
        self.ipproto = ipproto
        self.table = table
        self.hasSelector = false
    }

    var description: String { "\(priority): iif \(iif ?? "-") ipproto \(ipproto ?? "-") lookup \(table)" }
}

/// The three rules every Linux network namespace starts with.
let simDefaultRules = [SimRule(0, table: "local"), SimRule(32766, table: "main"), SimRule(32767, table: "default")]

/// WSL's mirrored-mode rules for one mirrored interface (`eth0`), in `ip rule` order.
let simMirroredRules: [SimRule] = [
    SimRule(0, iif: "loopback0", ipproto: "tcp", table: "local"),
    SimRule(0, iif: "loopback0", ipproto: "udp", table: "local"),
    SimRule(0, iif: "eth0", ipproto: "tcp", table: "local"),
    SimRule(0, iif: "eth0", ipproto: "udp", table: "local"),
    SimRule(1, ipproto: "tcp", table: "127"),
    SimRule(1, ipproto: "udp", table: "127"),
    SimRule(1, ipproto: "tcp", table: "128"),
    SimRule(1, ipproto: "udp", table: "128"),
    SimRule(2, table: "local"),
    SimRule(32766, table: "main"),
    SimRule(32767, table: "default"),
]

/// Bash client for a plain HTTP GET through /dev/tcp (no curl needed), bounded by `timeout`: the bound only ends a
/// hang (an answer or a refusal ends it at once), so it is generous for a loaded machine.
func simHTTPGet(_ host: String, _ port: UInt16, seconds: Int = 60) -> String {
    "timeout \(seconds) bash -c 'exec 3<>/dev/tcp/\(host)/\(port) && printf \"GET / HTTP/1.1\\r\\nHost: x\\r\\n"
        + "Connection: close\\r\\n\\r\\n\" >&3 && cat <&3'"
}

/// The `Server:` header of an HTTP answer, if any.
func simServerHeader(_ response: String?) -> String? {
    guard let response else { return nil }
    for line in response.split(whereSeparator: \.isNewline) where line.lowercased().hasPrefix("server:") {
        return line.dropFirst("server:".count).trimmingCharacters(in: .whitespaces)
    }
    return nil
}

/// True while process `pid` exists and is not a zombie (an exited child not yet reaped by its new parent, e.g. PID 1).
func simProcessAlive(_ pid: Int32) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return false }
    let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
    return state != nil && state != "Z" && state != "X"
}
