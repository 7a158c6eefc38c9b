import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A simulated machine's network and file-system layout (`scripts/wsl-sim --layout`).
public enum SimLayout: String, Sendable, CaseIterable {
    /// Plain Linux: `eth0` on 192.168.50.0/24, the default three rules.
    case native
    /// WSL2 NAT: `eth0` with a Hyper-V MAC, 172.28.16.5/20, WSL2 kernel strings, WSLInterop, `/run/WSL`.
    case wsl2NAT = "wsl2-nat"
    /// WSL2 mirrored: `loopback0`, WSL's 0/1/2 rules, table 127, the permanent neighbour, a "Windows" namespace.
    case wsl2Mirrored = "wsl2-mirrored"
    /// A Docker-like container: native networking (172.17.0.2/16) plus `/.dockerenv`.
    case container
}

/// Extra state on top of a layout (`scripts/wsl-sim --scenario`).
public enum SimScenario: String, Sendable, CaseIterable {
    /// Nothing else.
    case clean
    /// A "Windows" program answers plain HTTP 404 (`Server: WindowsDevServer/1.0`) on 0.0.0.0:PORT in the peer namespace.
    case windowsListener = "windows-listener"
    /// SYNs to 127.0.0.1:PORT are dropped, so a connect times out instead of being refused.
    case closedPortHang = "closed-port-hang"
    /// A foreign Linux program (`Server: ForeignLinuxApp/1.0`) holds 127.0.0.1:PORT in the guest; pid in
    /// `$SIM_DIR/foreign.pid`.
    case linuxForeignListener = "linux-foreign-listener"
    /// WSL2 NAT without WSL's localhost relay: `.wslconfig` `[wsl2] localhostForwarding=false` under
    /// `/mnt/c/Users/sim/`, and no relay in the "Windows" namespace.
    case noLocalhostForwarding = "no-localhost-forwarding"
}

/// Swift front end of `scripts/wsl-sim`: runs commands inside simulated machines built from network and mount
/// namespaces. Needs root; gate callers with `Privilege`.
public enum SimMachine {
    /// Absolute path of `scripts/wsl-sim` in this checkout.
    public static let scriptPath: String = Fixtures.repositoryRoot.appendingPathComponent("scripts/wsl-sim").path

    /// The port the scenarios use when none is given (OpenClaw's gateway port).
    public static let defaultPort: UInt16 = 18789

    /// Exit status of `wsl-sim` for its own failures (bad arguments, setup errors).
    public static let simulatorFailureStatus: Int32 = 125

    /// Deadline of one simulator command (`run`, `up`, `exec`, `down`): every call ends when the command does, so this
    /// only bounds a hang. Generous, since setup on a 2-core machine shared with parallel builds and test suites has
    /// taken over two minutes (`TEST_DEADLINE_SCALE` scales it).
    public static var deadline: Duration { TestDeadline.scaled(.seconds(600)) }

    /// Runs `body` while holding the simulator's machine-wide lock (`flock(2)` on the directory of the state
    /// directories, `/tmp`; `scripts/wsl-sim`'s `lock`), so no `wsl-sim` of any checkout creates, tears down or
    /// cleans leftovers meanwhile. `body` must not start `wsl-sim` itself (it would wait for this lock).
    /// Blocks the calling thread while another `wsl-sim` holds the lock (its leftover cleaning: seconds at most).
    public static func holdingLock<T>(_ body: () throws -> T) throws -> T {
        let fd = open("/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw SimError.lockFailed(errno: errno) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw SimError.lockFailed(errno: errno) }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    /// A fresh simulation id (`t` + 8 random lowercase letters and digits), unique enough for parallel tests.
    public static func uniqueID() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return "t" + String((0..<8).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    }

    /// Builds the machine, runs `command` in the guest, tears everything down; returns the command's status and
    /// output (status 125: the simulator itself failed; see stderr).
    public static func run(
        layout: SimLayout,
        scenario: SimScenario = .clean,
        port: UInt16 = defaultPort,
        id: String? = nil,
        command: [String],
        timeout: Duration = deadline
    ) async throws -> ChildResult {
        try await SpawnedChild.run(
            scriptPath, ["run"] + options(layout, scenario, port, id ?? uniqueID()) + ["--"] + command,
            timeout: timeout)
    }

    /// Builds a machine that stays up until `SimSession.down()`, for tests that need several commands.
    public static func up(
        layout: SimLayout,
        scenario: SimScenario = .clean,
        port: UInt16 = defaultPort,
        id: String? = nil
    ) async throws -> SimSession {
        let id = id ?? uniqueID()
        let result = try await SpawnedChild.run(
            scriptPath, ["up"] + options(layout, scenario, port, id), timeout: deadline)
        guard result.status == 0 else { throw SimError.setupFailed(result) }
        return SimSession(id: id)
    }

    /// Brings a machine up, runs `body`, and always tears the machine down.
    public static func with<T: Sendable>(
        layout: SimLayout,
        scenario: SimScenario = .clean,
        port: UInt16 = defaultPort,
        _ body: (SimSession) async throws -> T
    ) async throws -> T {
        let session = try await up(layout: layout, scenario: scenario, port: port)
        do {
            let value = try await body(session)
            try await session.down()
            return value
        } catch {
            try? await session.down()
            throw error
        }
    }

    private static func options(_ layout: SimLayout, _ scenario: SimScenario, _ port: UInt16, _ id: String) -> [String] {
        ["--layout", layout.rawValue, "--scenario", scenario.rawValue, "--port", String(port), "--id", id]
    }
}

/// A machine started with `SimMachine.up`; its objects carry `id` (`wsim-ID-g`, `wsim-ID-w`, `/tmp/wsl-sim.ID`).
public struct SimSession: Sendable {
    public let id: String

    /// The state directory exported to guest commands as `SIM_DIR`.
    public var stateDirectory: String { "/tmp/wsl-sim.\(id)" }

    /// Runs `command` in the guest (its network namespace and a fresh private mount namespace with the layout's files).
    public func exec(_ command: [String], timeout: Duration = SimMachine.deadline) async throws -> ChildResult {
        try await SpawnedChild.run(SimMachine.scriptPath, ["exec", "--id", id, "--"] + command, timeout: timeout)
    }

    /// Runs `command` in the peer namespace (the LAN router, or "Windows" in the mirrored layout).
    public func execWindows(_ command: [String], timeout: Duration = SimMachine.deadline) async throws -> ChildResult {
        try await SpawnedChild.run(
            SimMachine.scriptPath, ["exec", "--id", id, "--windows", "--"] + command, timeout: timeout)
    }

    /// Tears the machine down (processes, namespaces, state directory).
    public func down() async throws {
        let result = try await SpawnedChild.run(SimMachine.scriptPath, ["down", "--id", id], timeout: SimMachine.deadline)
        guard result.status == 0 else { throw SimError.teardownFailed(result) }
    }
}

/// Failures of the simulator itself.
public enum SimError: Error, CustomStringConvertible {
    case setupFailed(ChildResult)
    case teardownFailed(ChildResult)
    /// `open(2)` or `flock(2)` of `/tmp` failed (`SimMachine.holdingLock`).
    case lockFailed(errno: Int32)

    public var description: String {
        switch self {
        case .setupFailed(let result): "wsl-sim up failed: \(result)"
        case .teardownFailed(let result): "wsl-sim down failed: \(result)"
        case .lockFailed(let code): "cannot lock /tmp (the simulator's lock): \(String(cString: strerror(code)))"
        }
    }
}
