import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Issue 9, item 1: every write to standard output or standard error ends cleanly when it fails. The real binaries
/// with fd 1 closed (`>&-`), on `/dev/full` (ENOSPC), and on a pipe whose reader went away (EPIPE): the doctor
/// exits 2 with `output-unwritable`, `capture -o` and `gateway unit` exit non-zero naming the path, and a running
/// gateway keeps serving and stops cleanly on SIGTERM. No run may end by a signal (the old trap was SIGILL).
@Suite("output faults end cleanly", .serialized)
struct OutputFaultEndToEndTests {
    static var snapshot: String { Fixtures.path("captures/native-debian.txt") }

    static func requireBinaries() throws {
        try #require(FileManager.default.isExecutableFile(atPath: DoctorTestSupport.doctorBinary), "build first")
        try #require(FileManager.default.isExecutableFile(atPath: DoctorTestSupport.openclawBinary), "build first")
    }

    static func run(_ executable: String, _ arguments: [String], stdout: StdioFaultProcess.Stream,
                    stderr: StdioFaultProcess.Stream = .captured, home: String? = nil) async throws -> (ending: StdioFaultProcess.Ending?, err: String) {
        let child = try StdioFaultProcess(executable, arguments, environment: ChildEnvironment.clean(home: home),
                                          stdout: stdout, stderr: stderr)
        let ending = await child.waitForExit()
        return (ending, child.stderr)
    }

    @Test("openclaw-doctor (text, --json, --help) on /dev/full and with stdout closed: exit 2, output-unwritable on stderr")
    func doctorOutputUnwritable() async throws {
        try Self.requireBinaries()
        for arguments in [["--snapshot", Self.snapshot], ["--snapshot", Self.snapshot, "--json"], ["--help"]] {
            let full = try await Self.run(DoctorTestSupport.doctorBinary, arguments, stdout: .path("/dev/full"))
            #expect(full.ending == .exited(2), "\(arguments): \(String(describing: full.ending)) \(full.err)")
            #expect(full.err.contains("cannot write standard output (/dev/full): No space left on device"), "\(full.err)")
            let closed = try await Self.run(DoctorTestSupport.doctorBinary, arguments, stdout: .closed)
            #expect(closed.ending == .exited(2), "\(arguments): \(String(describing: closed.ending)) \(closed.err)")
            #expect(closed.err.contains("cannot write standard output (closed)"), "\(closed.err)")
        }
        // `openclaw doctor` is the same command.
        let via = try await Self.run(DoctorTestSupport.openclawBinary, ["doctor", "--snapshot", Self.snapshot, "--json"],
                                     stdout: .path("/dev/full"))
        #expect(via.ending == .exited(2) && via.err.contains("openclaw doctor: cannot write standard output"), "\(via)")
        // With stdout fine and stderr closed, a report that writes nothing to stderr is not an error.
        let quiet = try await Self.run(DoctorTestSupport.doctorBinary, ["--snapshot", Self.snapshot, "--json"],
                                       stdout: .path("/dev/null"), stderr: .closed)
        #expect(quiet.ending == .exited(0) || quiet.ending == .exited(1), "\(String(describing: quiet.ending))")
    }

    @Test("capture -o /dev/full exits 2 naming /dev/full; gateway unit on /dev/full or closed stdout exits 74 naming it")
    func captureAndUnit() async throws {
        try Self.requireBinaries()
        let capture = try await Self.run(DoctorTestSupport.doctorBinary, ["capture", "-o", "/dev/full"], stdout: .captured)
        #expect(capture.ending == .exited(2), "\(String(describing: capture.ending)) \(capture.err)")
        #expect(capture.err.contains("cannot write /dev/full: No space left on device"), "\(capture.err)")
        #expect(!capture.err.contains("wrote /dev/full"))

        let unitFull = try await Self.run(DoctorTestSupport.openclawBinary, ["gateway", "unit"], stdout: .path("/dev/full"))
        #expect(unitFull.ending == .exited(74), "\(String(describing: unitFull.ending)) \(unitFull.err)")
        #expect(unitFull.err.contains("cannot write standard output (/dev/full)"), "\(unitFull.err)")
        let unitClosed = try await Self.run(DoctorTestSupport.openclawBinary, ["gateway", "unit"], stdout: .closed)
        #expect(unitClosed.ending == .exited(74), "\(String(describing: unitClosed.ending)) \(unitClosed.err)")
        // fd 1 is filled with /dev/null before the runtime opens anything (it once became the runtime's epoll).
        #expect(unitClosed.err.contains("cannot write standard output (closed)"), "\(unitClosed.err)")
        let statusFull = try await Self.run(DoctorTestSupport.openclawBinary,
                                            ["gateway", "status", "--no-probe", "--port", String(DoctorTestSupport.quietPort()),
                                             "--state-dir", TestDirectory.make("fault-status")],
                                            stdout: .path("/dev/full"))
        #expect(statusFull.ending == .exited(74), "\(String(describing: statusFull.ending)) \(statusFull.err)")
    }

    /// Starts `gateway run` with the given standard streams, checks it serves, then SIGTERM: exit 0.
    func gatewayServes(stdout: StdioFaultProcess.Stream, stderr: StdioFaultProcess.Stream,
                       afterStart: () -> Void = {}) async throws {
        let port = TestPorts.free()
        let stateDir = TestDirectory.make("gw-fault")
        let child = try StdioFaultProcess(
            GatewayTestSupport.openclawBinary, ["gateway", "run", "--port", String(port), "--state-dir", stateDir],
            environment: ChildEnvironment.clean(extra: ["LOG_LEVEL": "trace"]), stdout: stdout, stderr: stderr)
        afterStart()
        // Serving is proven by the socket, not by output (which may have nowhere to go).
        var health: (status: Int, body: String)?
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline && child.endedNow == nil {
            if let answer = try? GatewayWireClient.get(host: "127.0.0.1", port: port, path: "/healthz"), answer.status == 200 {
                health = (answer.status, answer.body)
                break
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        if health == nil, let last = try? GatewayWireClient.get(host: "127.0.0.1", port: port, path: "/healthz") {
            health = (last.status, last.body)
        }
        #expect(health?.status == 200, "the gateway must serve; ended: \(String(describing: child.endedNow)) stderr: \(child.stderr)")
        // Keep it logging into the dead stream for a while: several requests, each logged at trace level.
        for _ in 0..<5 { _ = try? GatewayWireClient.get(host: "127.0.0.1", port: port, path: "/healthz") }
        let again = try? GatewayWireClient.get(host: "127.0.0.1", port: port, path: "/healthz")
        #expect(again?.status == 200)
        child.signal(SIGTERM)
        let ending = await child.waitForExit()
        #expect(ending == .exited(0), "SIGTERM must end it cleanly: \(String(describing: ending)) stderr: \(child.stderr)")
    }

    @Test("gateway run with stdout closed keeps serving and exits 0 on SIGTERM")
    func gatewayStdoutClosed() async throws {
        try Self.requireBinaries()
        try await gatewayServes(stdout: .closed, stderr: .captured)
    }

    @Test("gateway run on /dev/full (stdout and stderr) keeps serving and exits 0 on SIGTERM")
    func gatewayDevFull() async throws {
        try Self.requireBinaries()
        try await gatewayServes(stdout: .path("/dev/full"), stderr: .path("/dev/full"))
    }

    @Test("gateway run piped to a reader that exits after the first line (| head -1) keeps serving and exits 0 on SIGTERM")
    func gatewayReaderGone() async throws {
        try Self.requireBinaries()
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let (readEnd, writeEnd) = (fds[0], fds[1])
        // Close-on-exec, so no other child inherits the pipe (posix_spawn's dup2 clears it on the child's fd 1 and 2).
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)
        try await gatewayServes(stdout: .descriptor(writeEnd), stderr: .descriptor(writeEnd)) {
            close(writeEnd)
            // `head -1`: read up to the first newline, then go away.
            var byte: UInt8 = 0
            while read(readEnd, &byte, 1) == 1 && byte != UInt8(ascii: "\n") {}
            close(readEnd)
        }
    }
}
