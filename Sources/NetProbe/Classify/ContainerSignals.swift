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
    ///
    /// Text of ASCII bytes without a carriage return (what the kernel writes) is split into lines and fields on its
    /// bytes, its root and tail searched for `storageMarkers` as bytes; on such text every byte is one `Character`,
    /// so this is the same answer as splitting and searching by `Character` (`mountinfoLineMatch`), which any other
    /// text gets. (A container's overlay line is a kilobyte or more of layer paths: splitting every line by
    /// `Character` was three quarters of the classifier's work, docs/performance.md.)
    static func mountinfoMatch(_ text: String) -> (String, ContainerKind)? {
        let bytes = Array(text.utf8)
        guard bytes.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else {
            for rawLine in text.split(separator: "\n") {
                if let match = mountinfoLineMatch(rawLine) { return match }
            }
            return nil
        }
        var lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            defer { lineStart = lineEnd + 1 }
            // Spaces and tabs trimmed at both ends (`trimmingSpaces`), then the fields between spaces.
            var first = lineStart
            var last = lineEnd
            while first < last && (bytes[first] == 0x20 || bytes[first] == 0x09) { first += 1 }
            while last > first && (bytes[last - 1] == 0x20 || bytes[last - 1] == 0x09) { last -= 1 }
            let fields = asciiFields(bytes, first..<last)
            // id parent major:minor root mount-point options ... - fstype source super-options
            guard fields.count >= 5, asciiContainerMountPoints.contains(where: { $0.elementsEqual(bytes[fields[4]]) }) else { continue }
            var storage = Array(bytes[fields[3]])
            storage.append(0x20)
            if let dash = fields.firstIndex(where: { bytes[$0].elementsEqual([0x2D]) }) {
                for (index, field) in fields[(dash + 1)...].enumerated() {
                    if index > 0 { storage.append(0x20) }
                    storage += bytes[field]
                }
            }
            if let kind = storageMarkers.first(where: { marker in marker.ascii.contains { contains(storage, $0) } })?.kind {
                return (String(decoding: bytes[first..<last], as: UTF8.self), kind)
            }
        }
        return nil
    }

    /// The ranges of the space-separated fields of `bytes[range]` (runs of spaces separate one field from the next).
    private static func asciiFields(_ bytes: [UInt8], _ range: Range<Int>) -> [Range<Int>] {
        var fields: [Range<Int>] = []
        var index = range.lowerBound
        while index < range.upperBound {
            while index < range.upperBound && bytes[index] == 0x20 { index += 1 }
            guard index < range.upperBound else { break }
            let start = index
            while index < range.upperBound && bytes[index] != 0x20 { index += 1 }
            fields.append(start..<index)
        }
        return fields
    }

    /// Whether `needle` occurs in `haystack` (bytes).
    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return needle.isEmpty }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }

    /// `containerMountPoints` as bytes, for `mountinfoMatch`'s byte path.
    private static let asciiContainerMountPoints: [[UInt8]] = containerMountPoints.map { Array($0.utf8) }

    /// One mountinfo line's match: its root or a runtime-provided file from a runtime's storage (by `Character`).
    private static func mountinfoLineMatch(_ rawLine: Substring) -> (String, ContainerKind)? {
        let line = rawLine.trimmingSpaces()
        let fields = line.split(separator: " ")
        // id parent major:minor root mount-point options ... - fstype source super-options
        guard fields.count >= 5, containerMountPoints.contains(String(fields[4])) else { return nil }
        let root = String(fields[3])
        var tail = ""
        if let dash = fields.firstIndex(of: "-") { tail = fields[(dash + 1)...].joined(separator: " ") }
        if let kind = runtime(inStoragePath: root + " " + tail) { return (line, kind) }
        return nil
    }

    /// The runtimes' storage paths, in the order they are tried (the first runtime with a marker in the text wins).
    /// The markers are ASCII: a `Character` search and a byte search find the same ones in ASCII text.
    static let storageMarkers: [(kind: ContainerKind, markers: [String], ascii: [[UInt8]])] = {
        let table: [(ContainerKind, [String])] = [
            (.docker, ["/docker/"]),
            (.podman, ["/libpod", "/containers/storage/"]),
            (.lxc, ["/lxc/", "/lxd/"]),
            (.other, ["kubepods", "/kubelet/pods/", "containerd"]),
        ]
        return table.map { entry in (kind: entry.0, markers: entry.1, ascii: entry.1.map { Array($0.utf8) }) }
    }()

    static func runtime(inStoragePath text: String) -> ContainerKind? {
        storageMarkers.first { entry in entry.markers.contains { text.contains($0) } }?.kind
    }
}
