import Testing
#if canImport(Glibc)
import Glibc
#endif
import NetProbe
@testable import Gateway
@testable import GatewayServer

/// The start's clash decision with the Windows half consulted (WSL, refused bind, no Linux holder).
@Suite("Clash decision: the Windows half")
struct ClashWindowsTests {
    static let mirrored = EnvironmentVerdict(kind: .wsl2, wslNetworkingMode: .mirrored, confidence: .high, evidence: [])
    static let nat = EnvironmentVerdict(kind: .wsl2, wslNetworkingMode: .nat, confidence: .high, evidence: [])

    static func inputs(_ verdict: EnvironmentVerdict = mirrored, bind: BindOutcome = .addressInUse(address: "127.0.0.1"),
                       holder: PortHolder? = .outsideLinux, windows: WindowsConsult?) -> ClashInputs {
        ClashInputs(port: 18789, verdict: verdict, strategy: .pidfile, lock: .acquired, bind: bind, holder: holder, windows: windows)
    }

    func decide(_ inputs: ClashInputs) -> (Int32?, String) {
        switch ClashDecider.decide(inputs) {
        case .proceed(let notes): return (nil, notes.joined(separator: "\n"))
        case .stop(let code, let message): return (code, message)
        }
    }

    static let node = WindowsPortFinding(
        port: 18789, holders: [WindowsPortHolder(pid: 4242, image: "node.exe", endpoints: ["0.0.0.0:18789"])],
        excludedRanges: [], dynamicRange: nil)
    static let reserved = WindowsPortFinding(
        port: 18789, holders: [], excludedRanges: [ExcludedPortRange(start: 18700, end: 18799, administered: false, line: 9)],
        dynamicRange: nil)

    @Test("EADDRINUSE + a Windows listener: 75 naming image and pid, with the fix")
    func heldOnWindows() {
        let (code, message) = decide(Self.inputs(windows: .consulted(Self.node)))
        #expect(code == 75)
        #expect(message.contains("port 18789 is held on Windows by node.exe (pid 4242)"), "\(message)")
        #expect(message.contains("taskkill /PID 4242") && message.contains("looks like OpenClaw running on Windows"), "\(message)")
        #expect(!message.contains("another gateway instance"))
    }

    @Test("EADDRINUSE or EACCES + an excluded range: 75 naming the range (Hyper-V/WinNAT) and the fixes")
    func excluded() {
        for bind in [BindOutcome.addressInUse(address: "127.0.0.1"), .failed(address: "127.0.0.1", errno: EACCES)] {
            let (code, message) = decide(Self.inputs(bind: bind, windows: .consulted(Self.reserved)))
            #expect(code == 75, "\(bind)")
            #expect(message.contains("port 18789 is inside a Windows excluded port range 18700-18799 (reserved by Hyper-V/WinNAT)"), "\(message)")
            #expect(message.contains("ignoredPorts=18789") && message.contains("net stop winnat"), "\(message)")
        }
    }

    @Test("without interop: today's message stays and says why the holder could not be named")
    func noInterop() {
        let (code, message) = decide(Self.inputs(windows: .unavailable("/etc/wsl.conf sets [interop] enabled=false")))
        #expect(code == 75)
        #expect(message.contains("but no Linux process holds it.") && message.contains("netstat -ano | findstr :18789"), "\(message)")
        #expect(message.contains("The Windows holder could not be named: /etc/wsl.conf sets [interop] enabled=false."), "\(message)")
        // Windows answered but shows nothing: said so, old advice kept.
        let empty = WindowsPortFinding(port: 18789, holders: [], excludedRanges: [], dynamicRange: nil)
        let (code2, message2) = decide(Self.inputs(windows: .consulted(empty)))
        #expect(code2 == 75 && message2.contains("netstat.exe shows no Windows listener on the port"), "\(message2)")
        // EACCES not explained by Windows stays exit 1.
        let (code3, message3) = decide(Self.inputs(bind: .failed(address: "127.0.0.1", errno: EACCES), holder: nil,
                                                   windows: .unavailable("netstat.exe did not answer in time")))
        #expect(code3 == 1 && message3.contains("could not be named"), "\(message3)")
    }

    @Test("the start consults Windows only on WSL, after EADDRINUSE with no Linux holder or EACCES above 1023")
    func whenConsulted() {
        #expect(GatewayStartRules.consultsWindows(Self.inputs(windows: nil)))
        #expect(GatewayStartRules.consultsWindows(Self.inputs(Self.nat, windows: nil)))
        #expect(!GatewayStartRules.consultsWindows(Self.inputs(holder: .linuxProcesses([]), windows: nil)))
        let native = EnvironmentVerdict(kind: .native, confidence: .high, evidence: [])
        #expect(!GatewayStartRules.consultsWindows(Self.inputs(native, windows: nil)))
        #expect(GatewayStartRules.consultsWindows(Self.inputs(bind: .failed(address: "127.0.0.1", errno: EACCES), holder: nil, windows: nil)))
        var low = Self.inputs(bind: .failed(address: "127.0.0.1", errno: EACCES), holder: nil, windows: nil)
        low.port = 80
        #expect(!GatewayStartRules.consultsWindows(low))
    }
}
