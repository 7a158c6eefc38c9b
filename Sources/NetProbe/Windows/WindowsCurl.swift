/// The Windows half's reachability probe: Windows' own `curl.exe` (System32, Windows 10 1803 and later), run through
/// interop by absolute path, asking `GET /__openclaw__/identity` of an address as a WINDOWS client sees it; and its
/// answer read as a `ProbeOutcome` (the vocabulary of the Linux probe). The reading is pure.
///
/// The request is HTTP/1.0 without a `Host` header (`-H "Host:"`): the gateway answers the identity document to a
/// request that names no host (`HostPolicy`: a browser always sends one), so a wildcard bind answers on every address.
public enum WindowsCurl {
    /// `curl.exe` under the automount root: `<root>c/Windows/System32/curl.exe`.
    public static let image = "curl.exe"

    /// `curl.exe --noproxy * -s -S -i --http1.0 -H "Host:" --connect-timeout S --max-time S http://HOST:PORT/__openclaw__/identity`;
    /// `--noproxy *` so a Windows proxy setting (`http_proxy`, WinINET is not read by curl) never carries the probe;
    /// `maxTime` in seconds with three decimals, at least 0.1 s.
    public static func arguments(host: String, port: UInt16, maxTime: Duration) -> [String] {
        let ms = max(100, maxTime.components.seconds * 1000 + maxTime.components.attoseconds / 1_000_000_000_000_000)
        let fraction = String(ms % 1000)
        let seconds = "\(ms / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
        return ["--noproxy", "*", "-s", "-S", "-i", "--http1.0", "-H", "Host:", "--connect-timeout", seconds, "--max-time", seconds,
                HostPort.url(scheme: "http", host: host, port: port, path: GatewayIdentity.identityPath)]
    }

    /// Reads one run: curl's exit status (`nil`: killed at the deadline or by a signal), its standard output (the
    /// response head and body, `-i`) and standard error (`curl: (7) Failed to connect ... Connection refused`). Pure.
    ///
    /// Exit 0: the HTTP answer (a `200` identity document of `openclaw-gateway`: a gateway; anything else:
    /// `http-not-websocket` with its status and `Server`); 7: refused, or unreachable / timeout by its message;
    /// 28: timeout; 52, 56: reset; 6: unreachable (the name does not resolve); killed: timeout; other: not HTTP with
    /// curl's message.
    public static func outcome(stdout: [UInt8], stderr: String, exitStatus: Int32?, timedOut: Bool) -> ProbeOutcome {
        let message = stderr.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map(String.init).last { !$0.isEmpty } ?? ""
        if timedOut { return .timeout }
        switch exitStatus {
        case nil:
            return .timeout
        case 0?:
            return httpOutcome(stdout)
        case 7?:
            let lower = message.lowercased()
            if lower.contains("timed out") || lower.contains("timeout") { return .timeout }
            if lower.contains("unreachable") || lower.contains("no route") { return .unreachable(error: message) }
            return .refused
        case 28?:
            return .timeout
        case 52?, 56?:
            return .reset
        case 6?:
            return .unreachable(error: message.isEmpty ? "curl: could not resolve the host" : message)
        case let code?:
            return .notHTTP(preview: message.isEmpty ? "curl exit status \(code)" : BytePreview.escaped(Array(message.utf8)))
        }
    }

    private static func httpOutcome(_ bytes: [UInt8]) -> ProbeOutcome {
        switch HTTPResponseHead.parse(bytes) {
        case .needMore, .invalid:
            return .notHTTP(preview: BytePreview.escaped(bytes))
        case .complete(let head, let consumed):
            if head.status == 200,
               case .complete(let body) = HTTPResponseBody.extract(head: head, bytes: Array(bytes[consumed...]), ended: true,
                                                                   maxBody: IdentityRequest.maxBytes),
               let identity = GatewayIdentity.parseIdentityJSON(body) {
                return .gateway(identity: identity, isSelf: false)
            }
            return .httpNotWebSocket(status: head.status, server: head.value(for: "Server"))
        }
    }
}
