import NetProbe

/// Decides, from what the start has seen so far, whether it may go on. Pure.
///
/// Rules (in order):
/// 1. lock refused -> 78 (symlink, foreign owner, wrong type) or 1 (I/O error);
/// 2. lock held by another process -> 78, naming it from the lock metadata;
/// 3. strategy `loopback-probe` and a gateway answered that is not us -> 78, naming the verified identity;
///    under `pidfile` such answers are notes only;
/// 4. bind failed with EADDRINUSE -> 78 only when a verified gateway identity's pid is among the port's Linux holders;
///    otherwise 75, naming the holders (pid and command, or uid), or saying that no Linux process holds the port
///    (and, where loopback crosses to Windows: `LoopbackCrossing`, the same judgement as `EnvironmentView.loopback`,
///    that Windows does); on WSL the Windows half, when consulted, names the
///    Windows program (image and pid) or the excluded port range;
/// 5. bind failed otherwise -> 1 with the errno text.
///
/// It never reports "another gateway instance" from an EADDRINUSE or an HTTP answer alone.
public enum ClashDecider {
    public static func decide(_ inputs: ClashInputs) -> StartDecision {
        let port = inputs.port
        switch inputs.lock {
        case .refused(let error):
            return .stop(exitCode: error.isConfiguration ? GatewayExit.config : GatewayExit.failure, message: error.description)
        case .held(let path, let metadata):
            return .stop(exitCode: GatewayExit.config, message: heldMessage(port: port, path: path, metadata: metadata))
        case .acquired:
            break
        }

        let foreignGateways = inputs.probes.compactMap { finding -> (String, IdentityDocument)? in
            if case .gateway(let identity, let isSelf) = finding.outcome, !isSelf { return (finding.host, identity) }
            return nil
        }
        var notes: [String] = []
        if let (host, identity) = foreignGateways.first {
            if inputs.strategy == .loopbackProbe {
                return .stop(exitCode: GatewayExit.config, message: probedGatewayMessage(port: port, host: host, identity: identity))
            }
            notes.append("note: \(IPAddressText.hostPort(host, port)) answered as OpenClaw gateway instance \(identity.instanceId)"
                + "\(identity.pid.map { " (pid \($0))" } ?? ""); with the pidfile strategy this does not stop the start")
        }
        for finding in inputs.probes {
            if case .otherService(let what) = finding.outcome {
                notes.append("note: \(IPAddressText.hostPort(finding.host, port)) answered but is not a gateway (\(what))")
            }
        }

        switch inputs.bind {
        case nil, .succeeded?:
            return .proceed(notes: notes)
        case .failed(let address, let code)?:
            var message = "Cannot listen on \(IPAddressText.hostPort(address, port)): \(SystemError.describe(code)) (errno \(code))."
            if code == EADDRNOTAVAIL_CODE { message += " The address is not assigned to any interface here." }
            if code == EACCES_CODE {
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
            return addressInUse(inputs, address: address, foreignGateways: foreignGateways.map(\.1))
        }
    }

    private static func addressInUse(_ inputs: ClashInputs, address: String, foreignGateways: [IdentityDocument]) -> StartDecision {
        let port = inputs.port
        let head = "Port \(port) is already in use (binding \(IPAddressText.hostPort(address, port)) failed: address in use)"
        switch inputs.holder {
        case .processes(let owners)? where !owners.isEmpty:
            if let identity = foreignGateways.first(where: { id in owners.contains { $0.pid == id.pid } }),
               let pid = identity.pid {
                return .stop(exitCode: GatewayExit.config, message:
                    "Gateway already running on port \(port): pid \(pid) holds the port and answers as OpenClaw gateway instance "
                    + "\(identity.instanceId) (version \(identity.version), started \(identity.startedAt)). It does not use this "
                    + "lock directory (another state or runtime directory). Stop it with `kill -TERM \(pid)`.")
            }
            var lines = ["\(head) by another program:"]
            // At most 20 named (a pasted table can hold thousands); the count says the rest.
            for owner in owners.prefix(20) {
                lines.append("  - pid \(owner.pid)\(owner.uid.map { " (uid \($0))" } ?? ""): \(owner.command) (\(owner.localAddress))")
            }
            if owners.count > 20 { lines.append("  - ... and \(owners.count - 20) more") }
            lines.append("Stop that program or start the gateway with another --port.")
            return .stop(exitCode: GatewayExit.portHeld, message: lines.joined(separator: "\n"))
        case .hiddenProcess(nil)?:
            return .stop(exitCode: GatewayExit.portHeld, message:
                "\(head) by a Linux process the listener table does not name (holder not in the paste: printed without -p). "
                + "Find it with `sudo ss -tlnp 'sport = :\(port)'`, or start the gateway with another --port.")
        case .hiddenProcess(let uid?)?:
            return .stop(exitCode: GatewayExit.portHeld, message:
                "\(head) by a process of uid \(uid) that this user cannot see. Find it with `sudo ss -tlnp 'sport = :\(port)'`, "
                + "or start the gateway with another --port.")
        case .noLinuxListener?:
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
            if let identity = foreignGateways.first {
                lines.append("Note: 127.0.0.1:\(port) answers as OpenClaw gateway instance \(identity.instanceId)"
                    + "\(identity.pid.map { " (pid \($0))" } ?? ""), which is not a Linux process here: probably a gateway running on Windows.")
            }
            return .stop(exitCode: GatewayExit.portHeld, message: lines.joined(separator: "\n"))
        case nil, .processes?:
            return .stop(exitCode: GatewayExit.portHeld, message: "\(head); the holder could not be determined. Check `ss -tlnp 'sport = :\(port)'`.")
        }
    }

    static func heldMessage(port: UInt16, path: String, metadata: InstanceMetadata?) -> String {
        guard let m = metadata else {
            return "Gateway already running on port \(port): another process holds the lock \(path) (its metadata is not written yet). "
                + "Check with `openclaw gateway status --port \(port)`."
        }
        let addresses = m.bindAddresses.map { IPAddressText.hostPort($0, port) }.joined(separator: ", ")
        return "Gateway already running on port \(port): pid \(m.pid), instance \(m.instanceId), started \(m.startedAt), "
            + "listening on \(addresses.isEmpty ? "(no addresses yet)" : addresses) (status \(m.status.rawValue), strategy \(m.strategy)).\n"
            + "Stop it with `openclaw gateway stop --port \(port)` (or `kill -TERM \(m.pid)`)."
    }

    private static func probedGatewayMessage(port: UInt16, host: String, identity: IdentityDocument) -> String {
        let pid = identity.pid.map { "pid \($0), " } ?? ""
        return "Gateway already running on port \(port): \(IPAddressText.hostPort(host, port)) answered as OpenClaw gateway "
            + "(\(pid)instance \(identity.instanceId), version \(identity.version), started \(identity.startedAt)). "
            + "It does not hold this lock (another state or runtime directory). "
            + (identity.pid.map { "Stop it with `kill -TERM \($0)`." } ?? "Stop it where it runs.")
    }

}
