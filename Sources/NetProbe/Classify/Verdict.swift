/// What kind of machine this is.
public enum EnvironmentKind: String, Sendable, Codable, CaseIterable {
    case native
    case container
    case wsl1
    case wsl2
    case unknown
}

/// Which container runtime, when `EnvironmentKind.container`.
public enum ContainerKind: String, Sendable, Codable, CaseIterable {
    case docker
    case podman
    case lxc
    case systemdNspawn = "systemd-nspawn"
    case other
}

/// WSL2's networking mode, as the machine shows it (the EFFECTIVE mode, not `.wslconfig`'s request).
public enum WSLNetworkingMode: String, Sendable, Codable, CaseIterable {
    case nat
    case mirrored
    case bridged
    case virtioproxy
    case none
    case unknown
}

/// How sure the classifier is.
public enum Confidence: String, Sendable, Codable, CaseIterable, Comparable {
    case low
    case medium
    case high

    private var rank: Int {
        switch self {
        case .low: return 0
        case .medium: return 1
        case .high: return 2
        }
    }

    public static func < (lhs: Confidence, rhs: Confidence) -> Bool { lhs.rank < rhs.rank }
}

/// One signal the classifier looked at: what it saw, where, and what it means for the verdict.
public struct Evidence: Sendable, Codable, Equatable {
    /// How a signal bears on a claim.
    public enum Stance: String, Sendable, Codable {
        case supports
        case contradicts
        /// Seen and recorded, but bearing on nothing by itself (e.g. a trap such as 10.255.255.254).
        case neutral
    }

    /// Stable signal id, e.g. `kernel.release`, `netlink.loopback0`, `wslconfig.requested-mode`.
    public var signal: String
    /// Where it came from: a live path or interface, or a capture file and section.
    public var source: String
    /// What was seen, short and literal.
    public var observed: String
    public var stance: Stance
    /// The claim it bears on: `wsl2`, `mirrored`, `container:docker`, ...
    public var claim: String

    public init(signal: String, source: String, observed: String, stance: Stance, claim: String) {
        self.signal = signal
        self.source = source
        self.observed = observed
        self.stance = stance
        self.claim = claim
    }
}

/// The classifier's answer: the `environment` object of the doctor's JSON.
public struct EnvironmentVerdict: Sendable, Codable, Equatable {
    public var kind: EnvironmentKind
    public var container: ContainerKind?
    /// Set for `wsl2` only.
    public var wslNetworkingMode: WSLNetworkingMode?
    public var confidence: Confidence
    public var evidence: [Evidence]

    public init(
        kind: EnvironmentKind, container: ContainerKind? = nil, wslNetworkingMode: WSLNetworkingMode? = nil,
        confidence: Confidence, evidence: [Evidence]
    ) {
        self.kind = kind
        self.container = container
        self.wslNetworkingMode = wslNetworkingMode
        self.confidence = confidence
        self.evidence = evidence
    }

    private enum CodingKeys: String, CodingKey {
        case kind, container, wslNetworkingMode, confidence, evidence
    }

    /// Encodes `container` and `wslNetworkingMode` as explicit `null` when absent, so the JSON always
    /// carries all five fields.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(container, forKey: .container)
        try c.encode(wslNetworkingMode, forKey: .wslNetworkingMode)
        try c.encode(confidence, forKey: .confidence)
        try c.encode(evidence, forKey: .evidence)
    }

    /// The environment in a few words, e.g. `WSL2, mirrored networking (high confidence)`.
    public var summary: String {
        var words: String
        switch kind {
        case .native: words = "native Linux"
        case .wsl1: words = "WSL1"
        case .unknown: words = "unknown environment"
        case .container:
            words = "container (\(container?.rawValue ?? "unknown runtime"))"
        case .wsl2:
            switch wslNetworkingMode ?? .unknown {
            case .unknown: words = "WSL2, networking mode unknown"
            case .none: words = "WSL2 without network (mode none, or mirrored that failed)"
            case let mode: words = "WSL2, \(mode.rawValue) networking"
            }
        }
        words += " (\(confidence.rawValue) confidence)"
        return words
    }
}
