import FoundationEssentials

/// Container signals, checked BEFORE any WSL signal (a container on WSL2 still shows the WSL2 kernel).
///
/// Marker files (`/.dockerenv`, `/run/.containerenv`), the container manager text (`/run/systemd/container`,
/// `/run/host/container-manager`, PID 1's `container=`), and cgroup / mountinfo paths naming a runtime.
/// `wsl` in the container manager file is NOT a container: systemd writes it on WSL (see `WSLUserSpaceSignals`).
struct ContainerReading: Sendable {
    /// The runtime, when any signal names a container.
    var runtime: ContainerKind?
    var signals: [Signal]
    /// Whether anything about containers was known at all (checked paths, manager text, cgroup, mountinfo).
    var anythingChecked: Bool
}

enum ContainerSignals {
    static func read(_ facts: MachineFacts) -> ContainerReading {
        var signals: [Signal] = []
        // Runtimes in order of how specifically each source names one.
        var named: [ContainerKind] = []
        var checked = false

        if let text = facts.containerManager {
            checked = true
            let value = text.trimmingSpacesAndNewlines()
            if let kind = managerKind(value) {
                signals.append(.primary("container.manager", facts.origin.describe(.container), value,
                                        supports: Claim.container(kind)))
                named.append(kind)
            }
        }
        if let value = facts.environment?["container"]?.trimmingSpaces(),
           let kind = managerKind(value) {
            signals.append(.primary("container.env", facts.origin.describe(.env), "container=\(value)",
                                    supports: Claim.container(kind)))
            named.append(kind)
        }

        let markers: [(String, ContainerKind, String)] = [
            (ProbedPath.dockerEnv, .docker, "container.dockerenv"),
            (ProbedPath.containerEnv, .podman, "container.containerenv"),
        ]
        var absent: [String] = []
        for (path, kind, id) in markers {
            switch facts.paths.exists(path) {
            case true?:
                checked = true
                signals.append(.primary(id, facts.origin.describe(.paths), "\(path) exists",
                                        supports: Claim.container(kind)))
                named.append(kind)
            case false?:
                checked = true
                absent.append(path)
            case nil:
                break
            }
        }

        if let cgroup = facts.cgroup {
            checked = true
            if let (line, kind) = cgroupMatch(cgroup) {
                signals.append(.primary("container.cgroup", facts.origin.describe(.cgroup), line,
                                        supports: Claim.container(kind)))
                named.append(kind)
            }
        }
        if let mountinfo = facts.mountinfo {
            checked = true
            if let (line, kind) = mountinfoMatch(mountinfo) {
                signals.append(.primary("container.mountinfo", facts.origin.describe(.mountinfo), line,
                                        supports: Claim.container(kind)))
                named.append(kind)
            }
        }

        let runtime = named.first(where: { $0 != .other }) ?? named.first
        if runtime == nil, absent.count == markers.count {
            signals.append(.supporting("container.markers-absent", facts.origin.describe(.pathsChecked),
                                       absent.joined(separator: ", ") + " checked, absent", supports: Claim.noContainer))
        }
        return ContainerReading(runtime: runtime, signals: signals, anythingChecked: checked)
    }

    /// The runtime named by a container manager text; `nil` for empty text and for `wsl`.
    static func managerKind(_ text: String) -> ContainerKind? {
        let value = text.lowercased()
        if value.isEmpty || value == "wsl" { return nil }
        if value == "docker" { return .docker }
        if value == "podman" { return .podman }
        if value == "lxc" || value.hasPrefix("lxc-") { return .lxc }
        if value == "systemd-nspawn" { return .systemdNspawn }
        return .other
    }

    /// The first `/proc/self/cgroup` line whose path names a container runtime.
    ///
    /// cgroup v2 inside a container usually shows only `0::/`, so a miss here proves nothing.
    static func cgroupMatch(_ text: String) -> (String, ContainerKind)? {
        for rawLine in text.split(separator: "\n") {
            let line = rawLine.trimmingSpaces()
            // `hierarchy-ID:controllers:path`; the path may itself hold colons.
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            for component in fields[2].split(separator: "/") {
                if let kind = runtime(namedBy: String(component)) { return (line, kind) }
            }
        }
        return nil
    }

    /// One cgroup path component that names a runtime (`docker`, `docker-<id>.scope`, `libpod-<id>`, ...).
    static func runtime(namedBy component: String) -> ContainerKind? {
        if component == "docker" || (component.hasPrefix("docker-") && component.hasSuffix(".scope")) {
            return .docker
        }
        if component.hasPrefix("libpod-") || component == "libpod_parent" { return .podman }
        if component == "lxc" || component.hasPrefix("lxc.payload") { return .lxc }
        if component.hasPrefix("kubepods") || component.hasPrefix("cri-containerd-") || component == "containerd" {
            return .other
        }
        return nil
    }

    /// Mount points a container runtime sets up: the root and the files it bind-mounts.
    static let containerMountPoints: Set<String> = ["/", "/etc/hostname", "/etc/hosts", "/etc/resolv.conf"]

    /// The first `/proc/self/mountinfo` line where the root or a runtime-provided file comes from a runtime's
    /// storage. Only those mount points count: a host running containers lists their overlays elsewhere.
    static func mountinfoMatch(_ text: String) -> (String, ContainerKind)? {
        for rawLine in text.split(separator: "\n") {
            let line = rawLine.trimmingSpaces()
            let fields = line.split(separator: " ")
            // id parent major:minor root mount-point options ... - fstype source super-options
            guard fields.count >= 5, containerMountPoints.contains(String(fields[4])) else { continue }
            let root = String(fields[3])
            var tail = ""
            if let dash = fields.firstIndex(of: "-") { tail = fields[(dash + 1)...].joined(separator: " ") }
            if let kind = runtime(inStoragePath: root + " " + tail) { return (line, kind) }
        }
        return nil
    }

    static func runtime(inStoragePath text: String) -> ContainerKind? {
        if text.contains("/docker/") { return .docker }
        if text.contains("/libpod") || text.contains("/containers/storage/") { return .podman }
        if text.contains("/lxc/") || text.contains("/lxd/") { return .lxc }
        if text.contains("kubepods") || text.contains("/kubelet/pods/") || text.contains("containerd") { return .other }
        return nil
    }
}
