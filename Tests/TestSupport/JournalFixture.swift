import Foundation

/// Real journal files for tests: `systemd-journal-remote --output=DIR/x.journal -` turns a fixture in journal
/// export format (`Tests/Fixtures/journal/NAME.export`, its leading `#` comment lines dropped) into a journal
/// directory that `journalctl --directory DIR` reads. Installed by `scripts/install-deps` (Debian package
/// `systemd-journal-remote`; the binary is not on PATH).
public enum JournalFixture {
    public static let remoteCandidates = ["/lib/systemd/systemd-journal-remote", "/usr/lib/systemd/systemd-journal-remote"]

    public struct Missing: Error, CustomStringConvertible {
        public var description: String
    }

    /// The converter, or an error telling how to install it.
    public static func remote() throws -> String {
        guard let path = remoteCandidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw Missing(description: "systemd-journal-remote is not installed: run scripts/install-deps")
        }
        return path
    }

    /// Export-format text of a fixture, comments dropped.
    public static func exportText(_ name: String) throws -> String {
        let text = try String(contentsOfFile: Fixtures.path("journal/\(name).export"), encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("#") }.joined(separator: "\n")
    }

    /// A new journal directory holding `export` (export-format text) in one journal file.
    public static func directory(export: String, prefix: String = "journal") throws -> String {
        let dir = TestDirectory.make(prefix)
        try write(export: export, to: dir + "/fixture.journal")
        return dir
    }

    /// A new journal directory with one journal file per fixture (journalctl merges them by time; one file whose
    /// times go backwards would not be read reliably).
    public static func directory(merging names: [String]) throws -> String {
        let dir = TestDirectory.make("journal-merged")
        for name in names { try write(export: try exportText(name), to: "\(dir)/\(name).journal") }
        return dir
    }

    private static func write(export: String, to file: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try remote())
        process.arguments = ["--output=\(file)", "-"]
        let input = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        try input.fileHandleForWriting.write(contentsOf: Data(export.utf8))
        try input.fileHandleForWriting.close()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Missing(description: "systemd-journal-remote failed (\(process.terminationStatus)): \(String(decoding: message, as: UTF8.self))")
        }
    }

    /// A journal directory made from fixture `name`.
    public static func directory(_ name: String) throws -> String {
        try directory(export: try exportText(name), prefix: "journal-\(name)")
    }
}
