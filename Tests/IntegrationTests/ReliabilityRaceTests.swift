import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

extension ReliabilityTests {
    /// Races: many gateways released at the same instant on one port. Real `openclaw gateway run` processes started
    /// with `posix_spawn` behind a start gate (each blocks reading a pipe that is closed once for all), reaped with
    /// `waitpid`.
    @Suite("start races")
    struct Races {
        static let racers = 20
        static let rounds = 50
        /// Bound on one round: release, one gateway listening, every other one exited.
        static let roundBound: Duration = .seconds(30)

        @Test("20 gateways released together on one port, 50 rounds: one serves, 19 exit 78 naming it, nothing left behind")
        func twentyWayRace() async throws {
            try ReliabilityGateway.requireBinaries()
            let gw = ReliabilityGateway("reliab-race")
            let clock = ContinuousClock()
            var roundTimes: [Double] = []
            var namedBeforeMetadata = 0

            for round in 0..<Self.rounds {
                let gate = try StartGate()
                var children: [SpawnedChild] = []
                for _ in 0..<Self.racers { children.append(try gw.start(gate: gate)) }
                let released = clock.now
                gate.open()

                // Wait until one listens and all the others have exited (or everything exited, or the bound passed).
                var winners: [SpawnedChild] = []
                var exited: [SpawnedChild] = []
                while clock.now - released < Self.roundBound {
                    exited = children.filter { $0.reapNow() != nil }
                    winners = children.filter { $0.stdout.contains("listening on ws://") }
                    if exited.count == Self.racers || (winners.count == 1 && exited.count == Self.racers - 1) { break }
                    try await Task.sleep(for: .milliseconds(10))
                }
                let settled = clock.now - released
                roundTimes.append(Reliability.ms(settled))
                let summary = children.map { "pid \($0.pid) status \($0.reapNow().map(String.init) ?? "running"): \($0.stdout) \($0.stderr)" }
                try #require(winners.count == 1, "round \(round): \(winners.count) gateways listening after \(settled)\n\(summary.joined(separator: "\n"))")
                try #require(exited.count == Self.racers - 1, "round \(round): \(exited.count) exited after \(settled) (bound \(Self.roundBound))")
                let winner = winners[0]
                #expect(winner.reapNow() == nil, "round \(round): the winner exited: \(winner.stderr)")

                // The winner serves, and is who the start line says.
                let instance = try #require(ReliabilityGateway.instanceId(inStartLine: winner.stdout), "round \(round): \(winner.stdout)")
                #expect(winner.stdout.contains("(pid \(winner.pid), instance \(instance)"))
                let identity = await gw.liveIdentity()
                #expect(identity?.pid == Int(winner.pid) && identity?.instanceId == instance,
                        "round \(round): /healthz + identity answered \(String(describing: identity)), winner pid \(winner.pid) \(instance)")

                // Every loser exits 78 naming the winner: its pid and its instance.
                for loser in children where loser.pid != winner.pid {
                    #expect(loser.reapNow() == 78, "round \(round): loser pid \(loser.pid) status \(String(describing: loser.reapNow())): \(loser.stderr)")
                    #expect(loser.stderr.contains("Gateway already running on port \(gw.port)"), "round \(round): \(loser.stderr)")
                    if loser.stderr.contains("metadata is not written yet") { namedBeforeMetadata += 1 }
                    #expect(loser.stderr.contains("pid \(winner.pid)") && loser.stderr.contains("instance \(instance)"),
                            "round \(round): loser pid \(loser.pid) does not name pid \(winner.pid) instance \(instance): \(loser.stderr)")
                    #expect(loser.stdout.isEmpty, "round \(round): a loser printed \(loser.stdout)")
                }

                // SIGTERM the winner: exit 0, the lock is released, nothing else is left.
                winner.signal(SIGTERM)
                let status = await winner.waitForExit(timeout: TestDeadline.scaled(.seconds(60)))
                #expect(status == 0, "round \(round): winner exit \(String(describing: status)): \(winner.stderr)")
                gw.expectNothingLeftBehind("round \(round)")
                for child in children where child.isRunning { await child.killAndReap() }
            }

            let sorted = roundTimes.sorted()
            Reliability.report("race: \(Self.rounds) rounds x \(Self.racers) gateways on port \(gw.port): "
                + "release-to-settled median \(sorted[sorted.count / 2]) ms, max \(sorted.last ?? 0) ms; "
                + "losers that could not name the winner: \(namedBeforeMetadata)")
            try? FileManager.default.removeItem(atPath: gw.stateDir)
        }
    }
}
