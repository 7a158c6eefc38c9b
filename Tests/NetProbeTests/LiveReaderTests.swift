import Foundation
import Testing
@testable import NetProbe
@testable import NetProbeLive
#if canImport(Glibc)
import Glibc
#endif

/// LiveReader over a fake file tree (`fileRoot`) and on this machine.
@Suite("LiveReader")
struct LiveReaderTests {
    /// A WSL2-looking tree inside a container marker.
    private func makeWSLTree() throws -> LiveTemporaryTree {
        let tree = try LiveTemporaryTree("livetree")
        try tree.write("proc/version", "Linux version 5.15.153.1-microsoft-standard-WSL2 (root@65c757a075e2) #1 SMP\n")
        try tree.write("proc/sys/kernel/osrelease", "5.15.153.1-microsoft-standard-WSL2\n")
        try tree.write("proc/sys/fs/binfmt_misc/WSLInterop", "enabled\ninterpreter /init\nflags: PF\noffset 0\nmagic 4d5a\n")
        try tree.write(".dockerenv", "")
        try tree.write("proc/self/cgroup", "0::/\n")
        try tree.write("proc/sys/net/ipv4/ip_local_port_range", "60536\t64631\n")
        try tree.write("proc/sys/net/ipv4/conf/loopback0/route_localnet", "1\n")
        try tree.makeDirectory("mnt/c/Users/All Users")
        try tree.makeDirectory("mnt/c/Users/Public")
        try tree.write("mnt/c/Users/alice/.wslconfig", "[wsl2]\nnetworkingMode=mirrored\n")
        try tree.write("mnt/c/Users/zed/.wslconfig", "[wsl2]\nnetworkingMode=nat\n")
        return tree
    }

    private func options(_ tree: LiveTemporaryTree, _ environment: [String: String] = [:]) -> LiveReader.Options {
        LiveReader.Options(fileRoot: tree.root, environment: environment)
    }

    @Test("a fake tree fills the fields it holds and leaves the rest nil")
    func fakeTree() throws {
        let tree = try makeWSLTree()
        defer { tree.remove() }
        let environment = ["WSL_DISTRO_NAME": "Ubuntu", "WSLENV": "WT_SESSION::WT_PROFILE_ID", "container": "docker",
                           "WSL_INTEROP": "/run/WSL/12_interop", "HOME": "/root", "GITHUB_TOKEN": "secret"]
        let facts = LiveReader(options: options(tree, environment)).read()

        #expect(facts.origin == .live)
        #expect(facts.procVersion?.hasPrefix("Linux version 5.15.153.1-microsoft-standard-WSL2") == true)
        #expect(facts.osRelease == "5.15.153.1-microsoft-standard-WSL2")
        #expect(facts.wslInterop?.hasPrefix("enabled\ninterpreter /init") == true)
        #expect(facts.environment == ["WSL_DISTRO_NAME": "Ubuntu", "WSLENV": "WT_SESSION::WT_PROFILE_ID",
                                      "container": "docker", "WSL_INTEROP": "/run/WSL/12_interop"])
        #expect(facts.paths.checked == Set(ProbedPath.all))
        #expect(facts.paths.existing == [ProbedPath.dockerEnv, ProbedPath.wslInterop, ProbedPath.loopback0RouteLocalnet])
        #expect(facts.paths.exists(ProbedPath.runWSL) == false)
        #expect(facts.cgroup == "0::/\n")
        #expect(facts.sysctls == [WatchedSysctl.localPortRange: "60536 64631", WatchedSysctl.loopback0RouteLocalnet: "1"])
        #expect(facts.wslconfig == WslConfigFile(path: "/mnt/c/Users/alice/.wslconfig", text: "[wsl2]\nnetworkingMode=mirrored\n"))
        // Not in the tree: unknown, and no warning for plain absence.
        #expect(facts.mountinfo == nil)
        #expect(facts.resolvConf == nil)
        #expect(facts.hosts == nil)
        #expect(facts.containerManager == nil)
        #expect(facts.procNetTCP == nil && facts.procNetTCP6 == nil)
        #expect(facts.wslinfo == nil)
        #expect(facts.warnings.isEmpty, "\(facts.warnings)")
    }

    @Test("an empty tree: everything file-based is unknown, sysctls known to be absent")
    func emptyTree() throws {
        let tree = try LiveTemporaryTree("empty")
        defer { tree.remove() }
        let facts = LiveReader(options: options(tree)).read()
        #expect(facts.procVersion == nil && facts.osRelease == nil && facts.wslInterop == nil && facts.cgroup == nil)
        #expect(facts.wslconfig == nil && facts.wslinfo == nil)
        #expect(facts.paths.existing.isEmpty)
        // The `.wslconfig` search finished and found none: recorded as looked for, so a capture says so too.
        #expect(facts.paths.checked == Set(ProbedPath.all + [FactSection.wslconfig.liveSource]))
        #expect(facts.wslconfigLookedFor == FactSection.wslconfig.liveSource)
        #expect(facts.sysctls == [:])
        #expect(facts.environment == [:])
        #expect(facts.warnings.isEmpty)
    }

    @Test("container markers: systemd's file first, then the host manager file, then PID 1's environment")
    func containerManager() throws {
        let tree = try LiveTemporaryTree("container")
        defer { tree.remove() }
        try tree.write("proc/1/environ", "PATH=/bin\u{0}container=lxc\u{0}HOME=/\u{0}")
        #expect(LiveReader(options: options(tree)).read().containerManager == "lxc")
        try tree.write("run/host/container-manager", "podman\n")
        #expect(LiveReader(options: options(tree)).read().containerManager == "podman")
        try tree.write("run/systemd/container", "  \n")  // empty: not evidence
        #expect(LiveReader(options: options(tree)).read().containerManager == "podman")
        try tree.write("run/systemd/container", "docker\n")
        let facts = LiveReader(options: options(tree)).read()
        #expect(facts.containerManager == "docker")
        #expect(facts.paths.existing.isSuperset(of: [ProbedPath.systemdContainer, ProbedPath.hostContainerManager]))
    }

    @Test("WSLInterop-late is read when WSLInterop is absent")
    func interopLate() throws {
        let tree = try LiveTemporaryTree("late")
        defer { tree.remove() }
        try tree.write("proc/sys/fs/binfmt_misc/WSLInterop-late", "enabled\ninterpreter /init\n")
        let facts = LiveReader(options: options(tree)).read()
        #expect(facts.wslInterop == "enabled\ninterpreter /init\n")
        #expect(facts.paths.exists(ProbedPath.wslInteropLate) == true)
        #expect(facts.paths.exists(ProbedPath.wslInterop) == false)
    }

    @Test("a FIFO or a directory where a file belongs is reported, never read or waited on")
    func specialFiles() throws {
        let tree = try LiveTemporaryTree("fifo")
        defer { tree.remove() }
        try tree.makeDirectory("etc/resolv.conf")
        #expect(mkfifo(tree.root + "/etc/hosts", 0o644) == 0)
        let started = ContinuousClock.now
        let facts = LiveReader(options: options(tree)).read()
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(facts.hosts == nil && facts.resolvConf == nil)
        #expect(facts.warnings.contains { $0.file == "/etc/hosts" && $0.section == "hosts" && $0.message.contains("FIFO") })
        #expect(facts.warnings.contains { $0.file == "/etc/resolv.conf" && $0.message.contains("directory") })
    }

    @Test("a netlink namespace that does not exist: netlink fields nil, plus a warning")
    func netlinkFailure() throws {
        let tree = try LiveTemporaryTree("nons")
        defer { tree.remove() }
        var options = options(tree)
        options.netlinkNamespacePath = "/run/netns/netprobe-missing-\(getpid())"
        let facts = LiveReader(options: options).read()
        #expect(facts.links == nil && facts.addresses == nil && facts.routes == nil)
        #expect(facts.rules == nil && facts.rules6 == nil && facts.neighbours == nil)
        let warning = try #require(facts.warnings.first { $0.section == FactSection.ipLink.rawValue })
        #expect(warning.message.contains("netprobe-missing"))
    }

    @Test("this machine: kernel, sysctls, netlink and the checked paths")
    func thisMachine() throws {
        let facts = LiveReader(options: .init(environment: ["WSL_DISTRO_NAME": "x", "PATH": "/bin"])).read()
        var name = utsname()
        uname(&name)
        let release = withUnsafeBytes(of: name.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        #expect(facts.osRelease == release)
        #expect(facts.procVersion?.contains(release) == true)
        #expect(facts.environment == ["WSL_DISTRO_NAME": "x"])
        #expect(facts.paths.checked?.subtracting([FactSection.wslconfig.liveSource]) == Set(ProbedPath.all))
        // No `.wslconfig` found and the search finished (no time-out warning): recorded as looked for.
        if facts.wslconfig == nil && !facts.warnings.contains(where: { $0.section == FactSection.wslconfig.rawValue }) {
            #expect(facts.paths.checked?.contains(FactSection.wslconfig.liveSource) == true)
        }
        #expect(facts.sysctls?[WatchedSysctl.localPortRange]?.split(separator: " ").count == 2)
        #expect(facts.links?.contains { $0.name == "lo" } == true)
        #expect(facts.routes?.isEmpty == false)
        #expect(facts.procNetTCP?.hasPrefix("  sl") == true)
        #expect(facts.mountinfo?.isEmpty == false)
        #expect(!facts.warnings.contains { $0.section == FactSection.ipLink.rawValue })
    }
}
