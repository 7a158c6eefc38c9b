import Foundation

/// Locates the repository's test fixtures (`Tests/Fixtures/`) from this source file's path,
/// so tests never depend on the working directory and never read outside the repository.
public enum Fixtures {
    /// `Tests/Fixtures` of this checkout.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // TestSupport
        .deletingLastPathComponent()   // Tests
        .appendingPathComponent("Fixtures")

    /// The repository root (where `Package.swift` lives).
    public static let repositoryRoot: URL = root.deletingLastPathComponent().deletingLastPathComponent()

    /// Path of a fixture file, e.g. `Fixtures.path("captures/wsl1-distrod69.txt")`.
    public static func path(_ relative: String) -> String {
        root.appendingPathComponent(relative).path
    }

    /// Every file directly inside a fixture folder, sorted.
    public static func files(in folder: String) -> [String] {
        let dir = root.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.sorted().map { dir.appendingPathComponent($0).path }
    }
}
