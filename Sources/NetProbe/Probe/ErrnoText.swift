#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Names and texts for `errno` values, for messages such as `EADDRNOTAVAIL (Cannot assign requested address)`: the
/// pure module's one errno helper (NetProbe links no package, so `fuzz/run` can compile it alone; the edges and the
/// other modules take the text from SystemPackage's `Errno.description`, the same `strerror(3)`). The table of
/// symbolic names stays here: SystemPackage has none.
public enum ErrnoText {
    /// The symbolic name of a common socket errno (`ECONNREFUSED`), or `errno N`.
    public static func name(_ code: Int32) -> String {
        switch code {
        case EADDRINUSE: return "EADDRINUSE"
        case EADDRNOTAVAIL: return "EADDRNOTAVAIL"
        case EAFNOSUPPORT: return "EAFNOSUPPORT"
        case ENETUNREACH: return "ENETUNREACH"
        case EHOSTUNREACH: return "EHOSTUNREACH"
        case ENETDOWN: return "ENETDOWN"
        case ECONNREFUSED: return "ECONNREFUSED"
        case ECONNRESET: return "ECONNRESET"
        case ECONNABORTED: return "ECONNABORTED"
        case ETIMEDOUT: return "ETIMEDOUT"
        case EPIPE: return "EPIPE"
        case EACCES: return "EACCES"
        case EPERM: return "EPERM"
        case EINVAL: return "EINVAL"
        case EMFILE: return "EMFILE"
        case ENFILE: return "ENFILE"
        case ENOBUFS: return "ENOBUFS"
        case EPROTONOSUPPORT: return "EPROTONOSUPPORT"
        default: return "errno \(code)"
        }
    }

    /// `NAME (strerror text)`.
    public static func describe(_ code: Int32) -> String {
        "\(name(code)) (\(message(code)))"
    }

    /// The C library's message for `code` (`strerror(3)`): "Permission denied".
    public static func message(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return String(cString: text)
    }
}
