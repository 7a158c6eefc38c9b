import Gateway
import NetProbe

/// `gateway.plan`: the strategy and bind addresses the gateway would choose here, and why.
enum PlanCheck {
    static let id = "gateway.plan"

    static let check = DoctorCheck(
        id: id, summary: "The instance-check strategy and bind addresses the gateway would choose here, and why",
        needsLive: false
    ) { inputs in
        switch inputs.plan {
        case .success(let plan):
            return CheckResult(id: id, status: .ok,
                               title: "\(plan.strategy.rawValue) on \(plan.bindAddresses.map { IPAddressText.hostPort($0, plan.port) }.joined(separator: ", "))",
                               detail: plan.reasons, data: .from(plan))
        case .failure(let refusal):
            return CheckResult(id: id, status: .fail, title: refusal.message,
                               fix: "set a token (--token or OPENCLAW_GATEWAY_TOKEN), or bind loopback",
                               data: ["refusal": .string(refusal.message)])
        }
    }
}

/// `gateway.bind`: the configured bind against the environment.
enum BindCheck {
    static let id = "gateway.bind"

    static let check = DoctorCheck(
        id: id, summary: "The configured bind against the environment (token, containers, Windows clients under mirrored)",
        needsLive: false
    ) { inputs in
        let start = inputs.configuration.start
        let port = inputs.port
        var data: [String: JSONValue] = ["bind": .string(start.bindMode.rawValue), "token": .bool(start.tokenPresent)]
        guard case .success(let plan) = inputs.plan else {
            if case .failure(let refusal) = inputs.plan {
                return CheckResult(id: id, status: .fail, title: refusal.message,
                                   fix: "export OPENCLAW_GATEWAY_TOKEN=\"$(openssl rand -hex 32)\" or use --bind loopback",
                                   data: .object(data))
            }
            return CheckResult(id: id, status: .skip, title: "no plan", data: .object(data))
        }
        data["addresses"] = .array(plan.bindAddresses.map { .string($0) })
        let loopbackOnly = plan.bindAddresses.allSatisfy(IPAddressText.isLoopback)
        if inputs.verdict.kind == .container && loopbackOnly {
            return CheckResult(id: id, status: .warn, title: "in a container but bound to loopback only",
                               detail: ["a port published with `docker run -p \(port):\(port)` reaches the container's eth0, not its loopback"],
                               fix: "openclaw gateway run --bind auto --token TOKEN (0.0.0.0 inside the container)",
                               data: .object(data))
        }
        var detail: [String] = []
        if inputs.isMirrored {
            detail.append("Windows clients: use ws://127.0.0.1:\(port), not localhost (Windows may resolve localhost to ::1, which mirrored mode does not bridge)")
        }
        if !loopbackOnly {
            detail.append("listening beyond loopback on \(plan.bindAddresses.joined(separator: ", ")); clients must present the token")
        }
        return CheckResult(id: id, status: detail.isEmpty ? .ok : .info,
                           title: loopbackOnly ? "loopback only" : "beyond loopback, with a token",
                           detail: detail, data: .object(data))
    }
}

/// `gateway.lock`: held by a live gateway, free, or unsafe.
enum LockCheck {
    static let id = "gateway.lock"

    static let check = DoctorCheck(
        id: id, summary: "The instance lock: held by a live gateway (its metadata), free, or unsafe (permissions, symlink)",
        needsLive: true
    ) { inputs in
        let lockPath = inputs.configuration.paths.lockFile(port: inputs.port)
        if let dir = inputs.live.lockDirectory.value, dir.exists {
            if dir.isSymlink || !dir.isDirectory || dir.ownerUID != dir.currentUID {
                let what = dir.isSymlink ? "is a symlink" : (!dir.isDirectory ? "is not a directory" : "is owned by uid \(dir.ownerUID)")
                return CheckResult(id: id, status: .fail, title: "the lock directory \(dir.path) \(what)",
                                   detail: ["the gateway refuses to use it: another user could take or fake the lock"],
                                   fix: "remove \(dir.path) (check what it points to first); the gateway recreates it private",
                                   data: ["path": .string(dir.path)], path: dir.path)
            }
            if dir.mode & 0o077 != 0 {
                return CheckResult(id: id, status: .fail,
                                   title: "the lock directory \(dir.path) is not private (mode \(String(dir.mode, radix: 8)))",
                                   fix: "chmod 700 \(dir.path)  (or: openclaw-doctor --fix)",
                                   data: ["path": .string(dir.path), "mode": .string(String(dir.mode, radix: 8))], path: dir.path)
            }
        }
        switch inputs.live.lock {
        case .value(.held(let metadata)):
            guard let m = metadata else {
                return CheckResult(id: id, status: .warn, title: "held by a live process, metadata unreadable",
                                   data: ["held": true], path: lockPath)
            }
            return CheckResult(
                id: id, status: .ok,
                title: "held by gateway pid \(m.pid), instance \(m.instanceId), \(m.status.rawValue)",
                detail: ["started \(m.startedAt), addresses \(m.bindAddresses.joined(separator: ", ")), strategy \(m.strategy)"],
                data: .from(m), path: lockPath)
        case .value(.free(let metadata)):
            var detail: [String] = []
            if let m = metadata { detail.append("last holder: pid \(m.pid), instance \(m.instanceId) (exited; the kernel released the lock)") }
            return CheckResult(id: id, status: .ok, title: "free: no gateway holds the lock for port \(inputs.port)",
                               detail: detail, data: ["held": false], path: lockPath)
        case .value(.absent):
            return CheckResult(id: id, status: .ok, title: "free: no lock file for port \(inputs.port)",
                               data: ["held": false], path: lockPath)
        case let other:
            return CheckResult(id: id, status: .fail, title: "could not read the lock: \(other.problem ?? "unknown")",
                               data: ["error": .string(other.problem ?? "")], path: lockPath)
        }
    }
}
