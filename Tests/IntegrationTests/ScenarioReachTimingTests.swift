import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

extension ScenarioTests {
    /// The doctor's wall time with the reachability matrix on the simulated mirrored machine, a gateway running inside:
    /// every Windows stand-in answering after 150 ms, then one tool never answering (curl.exe, the matrix's own; then
    /// netstat.exe, the Windows half's). Five runs each; the median is printed for docs/doctor.md "Speed" (no bound on
    /// wall time is asserted: the machine is shared). What is asserted is that each run's report is whole and says
    /// what the hang means: the Windows cells "no answer in time", or the port holder not read.
    @Suite("20 timing: the doctor with the matrix, stand-ins at 150 ms, one tool hanging")
    struct ReachTiming {
        static let runs = 5

        static func median(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            return sorted[sorted.count / 2]
        }

        @Test("five runs each: all stand-ins at 150 ms; curl.exe hanging; netstat.exe hanging")
        func wallTimes() async throws {
            let context = try ScenarioContext()
            try await context.withMachine(.wsl2Mirrored, .clean) { session in
                let gateway = try await ScenarioGuestGateway.start(session, name: "gw", arguments: context.portAndState)
                let started = try #require(await gateway.waitUntilListening(), "no start line: \(gateway.log)")
                defer { kill(started.pid, SIGTERM) }
                try await Task.sleep(for: .milliseconds(300))
                var lines: [String] = []
                for (name, behaviour) in [("every stand-in at 150 ms", [String: WindowsStandIns.Behaviour]()),
                                          ("curl.exe hanging", ["curl.exe": .hang]), ("netstat.exe hanging", ["netstat.exe": .hang])] {
                    let standIns = try ScenarioTests.Reach.standIns(session, port: context.port, behaviour: behaviour)
                    defer { standIns.remove() }
                    var walls: [Double] = []
                    for _ in 0..<Self.runs {
                        let (check, wall, report) = try await ScenarioTests.Reach.reach(session, context, standIns, all: true)
                        walls.append(wall)
                        let windows = ScenarioTests.Reach.answer(check, "windows", "127.0.0.1")
                        #expect(windows == (behaviour["curl.exe"] == nil ? "this-gateway" : "no-answer"), "\(name): \(check)")
                        #expect(ScenarioTests.Reach.answer(check, "linux", "127.0.0.1") == "this-gateway", "\(name): \(check)")
                        if behaviour["netstat.exe"] != nil {
                            let holder = try report.check("windows.port-holder")
                            #expect(holder.messages.contains { $0.contains("netstat.exe") }, "\(name): \(holder)")
                        }
                    }
                    lines.append("\(name): median \(String(format: "%.2f", Self.median(walls))) s of \(walls.map { String(format: "%.2f", $0) }.joined(separator: ", "))")
                }
                var load = [Double](repeating: 0, count: 3)
                _ = getloadavg(&load, 3)
                print("the whole doctor (openclaw-doctor --json) with the matrix, simulated mirrored machine, gateway running; "
                      + "load average \(load.map { String(format: "%.1f", $0) }.joined(separator: " ")): " + lines.joined(separator: "; "))
            }
        }
    }
}
