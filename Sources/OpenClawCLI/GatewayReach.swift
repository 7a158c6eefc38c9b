import ArgumentParser
import FoundationEssentials
import Gateway
import GatewayLive
import NetProbe
import NetProbeLive

/// `gateway status --reach` (and `gateway probe --from windows`): the reachability matrix of the derived view
/// (`SituationView.reach`, the one the doctor's `gateway.reach` reads), from this machine's facts and verdict, the
/// lock, the port's listeners and the probes (`ReachProbes`), which run while the facts are read.
enum GatewayReach {
    /// The matrix for `port`. `sources`: the rows to keep (`nil`: all). `probes`: the caller's loopback probe of
    /// 127.0.0.1 and ::1 (`gateway status`), which are then not probed again: the view reads that one result per
    /// address (`ReachTargets.merging`), so the status lines and the matrix never disagree about an address. Throws
    /// `DoctorFailure` on a bad `OPENCLAW_WINDOWS_TIMEOUT_MS` (the gateway commands check it first:
    /// `GatewayEnvironment.windowsToolOptions`).
    static func matrix(port: UInt16, paths: GatewayPaths, settings: GatewaySettings, lock: LockState?, timeout: Duration,
                       sources: Set<ReachSource>? = nil, probes: [ProbeResult]? = nil) async throws -> ReachMatrix {
        let environment = ProcessInfo.processInfo.environment
        let readerOptions = try DoctorEnvironment.readerOptions(environment)
        // What `gateway run` would plan here, through the one loader (`startConfiguration`, `tokenSetting`: the command
        // resolved the settings first, so a malformed value has already ended it): the reach rows' binds when no
        // gateway runs.
        let configuration = (try? settings.startConfiguration(port: port, bind: nil, bindHost: nil, instanceCheck: .auto))
            ?? StartConfiguration(port: port)
        let token = (try? settings.tokenSetting(option: nil)) ?? nil
        let probeOptions = ReachProbes.Options(
            timeout: timeout, windows: sources?.contains(.windows) == false ? nil : ((try? WindowsToolOptions.from(environment)) ?? WindowsToolRunner.Options()),
            skipLinuxHosts: probes?.map(\.host) ?? [])
        return await BlockingWork.value {
            let pending = BlockingWork { ReachProbes.run(port: port, options: probeOptions) }
            let facts = LiveReader(options: readerOptions).read()
            let verdict = Classifier.classify(facts)
            let reach = pending.wait()
            let bootId = ProcessInfoReader.bootId()
            let observations = SituationObservations(
                lockPath: paths.lockFile(port: port), lock: lock, probes: probes, portOwners: PortOwners.listeners(port: port),
                reach: reach, bootId: bootId.isEmpty ? nil : bootId)
            let view = SituationView.derive(facts: facts, verdict: verdict, configuration: configuration, token: token,
                                            tokenRefusal: TokenPolicy.blankRefusal(token), observations: observations)
            return sources.map { view.reach.only($0) } ?? view.reach
        }
    }

    /// The matrix as `gateway status` prints it: a heading, then the matrix's own lines.
    static func text(_ matrix: ReachMatrix) -> [String] {
        ["Reach: \(matrix.headline)"] + matrix.lines().map { "  \($0)" } + (matrix.fix.map { ["  fix: \($0)"] } ?? [])
    }
}

extension ReachSource: ExpressibleByArgument {}
