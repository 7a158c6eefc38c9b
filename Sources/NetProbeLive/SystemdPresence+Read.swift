import NetProbe
#if canImport(Glibc)
import Glibc
#endif

/// The reader of `SystemdPresence` (the value is NetProbe's): `stat(2)` of the markers, `opendir(3)` of the journal
/// directories.
extension SystemdPresence {
    /// Reads the three markers under `root` ("" for the live machine; a test tree otherwise). `environment` supplies
    /// `XDG_RUNTIME_DIR` and `DBUS_SESSION_BUS_ADDRESS`. Nothing here fails: an unreadable path counts as absent.
    public static func read(root: String = "", environment: [String: String]) -> SystemdPresence {
        let runtime = environment["XDG_RUNTIME_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        let bus = environment["DBUS_SESSION_BUS_ADDRESS"].map { !$0.isEmpty } ?? false
        return SystemdPresence(
            systemBooted: isDirectory(root + "/run/systemd/system"),
            userManagerReachable: bus || runtime.map { exists(root + $0 + "/systemd/private") || exists(root + $0 + "/bus") } ?? false,
            journalStored: holdsJournalFile(root + "/run/log/journal") || holdsJournalFile(root + "/var/log/journal"))
    }

    /// Whether `directory` or one of its subdirectories holds a `*.journal` or `*.journal~` file. Reads at most
    /// `entryLimit` names per directory (a journal directory holds a few dozen). A directory this user may not list
    /// (`EACCES`) counts as holding one: `journalctl` is asked and says what it may not read.
    static func holdsJournalFile(_ directory: String, depth: Int = 1) -> Bool {
        guard let stream = opendir(directory) else { return errno == EACCES }
        defer { closedir(stream) }
        var subdirectories: [String] = []
        for _ in 0..<entryLimit {
            guard let entry = readdir(stream) else { break }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            if name.hasSuffix(".journal") || name.hasSuffix(".journal~") {
                if isRegularFile(directory + "/" + name) { return true }
            } else if depth > 0 && isDirectory(directory + "/" + name) {
                subdirectories.append(directory + "/" + name)
            }
        }
        return subdirectories.contains { holdsJournalFile($0, depth: depth - 1) }
    }

    static let entryLimit = 4096

    private static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    private static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    private static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }
}
