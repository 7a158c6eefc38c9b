@testable import DoctorKit
import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `CaptureOutputFile`, the one writer of `capture -o`, `bugreport -o` and `triage --capture-out`: the decision per
/// kind of path (pure), and real writes in a temporary directory.
@Suite("Doctor output file rules")
struct CaptureOutputFileTests {
    static func mode(_ path: String) -> UInt32 {
        var st = stat()
        return lstat(path, &st) == 0 ? UInt32(st.st_mode & 0o7777) : 0
    }

    @Test("what each kind of path gets, with and without --force")
    func decisions() {
        typealias F = CaptureOutputFile
        #expect(F.decide(.missing, force: false) == .createAtomically)
        #expect(F.decide(.regular(ownedByUs: true), force: false) == .replaceAtomically)
        #expect(F.decide(.characterDevice, force: false) == .writeInPlace && F.decide(.fifo, force: false) == .writeInPlace)
        for kind in [CaptureOutputFile.Kind.regular(ownedByUs: false), .symlink] {
            guard case .refuse(let why) = F.decide(kind, force: false) else { Issue.record("\(kind) not refused"); continue }
            #expect(why.contains("--force"), "\(why)")
        }
        #expect(F.decide(.regular(ownedByUs: false), force: true) == .writeInPlace)
        #expect(F.decide(.symlink, force: true) == .followLink)
        #expect(F.decide(.other("directory"), force: true) == .refuse("it is a directory"))
    }

    @Test("real files: a new one is 0600 whatever the umask; a replaced one keeps its mode, unredacted text drops group and other bits")
    func modes() throws {
        let dir = TestDirectory.make("outfile")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let old = umask(0)
        defer { umask(old) }
        let path = dir + "/capture.txt"
        try CaptureOutputFile.write("one\n", to: path, force: false, unredacted: false)
        #expect(try Self.mode(path) == 0o600 && String(contentsOfFile: path, encoding: .utf8) == "one\n")
        chmod(path, 0o644)
        try CaptureOutputFile.write("two\n", to: path, force: false, unredacted: false)
        #expect(try Self.mode(path) == 0o644 && String(contentsOfFile: path, encoding: .utf8) == "two\n")
        try CaptureOutputFile.write("three\n", to: path, force: false, unredacted: true)
        #expect(Self.mode(path) == 0o600, "unredacted output is private")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["capture.txt"], "no temporary file left")
    }

    @Test("a link is refused without --force and written through with it; a directory is refused; /dev/full names ENOSPC")
    func refusalsAndFailures() throws {
        let dir = TestDirectory.make("outlink")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let target = dir + "/target.txt"
        let link = dir + "/link.txt"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        #expect(throws: CaptureOutputFile.Failure(code: "output-refused",
                                                  message: "not writing \(link): it is a symbolic link (use --force to write to its target)")) {
            try CaptureOutputFile.write("x", to: link, force: false, unredacted: false)
        }
        try CaptureOutputFile.write("through\n", to: link, force: true, unredacted: false)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "through\n")
        #expect(CaptureOutputFile.lstatKind(link) == .symlink, "the link stays")
        #expect(throws: CaptureOutputFile.Failure(code: "output-refused", message: "not writing \(dir): it is a directory")) {
            try CaptureOutputFile.write("x", to: dir, force: true, unredacted: false)
        }
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        do {
            try CaptureOutputFile.write("x", to: "/dev/full", force: false, unredacted: false)
            Issue.record("/dev/full accepted a write")
        } catch {
            #expect(error.code == "output-unwritable" && error.message.contains("cannot write /dev/full: No space left on device"), "\(error.message)")
        }
    }
}
