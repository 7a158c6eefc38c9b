import Glibc

/// The result of trying to bind and listen on an address and port.
public enum BindAttempt: Sendable, Equatable, Codable {
    case succeeded
    /// `EADDRINUSE`.
    case addressInUse
    case failed(errno: Int32)

    /// The attempt for an errno from `bind(2)`/`listen(2)`.
    public static func from(errno code: Int32) -> BindAttempt {
        code == EADDRINUSE ? .addressInUse : .failed(errno: code)
    }
}
