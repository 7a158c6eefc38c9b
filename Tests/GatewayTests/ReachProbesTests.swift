import Foundation
import NetProbe
import Testing
@testable import Gateway
import GatewayLive
@testable import GatewayServer
#if canImport(Glibc)
import Glibc
#endif

/// The Linux edge of the reachability matrix against real sockets: what it reports is the kernel's answer.
@Suite("Reachability probes (real sockets)")
struct ReachProbesTests {
    /// A listener on `0.0.0.0:port` that answers every connection `HTTP/1.1 404` (a program that is not a gateway).
    final class HTTPListener: @unchecked Sendable {
        let fd: Int32
        let port: UInt16

        init() throws {
            let listenFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            var one: Int32 = 1
            _ = setsockopt(listenFD, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = 0
            address.sin_addr.s_addr = INADDR_ANY
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listenFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listenFD, $0, &length) }
            }
            guard bound == 0, listen(listenFD, 16) == 0 else {
                close(listenFD)
                throw POSIXError(.EADDRINUSE)
            }
            fd = listenFD
            port = UInt16(bigEndian: address.sin_port)
            let listener = fd
            let thread = Thread {
                while true {
                    let client = accept(listener, nil, nil)
                    if client < 0 { return }
                    var buffer = [UInt8](repeating: 0, count: 4096)
                    _ = read(client, &buffer, buffer.count)
                    let answer = Array("HTTP/1.1 404 Not Found\r\nServer: ReachTest/1.0\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8)
                    _ = answer.withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
                    close(client)
                }
            }
            thread.start()
        }

        func stop() {
            shutdown(fd, Int32(SHUT_RDWR))
            close(fd)
        }
    }

    @Test("a program on 0.0.0.0 answers 127.0.0.1 and 127.0.0.2 (and the LAN address); ::1 is refused; Windows rows are not tried")
    func realAnswers() throws {
        let listener = try HTTPListener()
        defer { listener.stop() }
        let observations = ReachProbes.run(port: listener.port, options: ReachProbes.Options(timeout: .milliseconds(500), windowsNotAsked: "not asked here"))
        func outcome(_ source: ReachSource, _ role: ReachRole) -> ProbeOutcome? {
            observations.first { $0.target.source == source && $0.target.role == role }?.result?.outcome
        }
        let http404 = ProbeOutcome.httpNotWebSocket(status: 404, server: "ReachTest/1.0")
        #expect(outcome(.linux, .loopback) == http404)
        #expect(outcome(.linux, .secondLoopback) == http404)
        #expect(outcome(.linux, .ipv6Loopback)?.category == .noListener, "\(observations)")
        if let lan = ReachProbes.lanAddress() {
            #expect(observations.contains { $0.target.role == .lanAddress && $0.target.host == lan })
            #expect(outcome(.linux, .lanAddress) == http404)
        }
        let windows = observations.filter { $0.target.source == .windows }
        #expect(windows.count >= 3 && windows.allSatisfy { $0.notTried == "not asked here" && $0.result == nil })
    }

    @Test("nothing listening: every Linux row is refused (or unreachable), promptly")
    func nothingListens() throws {
        let listener = try HTTPListener()
        let port = listener.port
        listener.stop()
        let observations = ReachProbes.run(port: port, options: ReachProbes.Options(timeout: .milliseconds(500)))
        let linux = observations.filter { $0.target.source == .linux }
        #expect(linux.count >= 3)
        #expect(linux.allSatisfy { $0.result?.outcome.category == .noListener }, "\(linux)")
    }
}
