import NetProbe
import Testing
import TestSupport

/// `curl.exe`'s answer read as a probe outcome: the exit statuses and outputs of real curl runs (the simulator's
/// stand-in runs Linux's curl; Windows' curl.exe has the same exit statuses and messages), plus every byte string.
@Suite("WindowsCurl: curl.exe's answer as a probe outcome")
struct WindowsCurlTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test("the arguments: --noproxy *, HTTP/1.0 without Host, the identity path, IPv6 in brackets, seconds with three decimals")
    func arguments() {
        let v4 = WindowsCurl.arguments(host: "127.0.0.1", port: 18789, maxTime: .milliseconds(1200))
        #expect(v4 == ["--noproxy", "*", "-s", "-S", "-i", "--http1.0", "-H", "Host:", "--connect-timeout", "1.200", "--max-time", "1.200",
                       "http://127.0.0.1:18789/__openclaw__/identity"])
        #expect(WindowsCurl.arguments(host: "::1", port: 1, maxTime: .milliseconds(5)).last == "http://[::1]:1/__openclaw__/identity")
        #expect(WindowsCurl.arguments(host: "localhost", port: 2, maxTime: .seconds(3))[9] == "3.000")
        #expect(WindowsCurl.arguments(host: "localhost", port: 2, maxTime: .milliseconds(5))[9] == "0.100", "at least 100 ms")
    }

    @Test("exit 0 with the identity document: a gateway with its identity; with another answer: http-not-websocket")
    func http() {
        let body = #"{"service":"openclaw-gateway","instanceId":"inst-7","version":"1.0","port":18789}"#
        let identity = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        #expect(WindowsCurl.outcome(stdout: Self.bytes(identity), stderr: "", exitStatus: 0, timedOut: false)
                == .gateway(identity: GatewayIdentity(instanceId: "inst-7", version: "1.0", port: 18789), isSelf: false))
        let notFound = "HTTP/1.1 404 Not Found\r\nServer: WindowsDevServer/1.0\r\nContent-Length: 0\r\n\r\n"
        #expect(WindowsCurl.outcome(stdout: Self.bytes(notFound), stderr: "", exitStatus: 0, timedOut: false)
                == .httpNotWebSocket(status: 404, server: "WindowsDevServer/1.0"))
        // A 200 that is not the identity document (a single-page app) is not a gateway.
        let page = "HTTP/1.0 200 OK\r\nServer: SPA\r\n\r\n<html>"
        #expect(WindowsCurl.outcome(stdout: Self.bytes(page), stderr: "", exitStatus: 0, timedOut: false)
                == .httpNotWebSocket(status: 200, server: "SPA"))
        #expect(WindowsCurl.outcome(stdout: Self.bytes("SSH-2.0-OpenSSH"), stderr: "", exitStatus: 0, timedOut: false).category == .notAGateway)
    }

    @Test("curl's failures: 7 refused (or its message's timeout / unreachable), 28 and a kill are timeouts, 52/56 resets, 6 unresolvable")
    func failures() {
        func outcome(_ status: Int32?, _ stderr: String, killed: Bool = false) -> ProbeOutcome {
            WindowsCurl.outcome(stdout: [], stderr: stderr, exitStatus: status, timedOut: killed)
        }
        #expect(outcome(7, "curl: (7) Failed to connect to 127.0.0.1 port 18789 after 0 ms: Couldn't connect to server") == .refused)
        #expect(outcome(7, "curl: (7) Failed to connect to ::1 port 18789 after 0 ms: Connection refused\r\n") == .refused)
        #expect(outcome(7, "curl: (7) Failed to connect to 10.0.0.1 port 80 after 3001 ms: Timed out") == .timeout)
        #expect(outcome(7, "curl: (7) Failed to connect to 10.0.0.1 port 80 after 1 ms: Network is unreachable")
                == .unreachable(error: "curl: (7) Failed to connect to 10.0.0.1 port 80 after 1 ms: Network is unreachable"))
        #expect(outcome(28, "curl: (28) Operation timed out after 1200 milliseconds with 0 bytes received") == .timeout)
        #expect(outcome(nil, "", killed: true) == .timeout)
        #expect(outcome(0, "", killed: true) == .timeout, "killed at the deadline wins over a status")
        #expect(outcome(52, "curl: (52) Empty reply from server") == .reset)
        #expect(outcome(56, "curl: (56) Recv failure: Connection reset by peer") == .reset)
        #expect(outcome(6, "curl: (6) Could not resolve host: localhost") == .unreachable(error: "curl: (6) Could not resolve host: localhost"))
        #expect(outcome(2, "") == .notHTTP(preview: "curl exit status 2"))
    }

    @Test("property: any output, status and message gives an outcome, never a crash; exit 0 never reads as refused")
    func anyInput() {
        var generator = SeededGenerator(seed: 20)
        for _ in 0..<2000 {
            let length = Int.random(in: 0..<200, using: &generator)
            var stdout = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if Bool.random(using: &generator) { stdout = Array("HTTP/1.1 200 OK\r\n".utf8) + stdout }
            let stderr = String(decoding: (0..<Int.random(in: 0..<60, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }, as: UTF8.self)
            let status: Int32? = Bool.random(using: &generator) ? Int32.random(in: -1...100, using: &generator) : nil
            let outcome = WindowsCurl.outcome(stdout: stdout, stderr: stderr, exitStatus: status, timedOut: false)
            if status == 0 { #expect(outcome.category != .noListener) }
            if status == nil { #expect(outcome == .timeout) }
        }
    }
}
