import Foundation
import NetProbe
import Testing
import TestSupport

/// Issue 9 item 6: a 16 MB capture of every section kind goes through the whole doctor (`openclaw-doctor --snapshot
/// FILE --json --redact`: read, parse, redact, classify, run every check, render) in bounded time and memory, and
/// the report says what was cut. Each capture is of a mirrored WSL2 machine, so the checks of the Windows half run
/// on the large Windows sections too.
///
/// Time is the doctor's CPU time, compared with a 1 MiB capture of the same kind run just before: linear work makes
/// the ratio at most 16 (the file is 16 times larger; past the 8 MiB section limit it is only split into lines),
/// quadratic work about 64 (as 8,000 links once were). A ratio, never a wall-clock limit, so a loaded machine passes.
///
/// GNU `time` (Debian's `time`, installed by scripts/install-deps) measures the doctor: `wait4(2)` on a child that
/// THIS process spawned would report this process's own peak RSS, which exec carries over into the child's
/// `ru_maxrss` (a large test process makes every child look large). `time` is small, so the doctor's figure is its own.
@Suite("A 16 MB capture of every section kind costs what the limits allow", .serialized)
struct CaptureBoundedCostTests {
    /// Before the limits, a 14 MB `env` section took 3.3 GB; measured now, the largest kind peaks at about 250 MB
    /// (a debug build). 512 MiB leaves room for allocator noise, and none for a copy per line or per link.
    static let maxRSSKiB = 512 * 1024
    /// Linear work costs at most 16 times the 1 MiB reference; quadratic work about 64 times.
    static let maxCPURatio = 32.0
    static let time = "/usr/bin/time"

    struct Measured {
        var status: Int32
        /// The doctor's maximum RSS (KiB) and user + system CPU time (s), as GNU `time` reports them.
        var maxRSSKiB: Int
        var cpuSeconds: Double
        var report: [String: Any]
        var reportBytes: Int
    }

    static func doctor(_ capture: String, usageFile: String) async throws -> Measured {
        let result = try await SpawnedChild.run(
            time, ["-f", "%M %U %S", "-o", usageFile, DoctorTestSupport.doctorBinary, "--snapshot", capture, "--json", "--redact"],
            environment: ChildEnvironment.clean(), timeout: TestDeadline.scaled(.seconds(600)))
        let fields = (try String(contentsOfFile: usageFile, encoding: .utf8)).split(whereSeparator: \.isWhitespace)
        // `time` writes "Command exited with non-zero status N" first when the doctor exits 1; the figures are last.
        let figures = fields.suffix(3)
        let rss = try #require(figures.first.flatMap { Int($0) }, "time wrote \(fields)")
        let cpu = figures.dropFirst().compactMap { Double($0) }.reduce(0, +)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return Measured(status: result.status, maxRSSKiB: rss, cpuSeconds: cpu, report: try #require(object, "\(result)"),
                        reportBytes: result.stdout.utf8.count)
    }

    @Test("read, redacted, classified and checked within the limits; the report names the cut",
          arguments: FactSection.allCases)
    func sixteenMegabytes(kind: FactSection) async throws {
        try #require(FileManager.default.isExecutableFile(atPath: DoctorTestSupport.doctorBinary), "build first: swift build")
        try #require(FileManager.default.isExecutableFile(atPath: Self.time), "install GNU time: scripts/install-deps")
        let dir = TestDirectory.make("bounded")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let small = dir + "/small.txt", large = dir + "/large.txt"
        // On a mirrored WSL2 machine, so every check runs, the Windows half's included.
        try LargeCapture.capture(kind, bytes: 1 << 20, onMirroredWSL2: true).write(toFile: small, atomically: false, encoding: .utf8)
        try LargeCapture.capture(kind, bytes: CaptureLimits.captureBytes, onMirroredWSL2: true)
            .write(toFile: large, atomically: false, encoding: .utf8)

        let reference = try await Self.doctor(small, usageFile: dir + "/small.usage")
        let measured = try await Self.doctor(large, usageFile: dir + "/large.usage")

        // A report (0: ok, 1: findings), not an error.
        #expect(measured.status == 0 || measured.status == 1, "\(kind.rawValue): exit \(measured.status)")
        let warnings = measured.report["warnings"] as? [String] ?? []
        #expect(warnings.contains { $0.contains("section '\(kind.rawValue)' has more than") && $0.contains("(the limit)") },
                "\(kind.rawValue): the cut is reported: \(warnings.prefix(3))")
        // Warnings are bounded per section; no report string quotes more than `TextExcerpt.maxBytes` of the input.
        #expect(warnings.count <= CaptureLimits.warningsPerSection + 2, "\(kind.rawValue): \(warnings.count) warnings")
        #expect(measured.reportBytes < 64 * 1024, "\(kind.rawValue): a \(measured.reportBytes)-byte report")

        #expect(measured.maxRSSKiB < Self.maxRSSKiB, "\(kind.rawValue): max RSS \(measured.maxRSSKiB) KiB")
        // `time` counts in hundredths of a second: a reference under 0.05 s counts as 0.05 s.
        let ratio = measured.cpuSeconds / max(reference.cpuSeconds, 0.05)
        #expect(ratio <= Self.maxCPURatio,
                "\(kind.rawValue): \(measured.cpuSeconds) s of CPU for 16 MiB, \(reference.cpuSeconds) s for 1 MiB")
        print("bounded-cost \(kind.rawValue): CPU 1 MiB \(reference.cpuSeconds) s, 16 MiB \(measured.cpuSeconds) s; "
              + "max RSS 1 MiB \(reference.maxRSSKiB) KiB, 16 MiB \(measured.maxRSSKiB) KiB; report \(measured.reportBytes) bytes")
    }
}
