import Testing
import NetProbe

/// One test per row of the decision table in `wsl-networking.md` (section 1), in its order.
@Suite("Classifier decision table")
struct ClassifierDecisionTableTests {
    // Row 1: containers, checked before WSL.

    @Test func dockerOnWSL2KernelIsAContainer() {
        let verdict = ClassifyMachines.nat.paths([ProbedPath.dockerEnv])
            .mountinfo("611 540 0:62 / / rw,relatime - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/W:/x")
            .verdict
        #expect(verdict.kind == .container)
        #expect(verdict.container == .docker)
        #expect(verdict.wslNetworkingMode == nil)
        #expect(verdict.confidence == .high)
        // The WSL2 kernel is still recorded: it is the host.
        #expect(verdict.evidence.contains { $0.signal == "kernel.release" && $0.claim == "wsl2" })
    }

    @Test func podmanByContainerenvAndManager() {
        let verdict = ClassifyMachines.native.paths([ProbedPath.containerEnv]).containerManager("podman\n").verdict
        #expect(verdict.kind == .container)
        #expect(verdict.container == .podman)
        #expect(verdict.confidence == .high)
    }

    @Test(arguments: [
        ("lxc", ContainerKind.lxc), ("lxc-libvirt", .lxc), ("systemd-nspawn", .systemdNspawn), ("docker", .docker),
        ("podman", .podman), ("oci", .other), ("rkt", .other),
    ])
    func containerManagerText(text: String, kind: ContainerKind) {
        let verdict = ClassifyFacts().kernel("6.1.0-18-amd64").containerManager(text).verdict
        #expect(verdict.kind == .container)
        #expect(verdict.container == kind)
        #expect(verdict.confidence == .medium, "one primary signal")
    }

    @Test(arguments: [
        ("12:memory:/docker/5c6d8e3f7a21", ContainerKind.docker),
        ("0::/system.slice/docker-5c6d8e3f7a21.scope", .docker),
        ("0::/machine.slice/libpod-2b1f0e.scope/container", .podman),
        ("11:cpu:/kubepods/besteffort/pod1234/abcd", .other),
        ("0::/kubepods.slice/kubepods-burstable.slice/cri-containerd-9f.scope", .other),
        ("5:devices:/lxc/web1", .lxc),
        ("0::/lxc.payload.web1/init.scope", .lxc),
    ])
    func cgroupPathNamesRuntime(line: String, kind: ContainerKind) {
        let verdict = ClassifyFacts().kernel("5.10.0-28-amd64").cgroup("1:name=systemd:/\n" + line).verdict
        #expect(verdict.kind == .container)
        #expect(verdict.container == kind)
    }

    @Test(arguments: [
        "0::/", "0::/user.slice/user-1000.slice/session-3.scope", "0::/system.slice/docker.service",
        "0::/system.slice/containerd.service",
    ])
    func cgroupWithoutContainerPathIsNotAContainer(line: String) {
        let verdict = ClassifyFacts().kernel("6.1.0-18-amd64").cgroup(line).verdict
        #expect(verdict.kind == .native)
    }

    @Test func mountinfoOfTheRootNamesTheRuntimeButOtherMountsDoNot() {
        let hostWithContainers = """
        22 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw
        412 22 0:51 / /var/lib/docker/overlay2/3f/merged rw - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/Q
        """
        #expect(ClassifyMachines.native.mountinfo(hostWithContainers).verdict.kind == .native)

        let lxcRoot = "301 299 254:1 /var/lib/lxc/web1/rootfs / rw,relatime - ext4 /dev/vda1 rw"
        let lxc = ClassifyFacts().kernel("6.1.0-18-amd64").mountinfo(lxcRoot).verdict
        #expect(lxc.kind == .container)
        #expect(lxc.container == .lxc)

        let podmanHostname = "640 611 8:48 /home/u/.local/share/containers/storage/overlay-containers/1/userdata/hostname"
            + " /etc/hostname rw - ext4 /dev/sda rw"
        #expect(ClassifyFacts().mountinfo(podmanHostname).verdict.container == .podman)
    }

    @Test func podmanContainerEnvironmentVariable() {
        let verdict = ClassifyFacts().kernel("6.8.0-45-generic").env(["container": "podman"]).verdict
        #expect(verdict.container == .podman)
    }

    // Row 2: WSL1.

    @Test func wsl1FromReleaseWithCapitalM() {
        let verdict = ClassifyFacts().kernel("4.4.0-19041-Microsoft").verdict
        #expect(verdict.kind == .wsl1)
        #expect(verdict.wslNetworkingMode == nil)
        #expect(verdict.confidence == .medium)
    }

    @Test func wsl1FromUnameA() {
        let verdict = ClassifyFacts()
            .procVersion("Linux WSL1 4.4.0-19041-Microsoft #1237-Microsoft Sat Sep 11 14:32:00 PST 2021 x86_64 GNU/Linux")
            .verdict
        #expect(verdict.kind == .wsl1)
    }

    @Test func wsl1VeryOldBuildAndProcVersionForm() {
        #expect(ClassifyFacts().kernel("3.4.0-Microsoft").verdict.kind == .wsl1)
        let proc = "Linux version 4.4.0-19041-Microsoft (Microsoft@Microsoft.com) (gcc version 5.4.0 (GCC) ) #1237-Microsoft"
        #expect(ClassifyFacts().procVersion(proc).verdict.kind == .wsl1)
    }

    @Test func wsl1WithAgreeingSignalsIsHigh() {
        let verdict = ClassifyFacts().kernel("4.4.0-19041-Microsoft").env(["WSL_DISTRO_NAME": "Ubuntu"])
            .wslinfo("wsl1").verdict
        #expect(verdict.kind == .wsl1)
        #expect(verdict.confidence == .high)
    }

    @Test func wslinfoWsl1AloneGivesWsl1() {
        let verdict = ClassifyFacts().wslinfo("wsl1\n").verdict
        #expect(verdict.kind == .wsl1)
        #expect(verdict.confidence == .medium)
    }

    // Row 3: WSL2 and its kernels.

    @Test(arguments: [
        "4.19.104-microsoft-standard", "5.15.133.1-microsoft-standard-WSL2", "6.6.87.2-microsoft-standard-WSL2+",
        "5.10.16.3-microsoft-standard-WSL2", "5.15.90.1-microsoft-custom-WSL2",
    ])
    func wsl2KernelAloneGivesWsl2WithModeUnknown(release: String) {
        let verdict = ClassifyFacts().kernel(release).verdict
        #expect(verdict.kind == .wsl2)
        #expect(verdict.wslNetworkingMode == .unknown)
        #expect(verdict.confidence == .medium)
    }

    @Test func customKernelWithUserSpaceSignsIsWsl2WithLowConfidence() {
        let verdict = ClassifyMachines.nat.kernel("6.6.36-custom-gpu+").verdict
        #expect(verdict.kind == .wsl2)
        #expect(verdict.wslNetworkingMode == .nat)
        #expect(verdict.confidence == .low)
    }

    @Test func customKernelWithoutUserSpaceSignsIsNative() {
        let verdict = ClassifyFacts().kernel("6.6.36-custom-gpu+").paths([]).network([ClassifyNet.lo(), ClassifyNet.natEth0]).verdict
        // A Hyper-V VM has the same 00:15:5d eth0: without WSL user space, the kernel decides.
        #expect(verdict.kind == .native)
    }

    // Row 3a: mirrored.

    @Test func mirroredWithEverySignalIsHigh() {
        let verdict = ClassifyMachines.mirrored.wslinfo("mirrored").verdict
        #expect(verdict.kind == .wsl2)
        #expect(verdict.wslNetworkingMode == .mirrored)
        #expect(verdict.confidence == .high)
    }

    @Test func mirroredFromLoopback0AloneIsMedium() {
        let verdict = ClassifyFacts().kernel(ClassifyMachines.wsl2Release).env(ClassifyMachines.wslEnv)
            .network([ClassifyNet.lo(), ClassifyNet.loopback0]).verdict
        #expect(verdict.wslNetworkingMode == .mirrored)
        #expect(verdict.confidence == .medium)
    }

    @Test func mirroredFromRulesAloneWhenInterfacesAreUnknown() {
        let verdict = ClassifyFacts().kernel(ClassifyMachines.wsl2Release).env(ClassifyMachines.wslEnv).rules(ClassifyNet.mirroredRules).verdict
        #expect(verdict.wslNetworkingMode == .mirrored)
        #expect(verdict.confidence == .medium)
    }

    // Row 3b: NAT.

    @Test func natWithEverySignalIsHigh() {
        let verdict = ClassifyMachines.nat.wslinfo("nat").verdict
        #expect(verdict.kind == .wsl2)
        #expect(verdict.wslNetworkingMode == .nat)
        #expect(verdict.confidence == .high)
    }

    @Test func natWithCustomRangeAndSmallMTU() {
        let eth0 = ClassifyNet.ether("eth0", index: 6, mac: "00:15:5d:c4:2e:10", ["10.20.30.255/24"])
        let verdict = ClassifyMachines.wsl2Base.network([ClassifyNet.lo(), ClassifyNet.tunnel("tunl0", index: 4, type: "ipip"), eth0])
            .rules(ClassifyNet.defaultRules).verdict
        #expect(verdict.wslNetworkingMode == .nat)
        #expect(verdict.confidence == .high)
    }

    @Test func hyperVEth0WithAPublicAddressIsNotNAT() {
        let eth0 = ClassifyNet.ether("eth0", index: 2, mac: "00:15:5d:c4:2e:10", ["203.0.113.7/24"])
        let verdict = ClassifyFacts().kernel(ClassifyMachines.wsl2Release).network([ClassifyNet.lo(), eth0]).verdict
        #expect(verdict.wslNetworkingMode != .nat)
    }

    // Row 3c: virtioproxy.

    @Test func virtioproxyWhenLoopback0HasA169_254_73Address() {
        let verdict = ClassifyMachines.virtioproxy.verdict
        #expect(verdict.wslNetworkingMode == .virtioproxy)
        #expect(verdict.confidence == .high)
        #expect(ClassifyMachines.virtioproxy.wslinfo("consomme").verdict.wslNetworkingMode == .virtioproxy)
    }

    // Row 3d: bridged.

    @Test func bridgedFromNetlinkIsLowAndWslinfoRaisesIt() {
        let verdict = ClassifyMachines.bridged.verdict
        #expect(verdict.wslNetworkingMode == .bridged)
        #expect(verdict.confidence == .low)
        let confirmed = ClassifyMachines.bridged.wslinfo("bridged").verdict
        #expect(confirmed.wslNetworkingMode == .bridged)
        #expect(confirmed.confidence == .high)
    }

    // Row 3e: none.

    @Test func noneWhenOnlyLoAndTunnelDevices() {
        let verdict = ClassifyMachines.none.verdict
        #expect(verdict.wslNetworkingMode == WSLNetworkingMode.none)
        #expect(verdict.confidence == .medium, "mirrored that failed looks the same")
        #expect(verdict.summary.contains("mirrored that failed"))
        let confirmed = ClassifyMachines.none.wslinfo("none").verdict
        #expect(confirmed.confidence == .high)
    }

    // Row 4: native.

    @Test func nativeWithContainerChecksIsHigh() {
        let verdict = ClassifyMachines.native.verdict
        #expect(verdict.kind == .native)
        #expect(verdict.container == nil)
        #expect(verdict.wslNetworkingMode == nil)
        #expect(verdict.confidence == .high)
    }

    @Test func nativeKernelWithoutContainerChecksIsLow() {
        let verdict = ClassifyFacts().kernel("6.1.0-18-amd64").verdict
        #expect(verdict.kind == .native)
        #expect(verdict.confidence == .low)
    }

    @Test func nothingKnownIsUnknown() {
        let verdict = ClassifyFacts().verdict
        #expect(verdict.kind == .unknown)
        #expect(verdict.confidence == .low)
        #expect(verdict.evidence.isEmpty)
    }
}
