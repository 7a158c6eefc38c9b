#if canImport(Glibc)
import Glibc
#endif

/// `strerror` text for an errno value.
enum SystemError {
    /// The message `strerror(3)` gives for `code`.
    static func describe(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return String(cString: text)
    }
}
