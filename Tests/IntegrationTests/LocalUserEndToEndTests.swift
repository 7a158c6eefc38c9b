import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Issue 23 items 4, 5 and 7, as the issue's attacker did them: a second local account (`SecondLocalUser`:
/// `useradd -m`, `runuser -u`) plants a state directory with `canvas -> /etc`, reads the gateway's command line, and
/// runs a fake gateway claiming pid 1. Root-gated: skipped outside CI when not root, failed under `CI=true`.
@Suite("Local users: another account gets nothing (issue 23 items 4, 5, 7)", .serialized,
       .enabled(if: SecondLocalUser.enabled, SecondLocalUser.skipReason))
struct LocalUserEndToEndTests {
    static var openclaw: String { GatewayTestSupport.openclawBinary }
    static var doctor: String { DoctorTestSupport.doctorBinary }

    static func requireBinaries() throws {
        for binary in [openclaw, doctor] {
            try #require(FileManager.default.isExecutableFile(atPath: binary), "build first: swift build (missing \(binary))")
        }
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> ChildResult {
        try await SpawnedChild.run(openclaw, arguments, environment: ChildEnvironment.clean(extra: environment))
    }

    /// A started peer: runuser (or python) and the program's own pid, stopped by that pid.
    struct Peer {
        let child: SpawnedChild
        let pid: pid_t

        static func start(_ child: SpawnedChild) async throws -> Peer {
            #expect(await child.waitForOutput("ready "), "the fake gateway did not start: \(child.stderr)")
            let line = child.stdout.split(separator: "\n").first { $0.hasPrefix("ready ") } ?? ""
            let pid = try #require(pid_t(line.dropFirst(6)), "no pid in \(child.stdout)")
            return Peer(child: child, pid: pid)
        }

        func stop() {
            kill(pid, SIGTERM)
            child.terminate()
        }
    }

    // MARK: item 4

    @Test("item 4: another user's state directory with canvas -> /etc: a root gateway exits 78 naming path, owner and mode; the doctor says so")
    func foreignStateDirectory() async throws {
        try Self.requireBinaries()
        let user = try await SecondLocalUser.require()
        for base in [user.home, "/tmp"] {
            let dir = base + "/oc-state-\(UUID().uuidString.prefix(8))"
            try await user.shell("mkdir -m 755 '\(dir)' && ln -s /etc '\(dir)/canvas'")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let port = TestPorts.free()
            let result = try await Self.run(["gateway", "run", "--port", String(port), "--state-dir", dir])
            #expect(result.status == 78, "\(result)")
            #expect(result.stderr.contains("uid \(user.uid) (\(user.name))") && result.stderr.contains("mode ")
                    && result.stderr.contains("--state-dir") && result.stderr.contains("Refusing to use the"), "\(result.stderr)")
            // `/tmp` is a root-owned sticky directory: the state directory itself is what is refused there.
            if base == "/tmp" { #expect(result.stderr.contains("the state directory \(dir)"), "\(result.stderr)") }
            #expect((try? GatewayWireClient.get(host: "127.0.0.1", port: port, path: "/__openclaw__/canvas/shadow")) == nil,
                    "nothing listens after the refusal")

            let doctor = try await SpawnedChild.run(Self.doctor, ["--json", "--only", "gateway.state", "--port", String(port), "--state-dir", dir],
                                                    environment: ChildEnvironment.clean())
            let report = try #require(try JSONSerialization.jsonObject(with: Data(doctor.stdout.utf8)) as? [String: Any], "\(doctor)")
            let check = try #require((report["checks"] as? [[String: Any]])?.first { $0["id"] as? String == "gateway.state" })
            #expect(check["status"] as? String == "fail", "\(check)")
            #expect((check["fix"] as? String)?.contains("--state-dir") == true, "\(check)")
        }
    }

    @Test("sec2 re-attack, item 4: another user's symlink in /tmp naming root's own state directory or token file: a root gateway exits 78 naming the symlink (at a625e63 it started, and re-pointing the link at a directory with canvas -> /etc served /etc/shadow); the doctor says so")
    func foreignSymlinkOnPath() async throws {
        try Self.requireBinaries()
        let user = try await SecondLocalUser.require()
        let tag = UUID().uuidString.prefix(8)
        let state = TestDirectory.make("oc-root-state", mode: 0o700)
        let token = state + "/token"
        try "0123456789abcdef0123\n".write(toFile: token, atomically: false, encoding: .utf8)
        chmod(token, 0o600)
        let evil = "\(user.home)/oc-evil-\(tag)", link = "/tmp/oc-link-\(tag)", tokenLink = "/tmp/oc-tlink-\(tag)"
        try await user.shell("mkdir -m 755 '\(evil)' && ln -s /etc '\(evil)/canvas' && ln -s '\(state)' '\(link)' && ln -s '\(token)' '\(tokenLink)'")
        defer { for path in [state, evil, link, tokenLink] { try? FileManager.default.removeItem(atPath: path) } }

        let port = TestPorts.free()
        let gateway = try SpawnedChild.start(Self.openclaw, ["gateway", "run", "--port", String(port), "--state-dir", link],
                                             environment: ChildEnvironment.clean(extra: ["OPENCLAW_GATEWAY_TOKEN": "0123456789abcdef0123"]))
        defer { gateway.terminate() }
        if await gateway.waitForOutput("listening on") {
            // It trusted the path: the link's owner re-points it, and the canvas root is opened by path per request.
            try await user.shell("ln -sfn '\(evil)' '\(link)'")
            let shadow = try? GatewayWireClient.get(host: "127.0.0.1", port: port, path: "/__openclaw__/canvas/shadow")
            Issue.record("a root gateway started through another account's symlink; after re-pointing it, /etc/shadow: \(String(describing: shadow?.status))")
        }
        let status = await gateway.waitForExit()
        #expect(status == 78, "\(String(describing: status)) \(gateway.stderr)")
        #expect(gateway.stderr.contains("Refusing to use the symlink on the state directory's path \(link): it is owned by uid \(user.uid) (\(user.name))"),
                "\(gateway.stderr)")

        let viaToken = try await Self.run(["gateway", "run", "--port", String(TestPorts.free()), "--state-dir", state, "--token-file", tokenLink])
        #expect(viaToken.status == 78, "\(viaToken)")
        #expect(viaToken.stderr.contains("symlink on the token file's path \(tokenLink)") && viaToken.stderr.contains("uid \(user.uid)"), "\(viaToken.stderr)")

        let doctor = try await SpawnedChild.run(Self.doctor, ["--json", "--only", "gateway.state", "--port", String(port), "--state-dir", link],
                                                environment: ChildEnvironment.clean())
        let report = try #require(try JSONSerialization.jsonObject(with: Data(doctor.stdout.utf8)) as? [String: Any], "\(doctor)")
        let check = try #require((report["checks"] as? [[String: Any]])?.first { $0["id"] as? String == "gateway.state" })
        #expect(check["status"] as? String == "fail" && check["path"] as? String == link, "\(check)")
    }

    @Test("defects round, item 2: a world-writable or another user's directory beneath a root gateway's canvas root: exit 78 naming path, owner and mode; the doctor's gateway.state fails with `chmod go-w PATH`")
    func untrustedCanvasDirectory() async throws {
        try Self.requireBinaries()
        let user = try await SecondLocalUser.require()
        let state = TestDirectory.make("canvas-dir-e2e")
        chmod(state, 0o700)
        let shared = state + "/canvas/assets/shared"
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true)
        chmod(state + "/canvas", 0o755)
        chmod(state + "/canvas/assets", 0o755)
        chmod(shared, 0o777)
        // A file the other account put there: 403 per request; the directory is now refused at start.
        try "planted".write(toFile: shared + "/index.html", atomically: false, encoding: .utf8)
        #expect(chown(shared + "/index.html", user.uid, user.gid) == 0)
        let port = TestPorts.free()
        let arguments = ["--port", String(port), "--state-dir", state]
        let open = try await Self.run(["gateway", "run"] + arguments)
        #expect(open.status == 78, "\(open)")
        #expect(open.stderr.contains("directory in the canvas root \(shared)") && open.stderr.contains("mode 777")
                && open.stderr.contains("owner uid 0") && open.stderr.contains("chmod go-w \(shared)"), "\(open.stderr)")
        #expect((try? GatewayWireClient.get(host: "127.0.0.1", port: port, path: "/__openclaw__/canvas/assets/shared/index.html")) == nil,
                "nothing listens after the refusal")
        let doctor = try await SpawnedChild.run(Self.doctor, ["--json", "--only", "gateway.state"] + arguments, environment: ChildEnvironment.clean())
        let check = try #require(((try JSONSerialization.jsonObject(with: Data(doctor.stdout.utf8)) as? [String: Any])?["checks"] as? [[String: Any]])?
            .first { $0["id"] as? String == "gateway.state" }, "\(doctor)")
        #expect(check["status"] as? String == "fail" && (check["fix"] as? String)?.contains("chmod go-w \(shared)") == true, "\(check)")

        chmod(shared, 0o755)
        #expect(chown(shared, user.uid, user.gid) == 0)
        let theirs = try await Self.run(["gateway", "run"] + arguments)
        #expect(theirs.status == 78 && theirs.stderr.contains("directory in the canvas root \(shared)")
                && theirs.stderr.contains("uid \(user.uid) (\(user.name))"), "\(theirs)")
    }

    @Test("item 4: a root gateway's canvas never serves /etc through a symlink (openat2 RESOLVE_BENEATH), and serves its own files")
    func canvasStaysBeneath() async throws {
        try Self.requireBinaries()
        let state = TestDirectory.make("canvas-e2e")
        chmod(state, 0o700)
        let canvas = state + "/canvas"
        try FileManager.default.createDirectory(atPath: canvas, withIntermediateDirectories: false)
        try "hello".write(toFile: canvas + "/hello.txt", atomically: true, encoding: .utf8)
        for (name, target) in ["etc": "/etc", "shadow": "/etc/shadow", "up": ".."] {
            try FileManager.default.createSymbolicLink(atPath: canvas + "/" + name, withDestinationPath: target)
        }
        let port = TestPorts.free()
        let gateway = try SpawnedChild.start(Self.openclaw, ["gateway", "run", "--port", String(port), "--state-dir", state],
                                             environment: ChildEnvironment.clean())
        defer { gateway.terminate() }
        #expect(await gateway.waitForOutput("listening on"), "\(gateway.stderr)")
        let ok = try GatewayWireClient.get(host: "127.0.0.1", port: port, path: "/__openclaw__/canvas/hello.txt")
        #expect(ok.status == 200 && ok.body == "hello")
        for path in ["shadow", "etc/shadow", "etc/passwd", "up/canvas/hello.txt"] {
            let answer = try GatewayWireClient.get(host: "127.0.0.1", port: port, path: "/__openclaw__/canvas/" + path)
            #expect(answer.status == 403 && !answer.body.contains("root:"), "\(path): \(answer.status) \(answer.body.prefix(80))")
        }
        gateway.signal(SIGTERM)
        #expect(await gateway.waitForExit() == 0)
    }

    // MARK: item 5

    @Test("item 5: --token VALUE is overwritten in /proc/PID/cmdline (read as another user), still authenticates, and the doctor flags it masked")
    func tokenNotOnCommandLine() async throws {
        try Self.requireBinaries()
        let user = try await SecondLocalUser.require()
        let token = "cmdline-secret-\(UUID().uuidString.prefix(8))"
        let state = TestDirectory.make("token-e2e")
        let port = TestPorts.free()
        let gateway = try SpawnedChild.start(Self.openclaw, ["gateway", "run", "--port", String(port), "--state-dir", state, "--token", token],
                                             environment: ChildEnvironment.clean())
        defer { gateway.terminate() }
        #expect(await gateway.waitForOutput("listening on"), "\(gateway.stderr)")
        let seen = try await user.run("/bin/cat", ["/proc/\(gateway.pid)/cmdline"])
        #expect(seen.status == 0, "\(seen)")
        let arguments = seen.stdout.split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
        #expect(!seen.stdout.contains(token) && !seen.stdout.contains("cmdline-secret"), "the token is readable: \(arguments)")
        #expect(arguments.contains("--token") && arguments.contains(String(repeating: "x", count: token.utf8.count)), "\(arguments)")

        let client = try GatewayWireClient(host: "127.0.0.1", port: port)
        #expect(try client.upgrade(host: "127.0.0.1", port: port) == 101)
        _ = try client.readJSON()
        try client.sendText(GatewayEndToEndTests.connectFrame(token: token))
        #expect(try client.readJSON()["ok"] as? Bool == true, "the parsed token still authenticates")

        let doctor = try await SpawnedChild.run(Self.doctor, ["--json", "--only", "gateway.cmdline", "--port", String(port), "--state-dir", state],
                                                environment: ChildEnvironment.clean())
        #expect(!doctor.stdout.contains(token))
        let check = try #require(((try JSONSerialization.jsonObject(with: Data(doctor.stdout.utf8)) as? [String: Any])?["checks"] as? [[String: Any]])?
            .first { $0["id"] as? String == "gateway.cmdline" }, "\(doctor)")
        #expect(check["status"] as? String == "warn", "the overwritten value is a warning: \(check)")
        gateway.signal(SIGTERM)
        #expect(await gateway.waitForExit() == 0)
    }

    @Test("item 5: the doctor fails gateway.cmdline for another user's listener whose command line holds a token, and never prints it")
    func doctorFlagsTokenOnCommandLine() async throws {
        try Self.requireBinaries()
        let user = try await SecondLocalUser.require()
        let port = TestPorts.free()
        let secret = "listener-secret-\(UUID().uuidString.prefix(8))"
        let script = "import os, socket, sys\ns = socket.socket(); s.bind(('127.0.0.1', int(sys.argv[1]))); s.listen(1)\n"
            + "print('ready %d' % os.getpid(), flush=True)\nimport time\nwhile True: time.sleep(1)\n"
        let peer = try await Peer.start(try user.start("/usr/bin/python3", ["-c", script, String(port), "--token", secret]))
        defer { peer.stop() }
        for arguments in [["--json"], ["-v"]] {
            let doctor = try await SpawnedChild.run(Self.doctor, arguments + ["--only", "gateway.cmdline", "--port", String(port)],
                                                    environment: ChildEnvironment.clean())
            #expect(!doctor.stdout.contains(secret) && !doctor.stderr.contains(secret), "\(doctor)")
            #expect(doctor.stdout.contains("pid \(peer.pid)") && doctor.stdout.contains("--token-file"), "\(doctor.stdout)")
            guard arguments == ["--json"] else { continue }
            let check = try #require(((try JSONSerialization.jsonObject(with: Data(doctor.stdout.utf8)) as? [String: Any])?["checks"] as? [[String: Any]])?
                .first { $0["id"] as? String == "gateway.cmdline" }, "\(doctor)")
            #expect(check["status"] as? String == "fail", "\(check)")
            #expect((check["detail"] as? [String])?.joined().contains("--token ***") == true, "\(check)")
        }
    }

    @Test("item 5: --token-file refuses a file others can read, another user owns or that sits in another user's directory, reads a private one; never with --token")
    func tokenFile() async throws {
        try Self.requireBinaries()
        let user = try await SecondLocalUser.require()
        let dir = TestDirectory.make("token-file")
        let path = dir + "/token"
        let token = "file-token-\(UUID().uuidString.prefix(12))"
        try (token + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let port = TestPorts.free()
        let base = ["gateway", "run", "--port", String(port), "--state-dir", dir + "/state"]
        chmod(path, 0o644)
        let loose = try await Self.run(base + ["--token-file", path])
        #expect(loose.status == 78 && loose.stderr.contains("mode 644") && loose.stderr.contains("chmod 600 \(path)"), "\(loose)")
        chmod(path, 0o600)
        #expect(chown(path, user.uid, user.gid) == 0)
        let foreign = try await Self.run(base + ["--token-file", path])
        #expect(foreign.status == 78 && foreign.stderr.contains("uid \(user.uid) (\(user.name))"), "\(foreign)")
        #expect(chown(path, 0, 0) == 0)
        // Root's own private file, but in the other account's home: that account can replace it.
        let planted = user.home + "/oc-token-\(UUID().uuidString.prefix(8))"
        try (token + "\n").write(toFile: planted, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: planted) }
        chmod(planted, 0o600)
        let theirDirectory = try await Self.run(base + ["--token-file", planted])
        #expect(theirDirectory.status == 78 && theirDirectory.stderr.contains("directory above the token file \(user.home)")
                && theirDirectory.stderr.contains("uid \(user.uid) (\(user.name))") && !theirDirectory.stderr.contains(token), "\(theirDirectory)")
        let both = try await Self.run(base + ["--token-file", path, "--token", "x"])
        #expect(both.status == 64, "\(both)")

        let gateway = try SpawnedChild.start(Self.openclaw, base + ["--token-file", path], environment: ChildEnvironment.clean())
        defer { gateway.terminate() }
        #expect(await gateway.waitForOutput("listening on"), "\(gateway.stderr)")
        let client = try GatewayWireClient(host: "127.0.0.1", port: port)
        #expect(try client.upgrade(host: "127.0.0.1", port: port) == 101)
        _ = try client.readJSON()
        try client.sendText(GatewayEndToEndTests.connectFrame(token: token))
        #expect(try client.readJSON()["ok"] as? Bool == true, "the file's token, newline dropped, authenticates")
        let cmdline = try String(contentsOfFile: "/proc/\(gateway.pid)/cmdline", encoding: .utf8)
        #expect(!cmdline.contains(token))
        gateway.signal(SIGTERM)
        #expect(await gateway.waitForExit() == 0)
    }

    @Test("item 5: the unit text `gateway install` writes (`gateway unit` prints it) never carries the token from the environment or openclaw.json")
    func unitHoldsNoToken() async throws {
        try Self.requireBinaries()
        let state = TestDirectory.make("unit-token")
        chmod(state, 0o700)
        let fileToken = "config-file-token-\(UUID().uuidString.prefix(8))"
        try "{\"gateway\":{\"auth\":{\"token\":\"\(fileToken)\"}}}".write(toFile: state + "/openclaw.json", atomically: true, encoding: .utf8)
        let envToken = "environment-token-\(UUID().uuidString.prefix(8))"
        let unit = try await Self.run(["gateway", "unit", "--port", "18789", "--state-dir", state], environment: ["OPENCLAW_GATEWAY_TOKEN": envToken])
        #expect(unit.status == 0, "\(unit)")
        let execStart = unit.stdout.split(separator: "\n").first { $0.hasPrefix("ExecStart=") } ?? ""
        #expect(execStart.contains("gateway run --port 18789"), "\(unit.stdout)")
        #expect(!unit.stdout.contains(fileToken) && !unit.stdout.contains(envToken) && !execStart.contains("--token"), "\(unit.stdout)")
    }

    // MARK: item 7

    @Test("item 7: another user's fake gateway claiming pid 1: exit 78 without `kill -TERM 1`, naming what the socket tables show")
    func fakePeerClaimsPidOne() async throws {
        try Self.requireBinaries()
        let user = try await SecondLocalUser.require()
        let port = TestPorts.free()
        let peer = try await Peer.start(try user.start("/usr/bin/python3", FakeGatewayPeer.arguments(port: port, claims: .init(pid: 1))))
        defer { peer.stop() }
        let state = TestDirectory.make("claims-pid-1")
        let probe = try await Self.run(["gateway", "run", "--port", String(port), "--state-dir", state, "--instance-check", "loopback-probe"])
        #expect(probe.status == 78, "\(probe)")
        #expect(!probe.stderr.contains("kill -TERM 1") && !probe.stderr.contains("pid 1,") && probe.stderr.contains("unverified"), "\(probe.stderr)")
        #expect(probe.stderr.contains("uid \(user.uid) \(user.name)") && probe.stderr.contains("inode ")
                && probe.stderr.contains("pid \(peer.pid) python3"), "root sees the real holder: \(probe.stderr)")
        // Under pidfile the bind fails: 75 naming the real holder, never the claimed pid.
        let bind = try await Self.run(["gateway", "run", "--port", String(port), "--state-dir", state, "--instance-check", "pidfile"])
        #expect(bind.status == 75 && !bind.stderr.contains("kill -TERM") && bind.stderr.contains("pid \(peer.pid)"), "\(bind)")
    }

    /// Whether `text` names pid `pid` (`pid 1`, not `pid 12`).
    static func names(pid: Int32, in text: String) -> Bool {
        var rest = Substring(text)
        let needle = "pid \(pid)"
        while let range = rest.firstRange(of: needle) {
            if rest[range.upperBound...].first.map({ !$0.isNumber }) ?? true { return true }
            rest = rest[range.upperBound...]
        }
        return false
    }

    @Test("defects round, items 1 and 5: another user's fake gateway claiming pid 1: status, stop, probe and the doctor's gateway.reach and gateway.port never print pid 1; they say the holder is unverified and name what the socket tables show")
    func claimedPidNeverPrinted() async throws {
        try Self.requireBinaries()
        let user = try await SecondLocalUser.require()
        let port = TestPorts.free()
        let peer = try await Peer.start(try user.start("/usr/bin/python3", FakeGatewayPeer.arguments(port: port, claims: .init(pid: 1))))
        defer { peer.stop() }
        let state = TestDirectory.make("claimed-pid")
        chmod(state, 0o700)
        let common = ["--port", String(port), "--state-dir", state]
        let shown = "(uid \(user.uid) \(user.name)): pid \(peer.pid) python3"
        #expect(!Self.names(pid: 1, in: "pid 12 pid 123") && Self.names(pid: 1, in: "(pid 1)") && Self.names(pid: 1, in: "pid 1"))

        let status = try await Self.run(["gateway", "status"] + common)
        #expect(status.status == 3, "\(status)")
        #expect(!Self.names(pid: 1, in: status.stdout + status.stderr), "status: \(status.stdout)")
        #expect(status.stdout.contains("instance fake-instance; holder unverified: the socket tables show")
                && status.stdout.contains(shown), "status: \(status.stdout)")
        let json = try await Self.run(["gateway", "status", "--json"] + common)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json)")
        let results = try #require((report["probe"] as? [String: Any])?["results"] as? [[String: Any]], "\(json.stdout)")
        let answered = try #require(results.first { $0["verdict"] as? String == "gateway" }, "\(results)")
        #expect(answered["pid"] == nil && (answered["holder"] as? String)?.contains(shown) == true, "\(answered)")

        let stop = try await Self.run(["gateway", "stop"] + common)
        #expect(stop.status == 1, "\(stop)")
        #expect(!Self.names(pid: 1, in: stop.stdout + stop.stderr) && stop.stderr.contains("holder unverified") && stop.stderr.contains(shown),
                "stop: \(stop.stderr)")

        let probe = try await Self.run(["gateway", "probe", "--port", String(port)])
        #expect(probe.status == 0, "\(probe)")
        #expect(!Self.names(pid: 1, in: probe.stdout) && probe.stdout.contains("holder unverified") && probe.stdout.contains(shown),
                "probe: \(probe.stdout)")

        // The doctor: gateway.reach names no claimed pid; gateway.port's prediction reads the same socket tables as its
        // holder list (item 5: never "not read" beside the holder it names).
        // (gateway.probe gathers the loopback probes the prediction reads.)
        let doctorArguments = ["--only", "gateway.reach", "--only", "gateway.port", "--only", "gateway.probe",
                               "--instance-check", "loopback-probe"] + common
        let text = try await SpawnedChild.run(Self.doctor, ["-v"] + doctorArguments, environment: ChildEnvironment.clean())
        #expect(!Self.names(pid: 1, in: text.stdout), "doctor: \(text.stdout)")
        #expect(text.stdout.contains("holder unverified") && text.stdout.contains(shown),
                "doctor: \(text.stdout)")
        let doctor = try await SpawnedChild.run(Self.doctor, ["--json"] + doctorArguments, environment: ChildEnvironment.clean())
        let checks = try #require((try JSONSerialization.jsonObject(with: Data(doctor.stdout.utf8)) as? [String: Any])?["checks"] as? [[String: Any]],
                                  "\(doctor)")
        let portCheck = try #require(checks.first { $0["id"] as? String == "gateway.port" }, "\(checks)")
        let detail = (portCheck["detail"] as? [String] ?? []).joined(separator: "\n")
        #expect(portCheck["status"] as? String == "fail" && detail.contains("exit 78") && detail.contains(shown)
                && !detail.contains("not read") && !Self.names(pid: 1, in: detail), "\(portCheck)")
    }

    @Test("item 7: a holder of our lock whose metadata claims pid 1 gets no kill advice; as another user the holder is 'not visible'")
    func forgedLockMetadata() async throws {
        try Self.requireBinaries()
        let user = try await SecondLocalUser.require()
        // Root's own state directory, a root program holding the lock with forged metadata (`"pid": 1`).
        let state = TestDirectory.make("forged-lock")
        chmod(state, 0o700)
        #expect(mkdir(state + "/run", 0o700) == 0)
        let port = TestPorts.free()
        let peer = try await Peer.start(try SpawnedChild.start("/usr/bin/python3", FakeGatewayPeer.arguments(
            port: port, claims: .init(pid: 1), lockPath: state + "/run/gateway-\(port).lock"),
                                                               environment: ChildEnvironment.clean()))
        defer { peer.stop() }
        let held = try await Self.run(["gateway", "run", "--port", String(port), "--state-dir", state])
        #expect(held.status == 78, "\(held)")
        #expect(!held.stderr.contains("kill -TERM") && !held.stderr.contains("pid 1,") && held.stderr.contains("unverified")
                && held.stderr.contains("fake-instance"), "\(held.stderr)")
        // gateway status names the lock holder's pid only once gateway stop's verification confirms it.
        let status = try await Self.run(["gateway", "status", "--port", String(port), "--state-dir", state])
        #expect(status.status == 0 && status.stdout.contains("Runtime: running (instance fake-instance, status ready; pid unverified")
                && !status.stdout.contains("(pid 1,") && status.stdout.contains("Process: not verified"), "\(status.stdout)")
        // So does the doctor's gateway.lock (the same verification).
        let doctor = try await SpawnedChild.run(Self.doctor, ["--json", "--only", "gateway.lock", "--port", String(port), "--state-dir", state],
                                                environment: ChildEnvironment.clean())
        let lock = try #require(((try JSONSerialization.jsonObject(with: Data(doctor.stdout.utf8)) as? [String: Any])?["checks"] as? [[String: Any]])?
            .first { $0["id"] as? String == "gateway.lock" }, "\(doctor)")
        let lockTitle = lock["title"] as? String ?? ""
        #expect(lock["status"] as? String == "warn" && lockTitle.contains("unverified") && !Self.names(pid: 1, in: lockTitle), "\(lock)")

        // The second user, with its own state directory, meets the same peer on the port: root's process is not
        // visible to it, and the message says so instead of naming the claimed pid.
        let theirs = user.home + "/oc-probe-\(UUID().uuidString.prefix(8))"
        try await user.shell("mkdir -m 700 '\(theirs)'")
        defer { try? FileManager.default.removeItem(atPath: theirs) }
        var environment = ChildEnvironment.clean()
        environment["HOME"] = user.home
        let binary = try user.executableCopy(of: Self.openclaw)
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: binary).deletingLastPathComponent().path) }
        let asUser = try await user.run(binary, ["gateway", "run", "--port", String(port), "--state-dir", theirs, "--instance-check", "loopback-probe"],
                                        environment: environment)
        #expect(asUser.status == 78, "\(asUser)")
        #expect(!asUser.stderr.contains("kill -TERM") && asUser.stderr.contains("not visible to this user")
                && asUser.stderr.contains("uid 0"), "\(asUser.stderr)")
    }
}
