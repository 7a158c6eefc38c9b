import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Issue 9, item 2: `openclaw-doctor capture -o PATH` writes to what PATH is. A character device or a FIFO is
/// written to and stays what it was; a symlink and another user's file are refused unless `--force`; a regular
/// file of ours is replaced atomically and keeps its mode.
@Suite("capture -o writes to what the path is", .serialized)
struct CaptureOutputTargetTests {
    static func capture(_ arguments: [String]) async throws -> DoctorTestSupport.Run {
        try #require(FileManager.default.isExecutableFile(atPath: DoctorTestSupport.doctorBinary), "build first")
        return try await DoctorTestSupport.run(DoctorTestSupport.doctorBinary, ["capture"] + arguments,
                                               environment: ChildEnvironment.clean())
    }

    /// `makedev(3)` for small numbers: (major << 8) | minor.
    static func device(_ major: UInt32, _ minor: UInt32) -> dev_t { dev_t((major & 0xfff) << 8 | (minor & 0xff)) }

    static func lstatOf(_ path: String) -> stat? {
        var st = stat()
        return lstat(path, &st) == 0 ? st : nil
    }

    @Test("a new file, and a file of ours replaced atomically keeping its mode")
    func regularFiles() async throws {
        let dir = TestDirectory.make("capture-o")
        let fresh = dir + "/fresh.txt"
        let made = try await Self.capture(["-o", fresh])
        #expect(made.code == 0 && made.stderr.contains("wrote \(fresh) (redacted)"), "\(made.stderr)")
        #expect(try String(contentsOfFile: fresh, encoding: .utf8).contains("### "))

        let kept = dir + "/kept.txt"
        try "old".write(toFile: kept, atomically: false, encoding: .utf8)
        chmod(kept, 0o640)
        let before = try #require(Self.lstatOf(kept))
        let replaced = try await Self.capture(["-o", kept])
        #expect(replaced.code == 0, "\(replaced.stderr)")
        let after = try #require(Self.lstatOf(kept))
        #expect(after.st_mode & 0o777 == 0o640, "mode kept: \(String(after.st_mode & 0o777, radix: 8))")
        #expect(after.st_ino != before.st_ino, "replaced by rename, not rewritten in place")
        #expect(try String(contentsOfFile: kept, encoding: .utf8).contains("### "))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty, "\(leftovers)")

        let directory = try await Self.capture(["-o", dir])
        #expect(directory.code == 2 && directory.stderr.contains("not writing \(dir): it is a directory"), "\(directory.stderr)")
    }

    @Test("issue 23 item 3: every new output file is 0600 whatever the umask; unredacted text makes a replaced file private; a planted symlink is not followed")
    func privateModes() async throws {
        let dir = TestDirectory.make("capture-mode")
        for (arguments, name) in [(["capture", "--no-redact"], "raw.txt"), (["capture"], "redacted.txt"), (["bugreport"], "report.txt")] {
            let path = dir + "/" + name
            // The most permissive umask (set in the child only): the mode must not come from it.
            let run = try await DoctorTestSupport.run("/bin/sh", ["-c", "umask 000; exec \"$0\" \"$@\"", DoctorTestSupport.doctorBinary]
                                                      + arguments + ["-o", path], environment: ChildEnvironment.clean())
            #expect(run.code == 0, "\(arguments): \(run.stderr)")
            let st = try #require(Self.lstatOf(path))
            #expect(st.st_mode & 0o777 == 0o600, "\(arguments): \(String(st.st_mode & 0o777, radix: 8))")
        }
        // An existing world-readable file of ours: a redacted capture keeps 0644, unredacted text drops to 0600.
        let shared = dir + "/shared.txt"
        for (noRedact, expected) in [(false, mode_t(0o644)), (true, mode_t(0o600))] {
            try "old".write(toFile: shared, atomically: false, encoding: .utf8)
            chmod(shared, 0o644)
            let run = try await Self.capture(noRedact ? ["--no-redact", "-o", shared] : ["-o", shared])
            #expect(run.code == 0, "\(run.stderr)")
            let st = try #require(Self.lstatOf(shared))
            #expect(st.st_mode & 0o777 == expected, "no-redact \(noRedact): \(String(st.st_mode & 0o777, radix: 8))")
        }
        // A link planted where the file will go (another user's trick to read the capture): refused, target untouched.
        let target = dir + "/theirs.txt", link = dir + "/planted.txt"
        try "theirs".write(toFile: target, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let refused = try await Self.capture(["--no-redact", "-o", link])
        #expect(refused.code == 2 && refused.stderr.contains("symbolic link"), "\(refused.stderr)")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "theirs")
    }

    @Test("a symlink is refused without --force and written through with it; the link stays a link")
    func symlink() async throws {
        let dir = TestDirectory.make("capture-link")
        let target = dir + "/target.txt"
        try "old".write(toFile: target, atomically: false, encoding: .utf8)
        let link = dir + "/link.txt"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "target.txt")
        let refused = try await Self.capture(["-o", link])
        #expect(refused.code == 2 && refused.stderr.contains("it is a symbolic link (use --force"), "\(refused.stderr)")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "old")
        let forced = try await Self.capture(["-o", link, "--force"])
        #expect(forced.code == 0, "\(forced.stderr)")
        #expect(Self.lstatOf(link).map { $0.st_mode & S_IFMT == S_IFLNK } == true, "the link stays a link")
        #expect(try String(contentsOfFile: target, encoding: .utf8).contains("### "))
    }

    @Test("a FIFO is written to, not replaced")
    func fifo() async throws {
        let dir = TestDirectory.make("capture-fifo")
        let fifo = dir + "/pipe"
        try #require(mkfifo(fifo, 0o600) == 0)
        // The reader: opens the FIFO and reads to end of file on its own thread.
        let received = FifoReader(fifo)
        let run = try await Self.capture(["-o", fifo])
        #expect(run.code == 0, "\(run.stderr)")
        let text = await received.text()
        #expect(text.contains("### "), "the capture went through the FIFO: \(text.prefix(200))")
        #expect(Self.lstatOf(fifo).map { $0.st_mode & S_IFMT == S_IFIFO } == true, "still a FIFO")
    }

    @Test("as root: a character device is written to (mknod c 1 3, /dev/null's numbers), another user's file refused, --force writes it in place keeping owner and mode",
          .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason))
    func devicesAndOwners() async throws {
        try Privilege.requireRoot()
        let dir = TestDirectory.make("capture-dev")
        let null = dir + "/null"
        try #require(mknod(null, S_IFCHR | 0o666, Self.device(1, 3)) == 0, "mknod: \(errno)")
        let device = try await Self.capture(["-o", null])
        #expect(device.code == 0, "\(device.stderr)")
        let st = try #require(Self.lstatOf(null))
        #expect(st.st_mode & S_IFMT == S_IFCHR && st.st_rdev == Self.device(1, 3), "still the device node")

        let full = dir + "/full"
        try #require(mknod(full, S_IFCHR | 0o666, Self.device(1, 7)) == 0)
        let onFull = try await Self.capture(["-o", full])
        #expect(onFull.code == 2 && onFull.stderr.contains("cannot write \(full): No space left on device"), "\(onFull.stderr)")
        #expect(Self.lstatOf(full).map { $0.st_mode & S_IFMT == S_IFCHR } == true)

        let theirs = dir + "/theirs.txt"
        try "theirs".write(toFile: theirs, atomically: false, encoding: .utf8)
        try #require(chown(theirs, 65534, 65534) == 0)
        chmod(theirs, 0o640)
        let refused = try await Self.capture(["-o", theirs])
        #expect(refused.code == 2 && refused.stderr.contains("another user's file"), "\(refused.stderr)")
        #expect(try String(contentsOfFile: theirs, encoding: .utf8) == "theirs")
        let forced = try await Self.capture(["-o", theirs, "--force"])
        #expect(forced.code == 0, "\(forced.stderr)")
        let after = try #require(Self.lstatOf(theirs))
        #expect(after.st_uid == 65534 && after.st_mode & 0o777 == 0o640, "owner and mode kept")
        #expect(try String(contentsOfFile: theirs, encoding: .utf8).contains("### "))
    }

    @Test("sec2 re-attack, item 3: unredacted output never goes into what another account owns: its FIFO in /tmp (at a625e63 it got the whole unredacted capture, no --force needed) or its 0666 file with --force; redacted output still may",
          .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason))
    func unredactedStaysPrivate() async throws {
        try Privilege.requireRoot()
        let dir = TestDirectory.make("capture-theirs", mode: 0o1777)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fifo = dir + "/their-pipe"
        try #require(mkfifo(fifo, 0o622) == 0 && chown(fifo, 65534, 65534) == 0)
        let received = FifoReader(fifo)
        let raw = try await Self.capture(["--no-redact", "-o", fifo])
        // Release the reader (it waits in open(2) when nothing was written).
        let release = open(fifo, O_WRONLY | O_NONBLOCK)
        if release >= 0 { close(release) }
        let got = await received.text()
        #expect(raw.code == 2 && raw.stderr.contains("not writing \(fifo): it belongs to uid 65534") && raw.stderr.contains("not redacted"),
                "\(raw.stderr)")
        #expect(!got.contains("### "), "the other account's reader got the unredacted capture: \(got.prefix(120))")

        let file = dir + "/their-capture.txt"
        try "theirs".write(toFile: file, atomically: false, encoding: .utf8)
        try #require(chown(file, 65534, 65534) == 0 && chmod(file, 0o666) == 0)
        let forced = try await Self.capture(["--no-redact", "-o", file, "--force"])
        #expect(forced.code == 2 && forced.stderr.contains("not redacted"), "\(forced.stderr)")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "theirs")
        let redacted = try await Self.capture(["-o", file, "--force"])
        let written = try String(contentsOfFile: file, encoding: .utf8)
        #expect(redacted.code == 0 && written.contains("# redacted"), "\(redacted.stderr)")
    }
}

/// Reads a FIFO to end of file on a thread of its own (opening blocks until the writer opens it).
final class FifoReader: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private var done = false

    init(_ path: String) {
        let thread = Thread { [self] in
            let fd = open(path, O_RDONLY)
            var all = Data()
            if fd >= 0 {
                var buffer = [UInt8](repeating: 0, count: 65536)
                while true {
                    let n = read(fd, &buffer, buffer.count)
                    if n > 0 { all.append(contentsOf: buffer[0..<n]); continue }
                    if n < 0 && errno == EINTR { continue }
                    break
                }
                close(fd)
            }
            lock.withLock { data = all; done = true }
        }
        thread.start()
    }

    func text() async -> String {
        let deadline = ContinuousClock.now + .seconds(60)
        while !lock.withLock({ done }) && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
        return lock.withLock { String(decoding: data, as: UTF8.self) }
    }
}
