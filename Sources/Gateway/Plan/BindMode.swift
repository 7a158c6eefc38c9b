/// `--bind`: which addresses the gateway listens on.
public enum BindMode: String, Sendable, Codable, CaseIterable {
    /// 127.0.0.1, plus ::1 where IPv6 loopback exists (the default).
    case loopback
    /// 0.0.0.0 (every IPv4 interface); needs a token.
    case lan
    /// `loopback`, except in a container where it means 0.0.0.0 so a published port works (then needs a token).
    case auto
    /// `--bind-host`, an IP literal; needs a token unless it is a loopback address.
    case custom
}

/// `--instance-check`: how a start decides that another gateway already runs.
public enum InstanceCheck: String, Sendable, Codable, CaseIterable {
    /// Chosen from the environment verdict (see `StartPlanner`).
    case auto
    case pidfile
    case loopbackProbe = "loopback-probe"
}

/// The strategy a plan settles on. The flock is taken in every strategy.
public enum InstanceCheckStrategy: String, Sendable, Codable, CaseIterable {
    /// The flock alone decides; loopback answers are diagnostics only and never stop the start.
    case pidfile
    /// Also probe 127.0.0.1 and ::1 before binding; a gateway that answers with another identity is already running.
    case loopbackProbe = "loopback-probe"
}
