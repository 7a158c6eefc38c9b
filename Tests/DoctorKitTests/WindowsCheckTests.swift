@testable import DoctorKit
import Foundation
import NetProbe
import Testing
import TestSupport

/// The Windows-half checks over real captures plus recorded Windows tool outputs (Tests/Fixtures/windows/).
@Suite("Windows checks")
struct WindowsCheckTests {
    static func text(_ name: String) throws -> String {
        try String(contentsOfFile: Fixtures.path("windows/\(name)"), encoding: .utf8)
    }

    static func answered(_ name: String) throws -> WindowsToolRun { WindowsToolRun(output: try text(name), exitStatus: 0) }

    /// A mirrored machine whose Windows side has node.exe (pid 4242) on 18789 and the Chinese excluded ranges.
    static func mirrored(_ change: (inout WindowsFacts) throws -> Void = { _ in }) throws -> MachineFacts {
        var facts = try DoctorTestInputs.facts("wsl2-mirrored-full.txt")
        var windows = WindowsFacts(
            netstat: try answered("netstat-tcp-de.txt"), tasklist: try answered("tasklist-en.csv"),
            excludedPortRange: try answered("excludedportrange-zh.txt"), dynamicPortRange: try answered("dynamicportrange-en.txt"),
            wslVersion: try answered("wsl-version-en.txt"), wslConf: "[boot]\nsystemd=true\n")
        try change(&windows)
        facts.windows = windows
        return facts
    }

    @Test("windows.port-holder: fail naming node.exe (pid 4242), both addresses, called out as OpenClaw; ok on a free port")
    func portHolder() throws {
        let facts = try Self.mirrored()
        let held = DoctorTestInputs.run("windows.port-holder", DoctorTestInputs.inputs(facts))
        #expect(held.status == .fail, "\(held)")
        #expect(held.title == "port 18789 is held on Windows by node.exe (pid 4242) (a Windows-side OpenClaw)", "\(held)")
        #expect(held.detail.contains("node.exe (pid 4242) listens on 127.0.0.1:18789, [::1]:18789"), "\(held)")
        let free = DoctorTestInputs.run("windows.port-holder", DoctorTestInputs.inputs(facts, DoctorTestInputs.configuration(port: 18790)))
        #expect(free.status == .ok, "\(free)")
        // NAT: separate stacks, so the same Windows listener is information, not a failure.
        var nat = try DoctorTestInputs.facts("wsl2-nat.txt")
        nat.windows = facts.windows
        #expect(DoctorTestInputs.run("windows.port-holder", DoctorTestInputs.inputs(nat)).status == .info)
        // Unknown netstat is a skip saying why, never ok.
        let hung = try Self.mirrored { $0.netstat = WindowsToolRun(output: "", timedOut: true, elapsedMilliseconds: 1500) }
        let skipped = DoctorTestInputs.run("windows.port-holder", DoctorTestInputs.inputs(hung))
        #expect(skipped.status == .skip && skipped.title.contains("did not answer in time"), "\(skipped)")
        let native = try DoctorTestInputs.facts("native-debian.txt")
        #expect(DoctorTestInputs.run("windows.port-holder", DoctorTestInputs.inputs(native)).status == .skip)
    }

    @Test("windows.excluded-port: fail naming the range and whether administered, with the fixes; ok outside")
    func excludedPort() throws {
        let facts = try Self.mirrored()
        let inside = DoctorTestInputs.run("windows.excluded-port", DoctorTestInputs.inputs(facts, DoctorTestInputs.configuration(port: 2500)))
        #expect(inside.status == .fail, "\(inside)")
        #expect(inside.title == "port 2500 is inside a Windows excluded port range 2480-2579 (reserved by Hyper-V/WinNAT)", "\(inside)")
        #expect(inside.fix?.contains("ignoredPorts=2500") == true && inside.fix?.contains("net stop winnat") == true, "\(inside)")
        let administered = DoctorTestInputs.run("windows.excluded-port", DoctorTestInputs.inputs(facts, DoctorTestInputs.configuration(port: 50010)))
        #expect(administered.status == .fail && administered.title.hasSuffix("50000-50059 (administered)"), "\(administered)")
        #expect(administered.fix?.contains("net stop winnat") == false, "\(administered)")
        #expect(DoctorTestInputs.run("windows.excluded-port", DoctorTestInputs.inputs(facts)).status == .ok)
    }

    @Test("windows.dynamic-range: warn inside under mirrored, ok outside, skip off mirrored")
    func dynamicRange() throws {
        let facts = try Self.mirrored()
        let inside = DoctorTestInputs.run("windows.dynamic-range", DoctorTestInputs.inputs(facts, DoctorTestInputs.configuration(port: 50500)))
        #expect(inside.status == .warn && inside.title.contains("49152-65535"), "\(inside)")
        #expect(DoctorTestInputs.run("windows.dynamic-range", DoctorTestInputs.inputs(facts)).status == .ok)
        var nat = try DoctorTestInputs.facts("wsl2-nat.txt")
        nat.windows = facts.windows
        #expect(DoctorTestInputs.run("windows.dynamic-range", DoctorTestInputs.inputs(nat, DoctorTestInputs.configuration(port: 50500))).status == .skip)
    }

    @Test("windows.interop: ok when tools answered; warn with the wsl.conf line when disabled; warn when hung; skip off WSL")
    func interop() throws {
        #expect(DoctorTestInputs.run("windows.interop", DoctorTestInputs.inputs(try Self.mirrored())).status == .ok)
        let off = try Self.mirrored { windows in
            windows = WindowsFacts(wslConf: try Self.text("wsl-conf-interop-off.conf"),
                                   notRunReason: "/etc/wsl.conf sets [interop] enabled=false")
        }
        let disabled = DoctorTestInputs.run("windows.interop", DoctorTestInputs.inputs(off))
        #expect(disabled.status == .warn && disabled.fix?.contains("(line 9)") == true, "\(disabled)")
        let hung = try Self.mirrored { windows in
            for keyPath in [\WindowsFacts.netstat, \.tasklist, \.excludedPortRange, \.dynamicPortRange, \.wslVersion] {
                windows[keyPath: keyPath] = WindowsToolRun(output: "", timedOut: true, elapsedMilliseconds: 1500)
            }
        }
        let hangs = DoctorTestInputs.run("windows.interop", DoctorTestInputs.inputs(hung))
        #expect(hangs.status == .warn && hangs.title.contains("did not answer"), "\(hangs)")
        let exec = try Self.mirrored { windows in
            for keyPath in [\WindowsFacts.netstat, \.tasklist, \.excludedPortRange, \.dynamicPortRange, \.wslVersion] {
                windows[keyPath: keyPath] = WindowsToolRun(output: "", spawnError: "Exec format error")
            }
        }
        let execFails = DoctorTestInputs.run("windows.interop", DoctorTestInputs.inputs(exec))
        #expect(execFails.status == .warn && execFails.title.contains("Exec format error"), "\(execFails)")
        #expect(DoctorTestInputs.run("windows.interop", DoctorTestInputs.inputs(try DoctorTestInputs.facts("native-debian.txt"))).status == .skip)
        // Issue 20 item 5: on WSL, no binfmt_misc entry where the reader looked is a finding, not a skip.
        var noBinfmt = try Self.mirrored { windows in
            windows = WindowsFacts(notRunReason: "binfmt_misc has no WSLInterop or WSLInterop-late entry: Windows programs cannot run")
        }
        noBinfmt.wslInterop = nil
        noBinfmt.paths.existing.subtract([ProbedPath.wslInterop, ProbedPath.wslInteropLate])
        noBinfmt.paths.checked = (noBinfmt.paths.checked ?? []).union([ProbedPath.wslInterop, ProbedPath.wslInteropLate])
        let missing = DoctorTestInputs.run("windows.interop", DoctorTestInputs.inputs(noBinfmt))
        #expect(missing.status == .warn && missing.title.contains("no WSLInterop or WSLInterop-late entry"), "\(missing)")
        #expect(missing.fix?.contains("/usr/lib/binfmt.d/WSLInterop.conf") == true, "\(missing)")
        // Not looked for (a capture without paths-checked): unknown, still a skip.
        noBinfmt.paths.checked = nil
        #expect(DoctorTestInputs.run("windows.interop", DoctorTestInputs.inputs(noBinfmt)).status == .skip)
        // A capture without the Windows sections: unknown, a skip.
        let capture = DoctorTestInputs.run("windows.interop", DoctorTestInputs.inputs(try DoctorTestInputs.facts("wsl2-mirrored-full.txt")))
        #expect(capture.status == .skip && capture.title.contains("not in this capture"), "\(capture)")
    }

    @Test("wsl.version: info with the versions; warn with the sourced fault for 2.7.10; warn when mirrored is requested on Windows 10")
    func wslVersion() throws {
        let plain = DoctorTestInputs.run("wsl.version", DoctorTestInputs.inputs(try Self.mirrored { $0.wslVersion = try Self.answered("wsl-version-de.txt") }))
        #expect(plain.status == .info && plain.title == "WSL 1.0.3.0, kernel 5.15.79.1, Windows 10.0.22621.819", "\(plain)")
        let faulty = DoctorTestInputs.run("wsl.version", DoctorTestInputs.inputs(try Self.mirrored { $0.wslVersion = try Self.answered("wsl-version-2.7.10-en.txt") }))
        #expect(faulty.status == .warn && faulty.detail.contains { $0.contains("https://github.com/microsoft/WSL/issues/41135") }, "\(faulty)")
        var fallback = try DoctorTestInputs.facts("wsl2-mirrored-requested-but-nat.txt")
        fallback.windows = WindowsFacts(wslVersion: try Self.answered("wsl-version-en.txt"))
        let old = DoctorTestInputs.run("wsl.version", DoctorTestInputs.inputs(fallback))
        #expect(old.status == .warn && old.detail.contains { $0.contains("build 19045 is older than Windows 11 22H2") }, "\(old)")
    }

    @Test("every fault row is sourced and its range is not empty")
    func faultTable() {
        for fault in WslReleaseFault.all {
            #expect(fault.source.hasPrefix("https://github.com/"), "\(fault)")
            #expect(fault.from < fault.before && fault.applies(to: fault.from) && !fault.applies(to: fault.before), "\(fault)")
        }
    }
}
