import NetProbe
import SystemPackage

/// Decides, from what the start has seen so far, whether it may go on. Pure.
///
/// Rules (in order):
/// 1. lock refused -> 78 (symlink, foreign owner, wrong type) or 1 (I/O error);
/// 2. lock held by another process -> 78, naming it from the lock metadata;
/// 3. strategy `loopback-probe` and a gateway answered that is not us -> 78, naming the identity it claims;
///    under `pidfile` such answers are notes only;
/// 4. bind failed with EADDRINUSE -> 78 only when a gateway identity's claimed pid holds the port's listening socket
///    (`ListenerConfirmation`);
///    otherwise 75, naming the holders (pid and command, or uid), or saying that no Linux process holds the port
///    (and, where loopback crosses to Windows: `LoopbackCrossing`, the same judgement as `EnvironmentView.loopback`,
///    that Windows does); on WSL the Windows half, when consulted, names the
///    Windows program (image and pid) or the excluded port range;
/// 5. bind failed otherwise -> 1 with the errno text.
///
/// It never reports "another gateway instance" from an EADDRINUSE or an HTTP answer alone. It prints a peer's pid
/// (and advises `kill -TERM PID`) only when the kernel confirms it: the lock holder verified as `gateway stop`
/// verifies it (`ClashInputs.lockHolder`), or a claimed pid that holds the listening socket (`ListenerConfirmation`
/// over `ClashInputs.listeners`); otherwise the message says the holder is unverified and what the socket tables show.
public enum ClashDecider {
    public static func decide(_ inputs: ClashInputs) -> StartDecision {
        let port = inputs.port
        switch inputs.lock {
        case .refused(let error):
            return .stop(exitCode: error.isConfiguration ? GatewayExit.config : GatewayExit.failure, message: error.description)
        case .held(let path, let metadata):
            return .stop(exitCode: GatewayExit.config, message: heldMessage(
                port: port, path: path, metadata: metadata, holder: inputs.lockHolder, listeners: inputs.listeners))
        case .acquired:
            break
        }

        let foreignGateways = inputs.probes.compactMap { result -> (String, GatewayIdentity)? in
            if case .gateway(let identity, let isSelf) = result.outcome, !isSelf { return (result.host, identity) }
            return nil
        }
        var notes: [String] = []
        if let (host, identity) = foreignGateways.first {
            if inputs.strategy == .loopbackProbe {
                return .stop(exitCode: GatewayExit.config, message: probedGatewayMessage(
                    port: port, host: host, identity: identity, listeners: inputs.listeners))
            }
            let confirmed: String
            if case .confirmed(let pid) = ListenerConfirmation.judge(
                claimedPid: identity.pid, answeredOn: host, port: port, listeners: inputs.listeners) {
                confirmed = " (pid \(pid))"
            } else {
                confirmed = ""
            }
            notes.append("note: \(IPAddressText.hostPort(host, port)) answered as OpenClaw gateway instance \(identity.instanceId)"
                + "\(confirmed); with the pidfile strategy this does not stop the start")
        }
        for result in inputs.probes where result.outcome.category == .notAGateway {
            notes.append("note: \(IPAddressText.hostPort(result.host, port)) answered but is not a gateway (\(result.outcome.summary))")
        }

        switch inputs.bind {
        case nil, .succeeded?:
            return .proceed(notes: notes)
        case .failed(let address, let code)?:
            var message = "Cannot listen on \(IPAddressText.hostPort(address, port)): \(Errno(rawValue: code).description) (errno \(code))."
            if code == Errno.addressNotAvailable.rawValue { message += " The address is not assigned to any interface here." }
            if code == Errno.permissionDenied.rawValue {
                if case .consulted(let finding)? = inputs.windows,
                   let lines = WindowsClashWording.explained(
                       finding, head: "Port \(port) cannot be bound (binding \(IPAddressText.hostPort(address, port)) failed: permission denied)",
                       mirrored: LoopbackCrossing.judge(inputs.verdict).ignoredPortsApplies) {
                    return .stop(exitCode: GatewayExit.portHeld, message: lines.joined(separator: "\n"))
                }
                message += port < 1024 ? " Ports below 1024 need privileges." : ""
                if let consult = inputs.windows { message += " " + WindowsClashWording.unexplained(consult) }
            }
            return .stop(exitCode: GatewayExit.failure, message: message)
        case .addressInUse(let address)?:
            return addressInUse(inputs, address: address, foreignGateways: foreignGateways)
        }
    }

    private static func addressInUse(_ inputs: ClashInputs, address: String, foreignGateways: [(String, GatewayIdentity)]) -> StartDecision {
        let port = inputs.port
        let head = "Port \(port) is already in use (binding \(IPAddressText.hostPort(address, port)) failed: address in use)"
        // The visible holders, each with its pid (a row without one is not named).
        var named: [(pid: Int32, owner: PortOwner)] = []
        if case .linuxProcesses(let owners)? = inputs.holder {
            named = owners.compactMap { owner in owner.pid.map { ($0, owner) } }
        }
        switch inputs.holder {
        case .linuxProcesses? where !named.isEmpty:
            let confirmed = foreignGateways.lazy.compactMap { host, identity -> (GatewayIdentity, Int32)? in
                guard case .confirmed(let pid) = ListenerConfirmation.judge(
                    claimedPid: identity.pid, answeredOn: host, port: port, listeners: inputs.listeners) else { return nil }
                return (identity, pid)
            }.first
            if let (identity, pid) = confirmed {
                return .stop(exitCode: GatewayExit.config, message:
                    "Gateway already running on port \(port): pid \(pid) holds the port and answers as OpenClaw gateway instance "
                    + "\(identity.instanceId) (version \(identity.version ?? "unknown"), started \(identity.startedAt ?? "unknown")). It does not use this "
                    + "lock directory (another state or runtime directory). Stop it with `kill -TERM \(pid)`.")
            }
            var lines = ["\(head) by another program:"]
            // At most 20 named (a pasted table can hold thousands); the count says the rest.
            for (pid, owner) in named.prefix(20) {
                lines.append("  - pid \(pid)\(owner.uid.map { " (uid \($0))" } ?? ""): \(owner.commandText) (\(owner.localAddress))")
            }
            if named.count > 20 { lines.append("  - ... and \(named.count - 20) more") }
            lines.append("Stop that program or start the gateway with another --port.")
            return .stop(exitCode: GatewayExit.portHeld, message: lines.joined(separator: "\n"))
        case .hiddenLinuxProcess(nil)?:
            return .stop(exitCode: GatewayExit.portHeld, message:
                "\(head) by a Linux process the listener table does not name (holder not in the paste: printed without -p). "
                + "Find it with `sudo ss -tlnp 'sport = :\(port)'`, or start the gateway with another --port.")
        case .hiddenLinuxProcess(let uid?)?:
            return .stop(exitCode: GatewayExit.portHeld, message:
                "\(head) by a process of uid \(uid) that this user cannot see. Find it with `sudo ss -tlnp 'sport = :\(port)'`, "
                + "or start the gateway with another --port.")
        case let holder? where holder.showsNoLinuxListener:
            let crossing = LoopbackCrossing.judge(inputs.verdict)
            if case .consulted(let finding)? = inputs.windows,
               let lines = WindowsClashWording.explained(finding, head: head, mirrored: crossing.ignoredPortsApplies) {
                return .stop(exitCode: GatewayExit.portHeld, message: lines.joined(separator: "\n"))
            }
            var lines: [String]
            if crossing.crossesToWindows == true {
                lines = [
                    "\(head), but no Linux process holds it.",
                    "\(crossing.context.prefix(1).uppercased() + crossing.context.dropFirst()) a Windows program or a Windows port reservation holds it (ss and lsof cannot see Windows listeners).",
                    "On Windows, find it with `netstat -ano | findstr :\(port)` (then `tasklist /fi \"pid eq PID\"`);",
                    "reserved ranges show with `netsh interface ipv4 show excludedportrange protocol=tcp`.",
                ]
                if crossing.ignoredPortsApplies {
                    lines += [
                        "To let Linux use the port anyway, add it to ignoredPorts under [experimental] in %UserProfile%\\.wslconfig",
                        "(`[experimental]` then `ignoredPorts=\(port)`) and run `wsl --shutdown`; or start the gateway with another --port.",
                    ]
                } else {
                    lines.append("Stop that program on Windows, or start the gateway with another --port.")
                }
            } else {
                lines = [
                    "\(head), but no process in this network namespace shows a listening socket on it.",
                    "It may be held outside this namespace's view"
                        + (crossing.crossesToWindows == nil ? " (under WSL2 mirrored networking: by Windows; check `netstat -ano | findstr :\(port)` there)" : "")
                        + ". Check `ss -tanp 'sport = :\(port)'`, or start the gateway with another --port.",
                ]
            }
            if let consult = inputs.windows { lines.append(WindowsClashWording.unexplained(consult)) }
            if let (host, identity) = foreignGateways.first {
                lines.append("Note: \(IPAddressText.hostPort(host, port)) answers as OpenClaw gateway instance \(identity.instanceId), "
                    + "which is not a Linux process here: probably a gateway running on Windows.")
            }
            return .stop(exitCode: GatewayExit.portHeld, message: lines.joined(separator: "\n"))
        case nil, .linuxProcesses?, .outsideLinux?, .free?, .bindFailed?:
            return .stop(exitCode: GatewayExit.portHeld, message: "\(head); the holder could not be determined. Check `ss -tlnp 'sport = :\(port)'`.")
        }
    }

    static func heldMessage(
        port: UInt16, path: String, metadata: InstanceMetadata?, holder: GatewayStopper.HolderVerification?,
        listeners: [PortOwner]?
    ) -> String {
        guard let m = metadata else {
            return "Gateway already running on port \(port): another process holds the lock \(path) (its metadata is not written yet, "
                + "or names no live process). The holder is unverified; " + ListenerConfirmation.describe(listeners: listeners, port: port)
                + ". Check with `openclaw gateway status --port \(port)`."
        }
        let addresses = m.bindAddresses.map { IPAddressText.hostPort($0, port) }.joined(separator: ", ")
        let listed = "listening on \(addresses.isEmpty ? "(no addresses yet)" : addresses) (status \(m.status.rawValue), strategy \(m.strategy))"
        if case .verified(let pid, _)? = holder {
            return "Gateway already running on port \(port): pid \(pid), instance \(m.instanceId), started \(m.startedAt), \(listed).\n"
                + "Stop it with `openclaw gateway stop --port \(port)` (or `kill -TERM \(pid)`)."
        }
        let why: String
        switch holder {
        case .mismatch(let reason)?, .unverifiable(let reason)?: why = reason
        case .notHeld?: why = "the lock was released while it was checked"
        case .verified?, nil: why = "it was not checked"
        }
        return "Gateway already running on port \(port): another process holds the lock \(path); its metadata claims instance "
            + "\(m.instanceId), started \(m.startedAt), \(listed). The holder is unverified: \(why); "
            + ListenerConfirmation.describe(listeners: listeners, port: port) + ".\n"
            + "Find the holder with `openclaw gateway status --port \(port)` or `ss -tlnpe 'sport = :\(port)'` (a pid is "
            + "named here only once the kernel confirms it)."
    }

    private static func probedGatewayMessage(port: UInt16, host: String, identity: GatewayIdentity, listeners: [PortOwner]?) -> String {
        let head = "Gateway already running on port \(port): \(IPAddressText.hostPort(host, port)) answered as OpenClaw gateway "
        let claimed = "instance \(identity.instanceId), version \(identity.version ?? "unknown"), started \(identity.startedAt ?? "unknown")"
        let elsewhere = "It does not hold this lock (another state or runtime directory). "
        switch ListenerConfirmation.judge(claimedPid: identity.pid, answeredOn: host, port: port, listeners: listeners) {
        case .confirmed(let pid):
            return head + "(pid \(pid), \(claimed)). " + elsewhere + "Stop it with `kill -TERM \(pid)`."
        case .unverified(let shown):
            return head + "(\(claimed)). " + elsewhere
                + "Its holder is unverified (\(identity.pid == nil ? "it names no pid" : "the pid it names holds no listening socket on the port"));"
                + " \(shown). Stop it where it runs (`ss -tlnpe 'sport = :\(port)'` as root shows the holder)."
        }
    }
}
