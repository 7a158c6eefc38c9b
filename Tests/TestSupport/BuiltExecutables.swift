import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The built executable of this checkout under its two names (`swift build --build-tests` builds one executable,
/// `openclaw`; `openclaw-doctor` is the same file through a symbolic link, as the package installs it).
public enum BuiltExecutables {
    /// `.build/debug` of this checkout.
    public static var directory: String { Fixtures.repositoryRoot.appendingPathComponent(".build/debug").path }

    /// `.build/debug/openclaw`.
    public static var openclaw: String { directory + "/openclaw" }

    /// `.build/debug/openclaw-doctor`: a symbolic link to `openclaw` in the same directory, made (or put in place of
    /// anything else there, such as the separate executable of an older build) on first use in this process. The link
    /// is made under a temporary name and renamed over the path, so concurrent test processes never see it missing.
    /// Dangling until `openclaw` is built: `isExecutableFile` is false then ("build first").
    public static let doctor: String = {
        let path = directory + "/openclaw-doctor"
        if (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) == "openclaw" { return path }
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let temporary = path + ".link-\(getpid())"
        unlink(temporary)
        if symlink("openclaw", temporary) == 0, rename(temporary, path) != 0 { unlink(temporary) }
        return path
    }()
}
