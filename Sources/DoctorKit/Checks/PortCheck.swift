import Gateway
import NetProbe

/// `gateway.port`: who holds the port, checked without disturbing a running gateway (a trial bind happens
/// only when no Linux socket listens on the port), and what `gateway run` would decide about it: the view's
/// `run.port`, `ClashDecider`'s own answer (its words in the detail), so the doctor never says "free" where `run`
/// exits 75.
///
/// ok: free for the gateway's addresses, or held by the gateway that holds our lock; fail: `run` would stop on the
/// port (another Linux process, another user's hidden process, a holder outside Linux: EADDRINUSE with no Linux
/// listener); warn: the trial bind failed for another reason, or could not be made.
enum PortCheck {
    static let id = "gateway.port"

    static let check = DoctorCheck(
        id: id, summary: "Who holds the gateway port: free, our gateway, another Linux process, or something outside Linux",
        // `.probes`: `gateway run`'s answer (exit 78 for a holder that answers as a gateway, else 75) reads them, so
        // `--only gateway.port` predicts from the same inputs as a full run.
        liveSources: [.portOwners, .lock, .probes], replaysFromFacts: true
    ) { inputs in
        let port = inputs.port
        if !inputs.isLive { return replayed(inputs) }
        guard let owners = inputs.live.portOwners.value else {
            let why = inputs.live.portOwners.problem ?? "not gathered"
            return CheckResult(id: id, status: .fail, title: "could not read the port owners: \(why)",
                               data: ["error": .string(why)])
        }
        let bind: BindAttempt
        if let attempt = inputs.live.bindAttempt.value {
            bind = attempt
        } else if owners.isEmpty {
            // Nothing listens in Linux, and the trial bind that would tell "free" from "held outside Linux" is missing.
            let why = inputs.live.bindAttempt.problem ?? "not gathered"
            return CheckResult(id: id, status: .warn,
                               title: "no Linux process listens on port \(port), but the trial bind did not run: \(why)",
                               detail: ["without the bind, a holder outside Linux (a Windows program where loopback reaches Windows) cannot be seen"],
                               data: ["error": .string(why)])
        } else {
            bind = .addressInUse
        }
        let holder = PortHolder.classify(bindResult: bind, owners: owners)
        let data = JSONValue(encoding: holder)
        let view = inputs.view
        if case .linuxProcesses(let list) = holder, let held = view.holder, list.contains(where: { $0.pid == held.pid }),
           list.allSatisfy({ $0.pid == held.pid || $0.pid == nil }) {
            return CheckResult(id: id, status: .ok,
                               title: "held by our gateway (pid \(held.pid), instance \(held.instanceId))",
                               detail: list.map(\.summary), data: data)
        }
        // What `gateway run` decides about the port, in its own words.
        guard let decision = view.run.port else {
            return CheckResult(id: id, status: .warn, title: "what `gateway run` would decide about port \(port) is unknown",
                               detail: owners.map(\.summary), data: data)
        }
        let words: [String]
        switch decision {
        case .proceed:
            let others = owners.filter { !$0.isSelf }
            if others.isEmpty {
                return CheckResult(id: id, status: .ok, title: "port \(port) is free", data: data)
            }
            return CheckResult(id: id, status: .ok, title: "port \(port) is free for the gateway's addresses",
                               detail: others.map { "\($0.summary): not on an address the gateway binds" }, data: data)
        case .stop(let code, let message):
            words = ["`openclaw gateway run` would exit \(code):"] + message.split(separator: "\n").map(String.init)
            if code == GatewayExit.failure {
                // Not a holder: the bind fails for another reason (EACCES below 1024, EADDRNOTAVAIL).
                let errno: Int32
                if case .bindFailed(let code) = holder { errno = code } else if case .failed(let code) = bind { errno = code } else { errno = 0 }
                return CheckResult(id: id, status: .warn,
                                   title: "a trial bind of 127.0.0.1:\(port) failed: \(ErrnoText.describe(errno))",
                                   detail: words, data: data)
            }
        }
        switch holder {
        case .linuxProcesses(let list):
            // One pid per process: a holder of 127.0.0.1 and ::1 is two owners of one pid (`kill 7 7` said it twice).
            let colliding = view.run.collidingOwners.compactMap(\.pid)
            var named = Set<Int32>()
            let pids = (colliding.isEmpty ? list.compactMap(\.pid) : colliding).filter { named.insert($0).inserted }.map(String.init)
            return CheckResult(id: id, status: .fail, title: "port \(port) is held by another Linux process",
                               detail: list.map(\.summary) + words,
                               fix: "stop it (`kill \(pids.joined(separator: " "))`) or run the gateway with --port",
                               data: data)
        case .hiddenLinuxProcess(let uid):
            return CheckResult(id: id, status: .fail, title: "port \(port) is held by \(uid.map { "uid \($0)" } ?? "a process"), process not visible",
                               detail: ["another user's process listens on it; `sudo ss -tlnp 'sport = :\(port)'` names it"] + words,
                               fix: "sudo ss -tlnp 'sport = :\(port)'", data: data)
        case .outsideLinux:
            let wsl = inputs.environment.wsl.known
            let windowsFix = "in Windows: netstat -ano | findstr :\(port)  (and: netsh interface ipv4 show excludedportrange protocol=tcp)"
            return CheckResult(id: id, status: .fail, title: "port \(port) is in use with no Linux holder",
                               detail: ["the kernel refuses the bind (EADDRINUSE) but no Linux socket listens on the port"] + words,
                               fix: wsl == true ? windowsFix : (wsl == false ? "ss -tanp 'sport = :\(port)'" : "ss -tanp 'sport = :\(port)'; on WSL, \(windowsFix)"),
                               data: data)
        case .free, .bindFailed:
            return CheckResult(id: id, status: .warn, title: "port \(port) is free, but `gateway run` would stop", detail: words, data: data)
        }
    }

    /// Who a captured LISTEN row names: a pasted table's process (`pid 123 node`), a `/proc/net/tcp` row's uid and
    /// inode, or "holder not in the paste" (a table printed without `-p`).
    static func listedHolder(_ owner: PortOwner) -> String {
        var parts: [String] = []
        if let pid = owner.pid { parts.append("pid \(pid) \(owner.comm ?? "?")") }
        if let user = owner.user { parts.append("user \(user)") }
        if let uid = owner.uid { parts.append("uid \(uid)") }
        if let inode = owner.inode { parts.append("inode \(inode)") }
        if owner.pid == nil && owner.uid == nil { parts.append("holder not in the paste") }
        return parts.joined(separator: ", ")
    }

    /// Most LISTEN rows a replayed result names.
    static let maxListed = 20

    /// On a replayed snapshot: the capture's `/proc/net/tcp{,6}` LISTEN rows on the port (no processes: a capture
    /// does not hold `/proc/PID/fd`), or a pasted listener table's rows (`listeners`: with the process when the
    /// table shows it), no trial bind (the machine is not here), and `gateway run`'s answer over them.
    ///
    /// skip: the capture holds no socket tables (or only an excerpt of other ports); info: no LISTEN row on the port
    /// (a holder outside Linux cannot be seen in a capture); fail: a LISTEN row collides with the gateway's
    /// addresses (`gateway run` would exit 75 there). At most `maxListed` rows are named.
    static func replayed(_ inputs: DoctorInputs) -> CheckResult {
        let port = inputs.port
        guard let rows = inputs.view.observations.portOwners else {
            return CheckResult(id: id, status: .skip,
                               title: "needs the live machine, or a capture with /proc/net/tcp and /proc/net/tcp6 or a listener table (ss -ltnp, netstat -tlnp, lsof -i) (replaying a snapshot)",
                               data: ["reason": "snapshot"])
        }
        // At most `maxListed` rows are named (a pasted table can hold thousands on the port); the count says the rest.
        let shown = rows.prefix(Self.maxListed)
        var listening: [String: JSONValue] = ["source": "capture", "listening": .array(shown.map { .string(IPAddressText.hostPort($0.localAddress, port)) })]
        if rows.count > shown.count { listening["listeningNotListed"] = .number(Double(rows.count - shown.count)) }
        let data = JSONValue.object(listening)
        var listed = shown.map { "LISTEN on \(IPAddressText.hostPort($0.localAddress, port)) (\(listedHolder($0)))" }
        if rows.count > shown.count { listed.append("... and \(rows.count - shown.count) more LISTEN rows on port \(port)") }
        guard case .stop(let code, let message)? = inputs.view.run.port else {
            if rows.isEmpty {
                return CheckResult(id: id, status: .info, title: "no socket listened on port \(port) when the capture was taken",
                                   detail: ["a holder outside Linux (a Windows program where loopback reaches Windows) does not show in a capture"],
                                   data: data)
            }
            return CheckResult(id: id, status: .info, title: "port \(port) was free for the gateway's addresses when the capture was taken",
                               detail: listed.map { "\($0): not on an address the gateway binds" }, data: data)
        }
        return CheckResult(id: id, status: .fail, title: "port \(port) was in use when the capture was taken",
                           detail: listed + ["`openclaw gateway run` would exit \(code) there:"] + message.split(separator: "\n").map(String.init),
                           fix: "on that machine: `ss -tlnp 'sport = :\(port)'` names the process; stop it or run the gateway with --port",
                           data: data)
    }
}
