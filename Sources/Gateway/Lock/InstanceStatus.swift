/// The lifecycle of a running gateway as written in its lock metadata: `starting` -> `ready` -> `stopping`.
public enum InstanceStatus: String, Sendable, Codable, CaseIterable {
    case starting
    case ready
    case stopping
}
