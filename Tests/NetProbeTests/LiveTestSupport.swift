import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program to completion and returns what it printed; throws on a non-zero exit.
enum LiveShell {
    struct Failure: Error, CustomStringConvertible {
        var command: [String]
        var status: Int32
        var stderr: String
        var description: String { "`\(command.joined(separator: " "))` exited \(status): \(stderr)" }
    }

    /// `ip` from the usual sbin/bin directories (tests may run with a PATH lacking /usr/sbin).
    static let ipPath: String = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"]
        .first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/sbin/ip"

    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let result = try SpawnedChild.runBlocking(
            executable, arguments, environment: ChildEnvironment.clean(extra: ["PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]))
        guard result.status == 0, !result.timedOut else {
            throw Failure(command: [executable] + arguments, status: result.status, stderr: result.stderr)
        }
        return result.stdout
    }

    @discardableResult
    static func ip(_ arguments: String...) throws -> String { try run(ipPath, arguments) }

    /// Parses `ip -j ...` output (an array of objects).
    static func json(_ text: String) throws -> [[String: Any]] {
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(value as? [[String: Any]], "ip -j printed no JSON array: \(text)")
    }
}

/// A throwaway network namespace (`ip netns add`), named uniquely per test; call `delete()` in a `defer`.
struct LiveTestNamespace {
    let name: String
    var path: String { "/run/netns/\(name)" }

    /// Creates the namespace with `lo` up and IPv6 duplicate address detection off, so addresses
    /// (and their routes) are final at once and `ip` and netlink see the same table.
    static func create(_ label: String) throws -> LiveTestNamespace {
        let name = "npl-\(label)-\(getpid())-\(UInt32.random(in: 0...UInt32.max) % 100_000)"
        try LiveShell.ip("netns", "add", name)
        let namespace = LiveTestNamespace(name: name)
        do {
            try namespace.sh(
                "echo 0 > /proc/sys/net/ipv6/conf/all/accept_dad; echo 0 > /proc/sys/net/ipv6/conf/default/accept_dad")
            try namespace.ip("link", "set", "lo", "up")
        } catch {
            namespace.delete()
            throw error
        }
        return namespace
    }

    /// `ip -n NAME ...`.
    @discardableResult
    func ip(_ arguments: String...) throws -> String { try LiveShell.run(LiveShell.ipPath, ["-n", name] + arguments) }

    /// `ip -n NAME -j ...`, parsed.
    func json(_ arguments: String...) throws -> [[String: Any]] {
        try LiveShell.json(LiveShell.run(LiveShell.ipPath, ["-n", name, "-j"] + arguments))
    }

    /// A shell command run inside the namespace (`ip netns exec NAME sh -c ...`).
    @discardableResult
    func sh(_ script: String) throws -> String {
        try LiveShell.run(LiveShell.ipPath, ["netns", "exec", name, "/bin/sh", "-c", script])
    }

    func delete() {
        _ = try? LiveShell.ip("netns", "delete", name)
    }
}


/// A temporary directory removed by `remove()`.
struct LiveTemporaryTree {
    let root: String

    /// Throws nothing today (`TestDirectory.make` falls back to `createDirectory`); kept throwing for its callers.
    init(_ label: String) throws {
        root = TestDirectory.make("netprobe-\(label)", mode: 0o700)
    }

    /// Writes `text` at `relative`, creating parent directories.
    func write(_ relative: String, _ text: String, mode: Int = 0o644) throws {
        let url = URL(fileURLWithPath: root + "/" + relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        // O_CLOEXEC: a process forked meanwhile by another test must not keep the file open for
        // writing, or executing it fails with ETXTBSY.
        let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode_t(mode))
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown) }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw CocoaError(.fileWriteUnknown) }
        guard fchmod(fd, mode_t(mode)) == 0 else { throw CocoaError(.fileWriteNoPermission) }
    }

    func makeDirectory(_ relative: String) throws {
        try FileManager.default.createDirectory(atPath: root + "/" + relative, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
}

/// Compares two lists as multisets and records what is missing from or extra in `ours`, line by line.
func liveExpectSameLines(_ ours: [String], _ theirs: [String], _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    var remaining = theirs
    var extra: [String] = []
    for line in ours {
        if let index = remaining.firstIndex(of: line) { remaining.remove(at: index) } else { extra.append(line) }
    }
    if !remaining.isEmpty || !extra.isEmpty {
        Issue.record("""
            \(what): netlink has \(ours.count), ip has \(theirs.count)
            missing from netlink:\n  \(remaining.joined(separator: "\n  "))
            only in netlink:\n  \(extra.joined(separator: "\n  "))
            """, sourceLocation: sourceLocation)
    }
}
