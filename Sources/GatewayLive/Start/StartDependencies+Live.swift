import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import Gateway
import NetProbe
import NetProbeLive

extension StartDependencies {
    /// The real machine: NetProbe's `LoopbackProbe` (run on its own threads, it blocks), `PortOwners`
    /// (`/proc/net/tcp{,6}` and `/proc/*/fd`, also as `listeners`), and the real bind of `[::1]:0`.
    public static var live: StartDependencies {
        var live = StartDependencies(
            probeLoopback: { hosts, port, timeout, selfInstanceId in
                await BlockingWork.value {
                    let results: [ProbeResult]
                    if hosts == ["127.0.0.1", "::1"] {
                        results = LoopbackProbe.probeBoth(port: port, timeout: timeout, selfInstanceId: selfInstanceId)
                    } else {
                        results = hosts.map {
                            LoopbackProbe.probe(host: $0, port: port, timeout: timeout, selfInstanceId: selfInstanceId)
                        }
                    }
                    return results
                }
            },
            portHolder: { port in PortHolder.afterAddressInUse(owners: PortOwners.listeners(port: port)) },
            ipv6LoopbackBinds: { LoopbackAvailability.ipv6() })
        live.listeners = { port in PortOwners.listeners(port: port) }
        return live
    }

    /// `live`, with `listeners` reading the instance lock of `paths` first: when another process holds it and is
    /// verified as `gateway stop` verifies it (`GatewayStopper.verifyHolder`), its own `/proc/PID/fd` is looked at
    /// first and, when it holds the port's listening sockets, no other process's (`PortOwners.listeners`'s
    /// `verifiedHolder`): a duplicate start on a busy machine is spared the scan of every `/proc/PID/fd`. Otherwise
    /// (the lock free, held by this process, or its holder unverified) every process is scanned as in `live`.
    public static func live(paths: GatewayPaths) -> StartDependencies {
        var live = StartDependencies.live
        live.listeners = { port in PortOwners.listeners(port: port, verifiedHolder: verifiedLockHolder(paths: paths, port: port)) }
        return live
    }

    /// The pid of the verified holder of the instance lock of `paths` and `port` (`GatewayStopper.verifyHolder`) when
    /// it is another process; nil otherwise (not held, unverifiable, a mismatch, this process).
    static func verifiedLockHolder(paths: GatewayPaths, port: UInt16) -> Int32? {
        guard case .verified(let pid, _)? = try? GatewayStopper.verifyHolder(paths: paths, port: port), pid != getpid() else {
            return nil
        }
        return pid
    }
}
