import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

extension ReliabilityTests {
    /// Load: `openclaw-loadclient` (NIO, real sockets) drives 1,000 concurrent WebSocket clients through the full
    /// handshake and a `status` request against one gateway. Memory (VmRSS/VmHWM from /proc/PID/status) and open
    /// descriptors are compared with the idle gateway. Wall-clock speed is reported, never asserted.
    @Suite("load")
    struct Load {
        static let clients = 1000
        static let token = "reliability-load-token"
        /// How far resident memory may stay above idle once the load is over and has settled.
        static let memorySlackKiB = 64 * 1024
        /// How much resident memory 3,000 further connections (after the big load) may add.
        static let steadyGrowthLimitKiB = 5 * 1024

        /// Runs the load client and parses its JSON report.
        static func runLoadClient(_ arguments: [String], bound: Duration = .seconds(200)) async throws -> (status: Int32?, report: [String: Any]?, stderr: String) {
            let child = try SpawnedChild.start(
                ReliabilityGateway.loadClientBinary, arguments + ["--json"], environment: ChildEnvironment.clean())
            let status = await child.waitForExit(timeout: bound)
            let report = try? JSONSerialization.jsonObject(with: Data(child.stdout.utf8)) as? [String: Any]
            return (status, report, child.stderr + (status == nil ? " (load client still running after \(bound))" : ""))
        }

        static func kib(_ value: Int) -> String { String(format: "%.1f MiB", Double(value) / 1024) }

        @Test("1,000 concurrent clients: all complete connect + status; memory and descriptors return to idle")
        func thousandClients() async throws {
            try ReliabilityGateway.requireBinaries()
            ReliabilityProbes.raiseOpenFileLimit()
            let gw = ReliabilityGateway("reliab-load")
            defer { try? FileManager.default.removeItem(atPath: gw.stateDir) }
            let gateway = try gw.start(["--token", Self.token])
            try #require(await gateway.waitForOutput("listening on"), "\(gateway.stderr)")
            let port = String(gw.port)

            // Warm-up (code paths, allocator arenas), then the idle figures.
            let warm = try await Self.runLoadClient(["--port", port, "--clients", "20", "--concurrency", "20", "--token", Self.token])
            #expect(warm.status == 0 && warm.report?["ok"] as? Int == 20, "warm-up: \(String(describing: warm.report)) \(warm.stderr)")
            try await Task.sleep(for: .seconds(1))
            let idle = try #require(ReliabilityProbes.memory(pid: gateway.pid))
            let idleDescriptors = try #require(ReliabilityProbes.openDescriptors(pid: gateway.pid))

            // The load: every client stays open until all have their status answer (--hold), so all 1,000 are
            // connected at the same moment.
            let load = try await Self.runLoadClient([
                "--port", port, "--clients", String(Self.clients), "--concurrency", String(Self.clients), "--hold",
                "--token", Self.token, "--timeout-ms", "120000", "--overall-timeout-ms", "180000",
            ])
            let report = try #require(load.report, "no report: status \(String(describing: load.status)) \(load.stderr)")
            #expect(load.status == 0, "load client exit \(String(describing: load.status)): \(report) \(load.stderr)")
            #expect(report["ok"] as? Int == Self.clients, "\(report)")
            #expect(report["failed"] as? Int == 0 && report["unfinished"] as? Int == 0, "\(report)")
            #expect(report["peakOpen"] as? Int == Self.clients, "not all connections were open at once: \(report)")
            let peak = try #require(ReliabilityProbes.memory(pid: gateway.pid)).peakKiB

            // Settle: the gateway closes its side, frees the sessions; RSS and descriptors go back.
            let clock = ContinuousClock()
            let settleStart = clock.now
            var after = idle
            var descriptors = 0
            var settled: Duration = .zero
            while clock.now - settleStart < .seconds(15) {
                try await Task.sleep(for: .milliseconds(500))
                after = try #require(ReliabilityProbes.memory(pid: gateway.pid))
                descriptors = ReliabilityProbes.openDescriptors(pid: gateway.pid) ?? -1
                settled = clock.now - settleStart
                if settled >= .seconds(2) && descriptors <= idleDescriptors && after.rssKiB < idle.rssKiB + Self.memorySlackKiB {
                    break
                }
            }
            #expect(after.rssKiB < idle.rssKiB + Self.memorySlackKiB,
                    "RSS after load \(Self.kib(after.rssKiB)) vs idle \(Self.kib(idle.rssKiB)) (peak \(Self.kib(peak)))")
            #expect(descriptors <= idleDescriptors, "descriptors after load \(descriptors), idle \(idleDescriptors)")

            // Steady state: 3,000 more connections must not keep what they used. A leak of the per-connection
            // channel (pipeline, buffers: about 5 KB each) grows RSS by about 9-15 MiB here; the allocator's reuse of
            // freed memory keeps a healthy gateway far below that.
            let before = try #require(ReliabilityProbes.memory(pid: gateway.pid)).rssKiB
            for _ in 0..<3 {
                let again = try await Self.runLoadClient([
                    "--port", port, "--clients", "1000", "--concurrency", "200", "--token", Self.token, "--timeout-ms", "60000",
                ])
                #expect(again.report?["ok"] as? Int == 1000, "steady-state run: \(String(describing: again.report)) \(again.stderr)")
            }
            try await Task.sleep(for: .seconds(1))
            let steady = try #require(ReliabilityProbes.memory(pid: gateway.pid)).rssKiB
            #expect(steady - before < Self.steadyGrowthLimitKiB,
                    "RSS grew by \(Self.kib(steady - before)) over 3,000 further connections (\(Self.kib(before)) -> \(Self.kib(steady)))")

            gateway.signal(SIGTERM)
            #expect(await gateway.waitForExit(timeout: TestDeadline.scaled(.seconds(60))) == 0, "\(gateway.stderr)")

            Reliability.report("load: \(Self.clients) clients (--hold): ok \(report["ok"] ?? "?"), failed \(report["failed"] ?? "?"), "
                + "peak open \(report["peakOpen"] ?? "?"), \(report["handshakesPerSecond"] ?? "?") handshakes/s, "
                + "p50 \(report["p50Ms"] ?? "?") ms, p99 \(report["p99Ms"] ?? "?") ms, elapsed \(report["elapsedMs"] ?? "?") ms; "
                + "gateway RSS idle \(Self.kib(idle.rssKiB)), peak (VmHWM) \(Self.kib(peak)), after settle \(Self.kib(after.rssKiB)) "
                + "(\(Reliability.ms(settled)) ms); descriptors idle \(idleDescriptors), after \(descriptors); "
                + "RSS growth over 3,000 further connections \(Self.kib(steady - before))")
        }

        @Test("the load client refuses non-loopback targets and reports refused connections as failures")
        func loadClientContract() async throws {
            try ReliabilityGateway.requireBinaries()
            let refused = try await Self.runLoadClient(["--host", "192.0.2.1", "--port", "80"], bound: .seconds(20))
            #expect(refused.status == 64 && refused.stderr.contains("--host must be"), "\(refused.stderr)")
            let holdTooWide = try await Self.runLoadClient(["--port", "80", "--clients", "10", "--concurrency", "5", "--hold"], bound: .seconds(20))
            #expect(holdTooWide.status == 64, "\(holdTooWide.stderr)")
            // The host is read as an address (NetProbe's IPAddress): ::1 in any spelling is loopback, 127.0.0.2 is not allowed.
            let spelled = try await Self.runLoadClient(["--host", "0:0:0:0:0:0:0:1", "--port", String(TestPorts.free(host: "::1")), "--clients", "1",
                                                        "--timeout-ms", "5000"], bound: .seconds(30))
            #expect(spelled.status == 1 && (spelled.report?["errors"] as? [String: Any])?["connect"] as? Int == 1, "\(spelled.stderr)")
            let second = try await Self.runLoadClient(["--host", "127.0.0.2", "--port", "80"], bound: .seconds(20))
            #expect(second.status == 64 && second.stderr.contains("--host must be"), "\(second.stderr)")

            // Nothing listens on a port that was just free: every client fails with `connect`, quickly and bounded.
            let port = TestPorts.free()
            let none = try await Self.runLoadClient(["--port", String(port), "--clients", "5", "--concurrency", "5", "--timeout-ms", "5000"], bound: .seconds(30))
            #expect(none.status == 1, "\(String(describing: none.report)) \(none.stderr)")
            #expect(none.report?["ok"] as? Int == 0 && none.report?["failed"] as? Int == 5)
            #expect((none.report?["errors"] as? [String: Any])?["connect"] as? Int == 5, "\(String(describing: none.report))")
        }
    }
}
