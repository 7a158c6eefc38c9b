import Foundation
import Testing
@testable import NetProbe
import NetProbeLive
#if canImport(Glibc)
import Glibc
import TestSupport
#endif

@Suite("Capture reader: files, directories and errors")
struct CaptureFileTests {
    @Test("a capture file is read from disk with its path as origin and in warnings")
    func singleFile() throws {
        let dir = TestDirectory.make("capture-tests")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/capture.txt"
        try "# openclaw-capture v1\n### osrelease\n6.6.87.2-microsoft-standard-WSL2\n### nonsense\n".write(toFile: path, atomically: true, encoding: .utf8)
        let facts = try CaptureReader.read(path: path)
        #expect(facts.origin == .capture(path: path))
        #expect(facts.osRelease == "6.6.87.2-microsoft-standard-WSL2")
        #expect(facts.warnings.map(\.file) == [path])
        #expect(facts.warnings.map(\.line) == [4])
    }

    @Test("a UTF-8 byte order mark before the first header is dropped")
    func byteOrderMark() throws {
        let dir = TestDirectory.make("capture-tests")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/bom.txt"
        try Data([0xEF, 0xBB, 0xBF] + Array("### wslinfo\nnat\n".utf8)).write(to: URL(fileURLWithPath: path))
        #expect(try CaptureReader.read(path: path).wslinfo?.output == "nat")
    }

    @Test("the directory form: one file per section, verbatim, warnings name the section file")
    func directoryForm() throws {
        let dir = TestDirectory.make("capture-tests")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let files = [
            "osrelease": "5.15.153.1-microsoft-standard-WSL2\n",
            "ip-addr": "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP\n    link/ether 00:15:5d:45:a2:ee brd ff:ff:ff:ff:ff:ff\n    inet 172.20.153.142/20 brd 172.20.159.255 scope global eth0\n    garbage here\n",
            "ip-rule": "[{\"priority\":0,\"src\":\"all\",\"table\":\"local\"}]\n",
            "wslconfig": "[wsl2]\nnetworkingMode=mirrored\n",
            "README": "notes\n",
            "env": "WSL_DISTRO_NAME=Ubuntu\n",
        ]
        for (name, text) in files { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
        try FileManager.default.createDirectory(atPath: dir + "/hosts", withIntermediateDirectories: false)
        let facts = try CaptureReader.read(path: dir)
        #expect(facts.origin == .capture(path: dir))
        #expect(facts.osRelease == "5.15.153.1-microsoft-standard-WSL2\n")
        #expect(facts.links?.first?.mac == "00:15:5d:45:a2:ee")
        #expect(facts.addresses?.first?.local == "172.20.153.142")
        #expect(facts.rules?.first?.table == 255)
        #expect(facts.environment == ["WSL_DISTRO_NAME": "Ubuntu"])
        #expect(facts.wslconfig == WslConfigFile(path: dir + " [### wslconfig]", text: "[wsl2]\nnetworkingMode=mirrored\n"))
        #expect(facts.hosts == nil)
        let byFile = Dictionary(grouping: facts.warnings, by: { $0.file ?? "" })
        #expect(byFile[dir + "/ip-addr"]?.map(\.line) == [4])
        #expect(byFile[dir + "/README"]?.count == 1)
        #expect(byFile[dir + "/hosts"]?.first?.message.contains("directory") == true)
        #expect(facts.warnings.count == 3)
    }

    @Test("the directory form is parsed from what the file edge hands over: a failed read or an oversized file skips its section only")
    func directoryFromEdge() {
        let dir = "/capture"
        let contents = ["/capture/osrelease": Array("6.6.87.2-microsoft-standard-WSL2\n".utf8), "/capture/hosts": [],
                        "/capture/env": [0x57, 0xFF, 0x0A]]
        let facts = CaptureReader.parse(
            directory: dir, names: ["osrelease", "wslinfo", "hosts", "env"],
            size: { $0 == "/capture/hosts" ? CaptureLimits.captureBytes + 1 : contents[$0]?.count ?? 0 },
            bytes: { (file: String) throws(CaptureError) -> [UInt8] in
                guard let bytes = contents[file] else {
                    throw CaptureError(path: file, reason: .unreadable(errno: EIO, message: "Input/output error"))
                }
                return bytes
            })
        #expect(facts.osRelease == "6.6.87.2-microsoft-standard-WSL2\n")
        #expect(facts.wslinfo == nil && facts.hosts == nil && facts.environment == nil)
        let byFile = Dictionary(grouping: facts.warnings, by: { $0.file ?? "" })
        #expect(byFile["/capture/wslinfo"]?.first?.message == "cannot read (Input/output error, errno 5); section skipped")
        #expect(byFile["/capture/hosts"]?.first?.message.contains("more than \(CaptureLimits.captureBytes) bytes") == true)
        #expect(byFile["/capture/env"]?.first?.message == "not UTF-8 text (invalid byte at offset 1); section skipped")
    }

    @Test("a missing path is .missing")
    func missing() {
        #expect(throws: CaptureError(path: "/nonexistent/capture.txt", reason: .missing)) {
            try CaptureReader.read(path: "/nonexistent/capture.txt")
        }
    }

    @Test("a path through a regular file is unreadable with ENOTDIR's text")
    func pathThroughFile() throws {
        let dir = TestDirectory.make("capture-tests")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "x".write(toFile: dir + "/file", atomically: true, encoding: .utf8)
        let path = dir + "/file/capture.txt"
        let error = try #require(throws: CaptureError.self) { try CaptureReader.read(path: path) }
        #expect(error.path == path)
        #expect(error.reason == .unreadable(errno: ENOTDIR, message: String(cString: strerror(ENOTDIR))))
        #expect(error.description.contains(path) && error.description.contains("Not a directory"))
    }

    @Test("a FIFO is refused without blocking")
    func fifo() throws {
        let dir = TestDirectory.make("capture-tests")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/pipe"
        #expect(mkfifo(path, 0o600) == 0)
        let started = Date()
        #expect(throws: CaptureError(path: path, reason: .notRegularFileOrDirectory(kind: "FIFO"))) {
            try CaptureReader.read(path: path)
        }
        #expect(Date().timeIntervalSince(started) < 2)
    }

    @Test("a character device is refused")
    func device() {
        #expect(throws: CaptureError(path: "/dev/zero", reason: .notRegularFileOrDirectory(kind: "character device"))) {
            try CaptureReader.read(path: "/dev/zero")
        }
    }

    @Test("a symlink loop is unreadable with ELOOP")
    func symlinkLoop() throws {
        let dir = TestDirectory.make("capture-tests")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/loop"
        #expect(symlink(path, path) == 0)
        let error = try #require(throws: CaptureError.self) { try CaptureReader.read(path: path) }
        #expect(error.reason == .unreadable(errno: ELOOP, message: String(cString: strerror(ELOOP))))
    }

    @Test("a file that is not UTF-8 names the first bad byte")
    func notUTF8() throws {
        let dir = TestDirectory.make("capture-tests")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/latin1.txt"
        try Data(Array("### hosts\n".utf8) + [0x63, 0x61, 0x66, 0xE9, 0x0A]).write(to: URL(fileURLWithPath: path))
        #expect(throws: CaptureError(path: path, reason: .notUTF8(byteOffset: 13))) {
            try CaptureReader.read(path: path)
        }
    }

    @Test("chmod 000 stops a non-root reader", .enabled(if: geteuid() != 0, "root reads mode-000 files"))
    func permissionDenied() throws {
        let dir = TestDirectory.make("capture-tests")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/secret.txt"
        try "### osrelease\n6.1\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0)
        let error = try #require(throws: CaptureError.self) { try CaptureReader.read(path: path) }
        #expect(error.reason == .unreadable(errno: EACCES, message: String(cString: strerror(EACCES))))
    }

    @Test("an empty directory is read as nothing known, with a warning")
    func emptyDirectory() throws {
        let dir = TestDirectory.make("capture-tests")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let facts = try CaptureReader.read(path: dir)
        #expect(facts.osRelease == nil && facts.links == nil)
        #expect(facts.warnings.count == 1)
    }
}
