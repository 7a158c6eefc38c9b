import Foundation

/// A fake gateway for end-to-end tests (a Python 3 program): listens on 127.0.0.1:PORT, answers
/// `GET /__openclaw__/identity` and the WebSocket upgrade of `/` with a `connect.challenge` frame as the gateway does,
/// optionally holds the gateway's lock file (`flock`) with metadata it writes itself, and prints `ready OWNPID` once
/// it listens. What it claims (pid, instance id, strategy, version, start time) is the test's: a forged pid, terminal
/// escapes in the texts. Started as `python3 FakeGatewayPeer.arguments(...)`.
public enum FakeGatewayPeer {
    /// What the peer says about itself, in its lock metadata, identity document and challenge frame.
    public struct Claims: Sendable {
        /// The pid it claims (its `processStartTime` is that process's); `nil`: its own.
        public var pid: Int32?
        public var instanceId: String
        public var strategy: String
        public var version: String
        public var startedAt: String

        public init(pid: Int32? = nil, instanceId: String = "fake-instance", strategy: String = "pidfile",
                    version: String = "9.9.9", startedAt: String = "2026-01-01T00:00:00Z") {
            self.pid = pid
            self.instanceId = instanceId
            self.strategy = strategy
            self.version = version
            self.startedAt = startedAt
        }
    }

    /// `python3`'s arguments: `-c PROGRAM PORT PID|self TEXTS-JSON LOCK-PATH|""`.
    public static func arguments(port: UInt16, claims: Claims, lockPath: String? = nil) -> [String] {
        let texts = ["instanceId": claims.instanceId, "strategy": claims.strategy, "version": claims.version,
                     "startedAt": claims.startedAt]
        let json = (try? JSONSerialization.data(withJSONObject: texts, options: [.sortedKeys]))
            .map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return ["-c", program, String(port), claims.pid.map { String($0) } ?? "self", json, lockPath ?? ""]
    }

    static let program = #"""
        import base64, fcntl, hashlib, json, os, socket, sys, threading
        port, claimed, texts, lock_path = int(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3]), sys.argv[4]
        pid = os.getpid() if claimed == "self" else int(claimed)
        boot = open("/proc/sys/kernel/random/boot_id").read().strip()
        if lock_path:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(fd, fcntl.LOCK_EX)
            # The claimed process's own start time: the metadata passes the lock's liveness test; only the kernel's
            # lock table tells.
            start = int(open("/proc/%s/stat" % ("self" if claimed == "self" else pid)).read().rsplit(")", 1)[1].split()[19])
            meta = {"pid": pid, "processStartTime": start, "bootId": boot, "instanceId": texts["instanceId"], "port": port,
                    "bindAddresses": ["127.0.0.1"], "strategy": texts["strategy"], "version": texts["version"],
                    "startedAt": texts["startedAt"], "status": "ready"}
            os.ftruncate(fd, 0); os.pwrite(fd, (json.dumps(meta) + "\n").encode(), 0)
        identity = json.dumps({"service": "openclaw-gateway", "instanceId": texts["instanceId"], "pid": pid,
                               "version": texts["version"], "startedAt": texts["startedAt"], "bootId": boot, "port": port}).encode()
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
                frame = json.dumps({"type": "event", "event": "connect.challenge", "payload": {"nonce": "n", "instanceId": texts["instanceId"]}}).encode()
                conn.sendall(bytes([0x81, 126]) + len(frame).to_bytes(2, "big") + frame if len(frame) > 125 else bytes([0x81, len(frame)]) + frame)
                conn.recv(4096)
            except OSError:
                pass
            finally:
                conn.close()
        srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        srv.bind(("127.0.0.1", port)); srv.listen(64)
        print("ready %d" % os.getpid(), flush=True)
        while True:
            c, _ = srv.accept()
            threading.Thread(target=serve, args=(c,), daemon=True).start()
        """#
}
