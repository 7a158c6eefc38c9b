import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Helpers for gateway tests: the built `openclaw` binary, free ports, temporary directories and child processes.
public enum GatewayTestSupport {
    /// `.build/debug/openclaw` of this checkout (built by `swift build --build-tests`).
    public static var openclawBinary: String {
        Fixtures.repositoryRoot.appendingPathComponent(".build/debug/openclaw").path
    }

    /// A port that was free a moment ago: bind 127.0.0.1:0 and [::1]:0-free check, then close.
    public static func freePort() -> UInt16 {
        for _ in 0..<50 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
            _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
            close(fd)
            let port = UInt16(bigEndian: address.sin_port)
            if port >= 1024 { return port }
        }
        return UInt16.random(in: 30000...60000)
    }

    /// A fresh temporary directory.
    public static func temporaryDirectory(_ prefix: String = "gw") -> String {
        let path = NSTemporaryDirectory() + "\(prefix)-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The environment for child gateways: no `XDG_RUNTIME_DIR` (so locks go under the test's state dir) and no token.
    public static func childEnvironment(extra: [String: String] = [:]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "XDG_RUNTIME_DIR")
        env.removeValue(forKey: "OPENCLAW_GATEWAY_TOKEN")
        env.removeValue(forKey: "OPENCLAW_STATE_DIR")
        for key in ["OPENCLAW_GATEWAY_PORT", "OPENCLAW_GATEWAY_BIND", "OPENCLAW_GATEWAY_BIND_HOST"] { env.removeValue(forKey: key) }
        for (k, v) in extra { env[k] = v }
        return env
    }
}

/// A child process whose standard output and error are collected, with waits that never hang forever.
public final class ChildProcess: @unchecked Sendable {
    public let process = Process()
    private let lock = NSLock()
    private var outData = Data()
    private var errData = Data()
    private let outPipe = Pipe()
    private let errPipe = Pipe()

    public init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardOutput = outPipe
        process.standardError = errPipe
        outPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.lock.withLock { self?.outData.append(data) }
        }
        errPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.lock.withLock { self?.errData.append(data) }
        }
        try process.run()
    }

    public var pid: Int32 { process.processIdentifier }
    public var stdout: String { lock.withLock { String(decoding: outData, as: UTF8.self) } }
    public var stderr: String { lock.withLock { String(decoding: errData, as: UTF8.self) } }

    /// Waits until standard output contains `text`, or the process exits, or `timeout` passes.
    @discardableResult
    public func waitForOutput(_ text: String, timeout: Duration = .seconds(20)) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if stdout.contains(text) { return true }
            if !process.isRunning { return stdout.contains(text) }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    /// Waits for exit; nil when it is still running after `timeout`.
    public func waitForExit(timeout: Duration = .seconds(20)) async -> Int32? {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if !process.isRunning {
                // Let the readability handlers drain.
                try? await Task.sleep(for: .milliseconds(50))
                return process.terminationStatus
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    public func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Kills the process if it still runs (test clean-up).
    public func terminate() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    deinit { terminate() }
}
