import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A container booted with a real systemd (`scripts/debian-root`: a Debian bookworm root made once and cached under
/// /var/cache/openclaw-netprobe, booted as a throwaway overlay with `systemd-nspawn -b --volatile=overlay
/// --private-network`), for the tests under a real systemd. Root only.
///
/// The locally built `openclaw` is bind-mounted read-only at `/usr/local/bin/openclaw`, with the Swift runtime it
/// links (the directory `ldd` resolves `libswiftCore.so` to, at the same path). Commands run inside through
/// `nsenter` into every namespace of the container's PID 1; as a user through `runuser` with that user's
/// `XDG_RUNTIME_DIR`. `powerOff()` (and `deinit`, for a test that failed before it) stops the container and undoes
/// its cgroups and state (`debian-root stop`).
public final class BootedSystemd: Sendable {
    public let name: String
    public let leader: Int32
    private let stopped = Mutex(false)

    /// `scripts/debian-root` of this checkout.
    public static var script: String { Fixtures.repositoryRoot.appendingPathComponent("scripts/debian-root").path }
    /// The extra packages of the tests' root: the libraries the built binary links besides glibc and the Swift runtime.
    public static let packages = "libnl-3-200,libnl-route-3-200"

    private static let rootPath = Mutex<String?>(nil)
    private static let counter = Mutex(0)

    /// The root, made at most once per test process (and reused across runs: the script caches it; concurrent
    /// makers wait on its lock). Costs 35-200 s the first time on this kind of machine, nothing after.
    public static func root() async throws -> String {
        if let path = rootPath.withLock({ $0 }) { return path }
        let made = try await SpawnedChild.run(script, ["make", "--include", packages], timeout: TestDeadline.scaled(.seconds(900)))
        let path = made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard made.status == 0, path.hasPrefix("/") else { throw Failure("debian-root make failed: \(made)") }
        rootPath.withLock { $0 = path }
        return path
    }

    /// The Swift runtime directory the built `openclaw` links (`ldd`: the directory `libswiftCore.so` resolves to).
    public static func swiftRuntimeDirectory() async throws -> String? {
        let ldd = try await SpawnedChild.run("/usr/bin/ldd", [GatewayTestSupport.openclawBinary])
        for line in ldd.stdout.split(separator: "\n") where line.contains("libswiftCore.so => ") {
            guard let path = line.split(separator: " ").first(where: { $0.hasSuffix("/libswiftCore.so") }) else { continue }
            return (String(path) as NSString).deletingLastPathComponent
        }
        return nil
    }

    private init(name: String, leader: Int32) {
        self.name = name
        self.leader = leader
    }

    /// Boots a fresh overlay of the root and waits until `systemctl is-system-running` says running (or degraded).
    /// `bindOpenclaw`: bind the built `openclaw` and its Swift runtime in (a package test installs its own instead);
    /// `options`: more `debian-root boot` options (`--network host` reaches the package archive, `--bind-ro SRC:DST`).
    public static func boot(bindOpenclaw: Bool = true, options: [String] = []) async throws -> BootedSystemd {
        let root = try await root()
        var arguments = options
        if bindOpenclaw {
            guard let runtime = try await swiftRuntimeDirectory() else { throw Failure("libswiftCore.so not found in ldd of the built openclaw") }
            arguments += ["--bind-ro", runtime, "--bind-ro", GatewayTestSupport.openclawBinary + ":/usr/local/bin/openclaw"]
        }
        let n = counter.withLock { value -> Int in value += 1; return value }
        let name = "oc-test-\(getpid())-\(n)"
        let booted = try await SpawnedChild.run(script, ["boot", name, "--root", root] + arguments,
                                                timeout: TestDeadline.scaled(.seconds(120)))
        guard booted.status == 0, let leader = Int32(booted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            _ = try? await SpawnedChild.run(script, ["stop", name])
            throw Failure("debian-root boot failed: \(booted)")
        }
        return BootedSystemd(name: name, leader: leader)
    }

    deinit {
        if !stopped.withLock({ $0 }) { _ = try? SpawnedChild.runBlocking(Self.script, ["stop", name], timeout: .seconds(60)) }
    }

    /// Powers the container off (SIGRTMIN+3 to its PID 1) and removes its cgroups and state; the stop's result.
    @discardableResult
    public func powerOff() async throws -> ChildResult {
        let result = try await SpawnedChild.run(Self.script, ["stop", name], timeout: TestDeadline.scaled(.seconds(60)))
        stopped.withLock { $0 = true }
        return result
    }

    /// `nsenter -t LEADER -a -- COMMAND...` as root, or through `runuser -u USER -- env XDG_RUNTIME_DIR=... HOME=...`.
    public static func commandLine(leader: Int32, user: User?, _ command: [String]) -> [String] {
        var line = ["-t", String(leader), "-a", "--"]
        if let user {
            line += ["/usr/sbin/runuser", "-u", user.name, "--", "/usr/bin/env", "XDG_RUNTIME_DIR=/run/user/\(user.uid)",
                     "HOME=/home/\(user.name)", "PATH=/usr/local/bin:/usr/bin:/bin"]
        }
        return line + command
    }

    /// Runs a command inside (as root, or as `user`).
    public func run(_ command: [String], as user: User? = nil, timeout: Duration = TestDeadline.process) async throws -> ChildResult {
        try await SpawnedChild.run("/usr/bin/nsenter", Self.commandLine(leader: leader, user: user, command),
                                   environment: ["PATH": "/usr/bin:/bin:/usr/sbin:/sbin"], timeout: timeout)
    }

    /// `/bin/sh -c SCRIPT` inside.
    public func shell(_ script: String, as user: User? = nil) async throws -> ChildResult {
        try await run(["/bin/sh", "-c", script], as: user)
    }

    /// A user inside.
    public struct User: Sendable {
        public let name: String
        public let uid: Int
    }

    /// `useradd -m NAME`, and with `linger`, `loginctl enable-linger NAME` and a wait for the user manager
    /// (`systemctl --user is-system-running`).
    public func addUser(_ name: String, linger: Bool) async throws -> User {
        let made = try await shell("useradd -m \(name) && id -u \(name)")
        guard made.status == 0, let uid = Int(made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw Failure("useradd \(name): \(made)")
        }
        let user = User(name: name, uid: uid)
        guard linger else { return user }
        let enabled = try await run(["loginctl", "enable-linger", name])
        guard enabled.status == 0 else { throw Failure("enable-linger: \(enabled)") }
        let clock = ContinuousClock(), deadline = clock.now + TestDeadline.scaled(.seconds(30))
        while clock.now < deadline {
            let state = try await run(["systemctl", "--user", "is-system-running"], as: user)
            if ["running", "degraded"].contains(state.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) { return user }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Failure("the user manager of \(name) did not start")
    }

    /// `systemctl --user show -p PROPS UNIT` as `user`, parsed.
    public func show(_ unit: String, as user: User, _ properties: [String]) async throws -> [String: String] {
        let shown = try await run(["systemctl", "--user", "show", "-p", properties.joined(separator: ","), unit], as: user)
        var values: [String: String] = [:]
        for line in shown.stdout.split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            values[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        return values
    }

    /// Polls `show` until `condition` holds (every 100 ms, up to `timeout`); the last values.
    public func waitFor(
        _ unit: String, as user: User, _ properties: [String], timeout: Duration = TestDeadline.scaled(.seconds(60)),
        until condition: ([String: String]) -> Bool
    ) async throws -> [String: String] {
        let clock = ContinuousClock(), deadline = clock.now + timeout
        var values = try await show(unit, as: user, properties)
        while !condition(values) && clock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            values = try await show(unit, as: user, properties)
        }
        return values
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }
}
