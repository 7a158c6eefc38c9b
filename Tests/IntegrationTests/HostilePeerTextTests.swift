import Foundation
import Gateway
import Testing
import TestSupport

/// Issue 23 item 6: a fake gateway on the port (a Python program holding the lock with forged metadata and
/// answering the WebSocket challenge and the identity endpoint) whose `instanceId`, `version` and `startedAt` hold
/// terminal escapes (`ESC ] 0 ; ... BEL`, `ESC [ 2 J`, the C1 CSI). `openclaw gateway run|status|probe|stop`, text and
/// JSON, must never write one raw: one escaping rule (`TerminalText`) for every string from outside.
extension GatewayEndToEndTests {
    static let hostilePeer = #"""
        import base64, fcntl, hashlib, json, os, socket, sys, threading
        lock_path, port = sys.argv[1], int(sys.argv[2])
        evil = "\x1b]0;PWNED\x07\x1b[2J\u009b31m"
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)
        start = int(open("/proc/self/stat").read().rsplit(")", 1)[1].split()[19])
        boot = open("/proc/sys/kernel/random/boot_id").read().strip()
        meta = {"pid": os.getpid(), "processStartTime": start, "bootId": boot, "instanceId": "id" + evil, "port": port,
                "bindAddresses": ["127.0.0.1"], "strategy": "pidfile" + evil, "version": "v" + evil,
                "startedAt": "t" + evil, "status": "ready"}
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(meta) + "\n").encode(), 0)
        identity = json.dumps({"service": "openclaw-gateway", "instanceId": "id" + evil, "pid": os.getpid(),
                               "version": "v" + evil, "startedAt": "t" + evil, "bootId": boot, "port": port}).encode()
        def serve(conn):
            try:
                head = b""
                while b"\r\n\r\n" not in head:
                    chunk = conn.recv(4096)
                    if not chunk: return
                    head += chunk
                text = head.decode("latin-1")
                if text.startswith("GET /__openclaw__/identity"):
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % len(identity) + identity)
                    return
                key = [l.split(":", 1)[1].strip() for l in text.split("\r\n") if l.lower().startswith("sec-websocket-key:")]
                if not key:
                    conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"); return
                accept = base64.b64encode(hashlib.sha1((key[0] + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest())
                conn.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept + b"\r\n\r\n")
                frame = json.dumps({"type": "event", "event": "connect.challenge", "payload": {"nonce": "n", "instanceId": "id" + evil}}).encode()
                conn.sendall(bytes([0x81, 126]) + len(frame).to_bytes(2, "big") + frame if len(frame) > 125 else bytes([0x81, len(frame)]) + frame)
                conn.recv(4096)
            except OSError:
                pass
            finally:
                conn.close()
        srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        srv.bind(("127.0.0.1", port)); srv.listen(64)
        print("ready", flush=True)
        while True:
            c, _ = srv.accept()
            threading.Thread(target=serve, args=(c,), daemon=True).start()
        """#

    @Test("issue 23 item 6: a peer's terminal escapes never reach the terminal from gateway run, status, probe or stop (text and --json)")
    func hostilePeerText() async throws {
        try Self.requireBinary()
        let gw = Gateway()
        let lockDirectory = gw.stateDir + "/run"
        try FileManager.default.createDirectory(atPath: lockDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let peer = try SpawnedChild.start("/usr/bin/env", ["python3", "-c", Self.hostilePeer, lockDirectory + "/gateway-\(gw.port).lock", String(gw.port)],
                                          environment: GatewayTestSupport.childEnvironment())
        defer { peer.terminate() }
        #expect(await peer.waitForOutput("ready"), "the fake gateway did not start: \(peer.stderr)")
        func raw(_ text: String) -> Bool {
            text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || ($0.value >= 0x7F && $0.value <= 0x9F) }
        }
        var sawPeerText = false
        for arguments in [["gateway", "status"], ["gateway", "status", "--json"], ["gateway", "probe"], ["gateway", "probe", "--json"],
                          ["gateway", "stop", "--timeout", "1"], ["gateway", "run"]] {
            let result = try await gw.command(arguments)
            #expect(!raw(result.out) && !raw(result.err), "\(arguments): \(result.out.debugDescription) \(result.err.debugDescription)")
            if result.out.contains("PWNED") || result.err.contains("PWNED") { sawPeerText = true }
        }
        #expect(sawPeerText, "the peer's strings reached some output (escaped), so the check above means something")
        #expect(peer.isRunning, "stop did not signal an unverified holder")
    }
}
