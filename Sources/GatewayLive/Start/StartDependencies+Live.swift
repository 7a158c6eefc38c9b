import FoundationEssentials
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
}
