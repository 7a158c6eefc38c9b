import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// STAND-INS for Windows' tools, because no machine here runs Windows (see docs/simulator.md): executable shell
/// scripts named `netstat.exe`, `tasklist.exe`, `netsh.exe`, `wsl.exe`, `ipconfig.exe` under a fake `<root>c/Windows/System32/`, that
/// replay RECORDED real outputs (Tests/Fixtures/windows/, with CRLF; `wsl.exe` in UTF-16LE as the real one writes),
/// after a delay, or hang, or fail. A `wsl.conf` pointing `[automount] root` at the fake tree is handed to the reader
/// with the `OPENCLAW_WSL_CONF` hook. Also builds a stand-in for WSL's bind hook: an `LD_PRELOAD` shim of `bind(2)`
/// that answers `WSIM_BIND_ERRNO` (EADDRINUSE by default) for port `WSIM_WINDOWS_HELD_PORT`, as WSL does for a port
/// Windows holds under mirrored networking (this kernel cannot refuse a bind on Windows' behalf).
public struct WindowsStandIns: Sendable {
    /// What one stand-in does.
    public enum Behaviour: Sendable {
        /// Print this output (per argument pattern, see `netstatV6`) after `delay`, exit 0.
        case answer(delay: Duration)
        /// Never answer (sleeps far beyond any deadline).
        case hang
        /// Print an error on standard error and exit 1.
        case fail
    }

    public let directory: String
    /// `<directory>/wsl.conf`, for `OPENCLAW_WSL_CONF`.
    public var wslConf: String { directory + "/wsl.conf" }
    /// The fake automount root (`<directory>/win/`).
    public var automountRoot: String { directory + "/win/" }

    /// Creates the tree. `netstat`, `tasklist`, `excludedPortRange`, `dynamicPortRange`, `wslVersion`: the text each
    /// replays. `interop`: `false` writes `[interop] enabled=false`. `curlNamespace`: the simulator's "Windows"
    /// network namespace (`wsim-ID-w`); when given, a `curl.exe` stand-in is written that REALLY connects: it runs
    /// Linux's curl with the same arguments inside that namespace (`nsenter --net=/run/netns/NS`), so a cell is the
    /// simulated network's answer, never a scripted one (its behaviour: `curl.exe` in `behaviour`).
    public static func make(
        netstat: String, tasklist: String, excludedPortRange: String, dynamicPortRange: String, wslVersion: String,
        ipconfig: String = WindowsStandIns.ipconfigNAT, behaviour: [String: Behaviour] = [:], defaultBehaviour: Behaviour = .answer(delay: .milliseconds(150)),
        interop: Bool = true, curlNamespace: String? = nil
    ) throws -> WindowsStandIns {
        let directory = TestDirectory.make("windows-standins")
        let system32 = directory + "/win/c/Windows/System32"
        try FileManager.default.createDirectory(atPath: system32, withIntermediateDirectories: true)
        let data = directory + "/data"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        func crlf(_ text: String) -> Data { Data(text.replacingOccurrences(of: "\n", with: "\r\n").utf8) }
        try crlf(netstat).write(to: URL(fileURLWithPath: data + "/netstat-tcp"))
        try crlf("\nActive Connections\n\n  Proto  Local Address          Foreign Address        State           PID\n")
            .write(to: URL(fileURLWithPath: data + "/netstat-tcpv6"))
        try crlf(tasklist).write(to: URL(fileURLWithPath: data + "/tasklist"))
        try crlf(excludedPortRange).write(to: URL(fileURLWithPath: data + "/excluded"))
        try crlf(dynamicPortRange).write(to: URL(fileURLWithPath: data + "/dynamic"))
        let utf16 = [UInt8]([0xFF, 0xFE]) + wslVersion.replacingOccurrences(of: "\n", with: "\r\n").utf16
            .flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        try Data(utf16).write(to: URL(fileURLWithPath: data + "/wsl-version"))
        try crlf(ipconfig).write(to: URL(fileURLWithPath: data + "/ipconfig"))

        // Which data file each invocation replays, chosen by its arguments as the real tools' are.
        let bodies: [String: String] = [
            "netstat.exe": #"case "$3" in TCPv6) f=netstat-tcpv6 ;; *) f=netstat-tcp ;; esac"#,
            "tasklist.exe": "f=tasklist",
            "netsh.exe": #"case "$4" in dynamicportrange) f=dynamic ;; *) f=excluded ;; esac"#,
            "wsl.exe": "f=wsl-version",
            "ipconfig.exe": "f=ipconfig",
        ]
        for (tool, choose) in bodies {
            let action: String
            switch behaviour[tool] ?? defaultBehaviour {
            case .answer(let delay):
                let ms = delay.components.seconds * 1000 + delay.components.attoseconds / 1_000_000_000_000_000
                action = "sleep \(Double(ms) / 1000)\n\(choose)\nexec cat '\(data)/'\"$f\""
            case .hang:
                action = "exec sleep 600"
            case .fail:
                action = "echo 'The requested operation requires elevation.' >&2\nexit 1"
            }
            let path = system32 + "/" + tool
            try "#!/bin/sh\n# stand-in for Windows' \(tool) (no machine here runs Windows); replays recorded output\n\(action)\n"
                .write(toFile: path, atomically: true, encoding: .utf8)
            chmod(path, 0o755)
        }
        if let curlNamespace {
            let action: String
            switch behaviour["curl.exe"] ?? defaultBehaviour {
            case .answer(let delay):
                let ms = delay.components.seconds * 1000 + delay.components.attoseconds / 1_000_000_000_000_000
                action = "sleep \(Double(ms) / 1000)\nexec /usr/bin/nsenter --net=/run/netns/\(curlNamespace) /usr/bin/curl \"$@\""
            case .hang:
                action = "exec sleep 600"
            case .fail:
                action = "echo 'curl: (2) Failed initialization' >&2\nexit 2"
            }
            let path = system32 + "/curl.exe"
            try ("#!/bin/sh\n# stand-in for Windows' curl.exe (no machine here runs Windows): Linux's curl, same arguments, run in the\n"
                 + "# simulator's \"Windows\" network namespace, so the answer is the simulated network's\n\(action)\n")
                .write(toFile: path, atomically: true, encoding: .utf8)
            chmod(path, 0o755)
        }
        var conf = "# wsl.conf of the simulated machine\n[automount]\nroot = \(directory)/win/\n"
        if !interop { conf += "\n[interop]\nenabled = false\n" }
        try conf.write(toFile: directory + "/wsl.conf", atomically: true, encoding: .utf8)
        return WindowsStandIns(directory: directory)
    }

    /// `ipconfig /all` of a NAT machine, in the shape Windows prints it (constructed: no machine here runs Windows;
    /// addresses from the documentation ranges and WSL's usual 172.16.0.0/12 NAT subnet).
    public static let ipconfigNAT = """

        Windows IP Configuration

           Host Name . . . . . . . . . . . . : WINBOX
           Node Type . . . . . . . . . . . . : Hybrid

        Ethernet adapter Ethernet:

           Physical Address. . . . . . . . . : 00-11-22-33-44-55
           IPv4 Address. . . . . . . . . . . : 192.0.2.23(Preferred)
           Subnet Mask . . . . . . . . . . . : 255.255.255.0
           Default Gateway . . . . . . . . . : 192.0.2.1

        Ethernet adapter vEthernet (WSL (Hyper-V firewall)):

           Physical Address. . . . . . . . . : 00-15-5D-8A-01-02
           IPv4 Address. . . . . . . . . . . : 172.23.240.1(Preferred)
           Subnet Mask . . . . . . . . . . . : 255.255.240.0

        """

    /// Removes the tree.
    public func remove() { try? FileManager.default.removeItem(atPath: directory) }

    /// Builds the `bind(2)` shim with `cc` into `<directory>/bindhook.so`; returns its path.
    public func buildBindHook() throws -> String {
        let source = directory + "/bindhook.c", library = directory + "/bindhook.so"
        try Self.bindHookSource.write(toFile: source, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["cc", "-shared", "-fPIC", "-O1", "-o", library, source, "-ldl"]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ScenarioError("cc failed to build the bind hook stand-in") }
        return library
    }

    static let bindHookSource = #"""
        /* Stand-in for WSL's bind() interception under mirrored networking: refuses binds of the port Windows holds. */
        #define _GNU_SOURCE
        #include <dlfcn.h>
        #include <errno.h>
        #include <netinet/in.h>
        #include <stdlib.h>
        #include <sys/socket.h>

        int bind(int fd, const struct sockaddr *address, socklen_t length) {
            static int (*real_bind)(int, const struct sockaddr *, socklen_t);
            if (!real_bind) real_bind = (int (*)(int, const struct sockaddr *, socklen_t))dlsym(RTLD_NEXT, "bind");
            const char *held = getenv("WSIM_WINDOWS_HELD_PORT");
            if (held && address && (address->sa_family == AF_INET || address->sa_family == AF_INET6)) {
                unsigned port = address->sa_family == AF_INET
                    ? ntohs(((const struct sockaddr_in *)address)->sin_port)
                    : ntohs(((const struct sockaddr_in6 *)address)->sin6_port);
                if (port != 0 && port == (unsigned)atoi(held)) {
                    const char *code = getenv("WSIM_BIND_ERRNO");
                    errno = code ? atoi(code) : EADDRINUSE;
                    return -1;
                }
            }
            return real_bind(fd, address, length);
        }
        """#
}
