import Foundation
import Testing
import NetProbeLive
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `ProcessSpawn`, the one `posix_spawn` of product, tests and bench: streams as asked, fd 3 from the parent, the
/// runner's other descriptors closed when asked (and only then), a new process group when asked.
@Suite("ProcessSpawn: the one posix_spawn")
struct ProcessSpawnTests {
    /// Runs `/bin/sh -c script` to its end with stdout into a file; the status and what it printed.
    private func run(_ script: String, options: ProcessSpawn.Options = .init(), stdout: ProcessSpawn.Stream? = nil,
                     in directory: String) throws -> (status: Int32, output: String) {
        let out = directory + "/out"
        let spawned = ProcessSpawn.spawn("/bin/sh", arguments: ["/bin/sh", "-c", script], environment: ["PATH=/usr/bin:/bin"],
                                         stdout: stdout ?? .file(out, append: false), stderr: .null, options: options)
        let pid = try spawned.get()
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
        return ((raw >> 8) & 0xff, (try? String(contentsOfFile: out, encoding: .utf8)) ?? "")
    }

    @Test("a descriptor the runner did not mark close-on-exec reaches the child unless closeOtherDescriptors is set")
    func closesOthers() throws {
        let directory = TestDirectory.make("spawn")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let leaked = open("/dev/null", O_RDONLY)  // no O_CLOEXEC: inherited unless closed
        #expect(leaked > 2)
        defer { close(leaked) }
        let script = "if [ -e /proc/self/fd/\(leaked) ]; then echo open; else echo closed; fi"
        #expect(try run(script, in: directory).output == "open\n")
        #expect(try run(script, options: .init(closeOtherDescriptors: true), in: directory).output == "closed\n")
    }

    @Test("descriptor3 becomes the child's fd 3; append keeps what the file held; the child leads its own group")
    func descriptorsAndGroup() throws {
        let directory = TestDirectory.make("spawn")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var ends: [Int32] = [-1, -1]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]) }
        let gate = try run("echo via-three >&3", options: .init(descriptor3: ends[1], closeOtherDescriptors: true), in: directory)
        close(ends[1])
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = read(ends[0], &buffer, buffer.count)
        #expect(gate.status == 0 && String(decoding: buffer.prefix(max(0, count)), as: UTF8.self) == "via-three\n")

        let log = directory + "/log"
        for word in ["one", "two"] { _ = try run("echo \(word)", stdout: .file(log, append: true), in: directory) }
        #expect((try? String(contentsOfFile: log, encoding: .utf8)) == "one\ntwo\n")

        // Field 5 of `cat`'s /proc/self/stat is its process group, the shell's: the shell's pid when it leads one.
        let leader = "set -- $(cat /proc/self/stat); [ \"$5\" = \"$$\" ] && echo leader || echo member"
        #expect(try run(leader, options: .init(newProcessGroup: true), in: directory).output == "leader\n")
        #expect(try run(leader, in: directory).output == "member\n")
    }

    @Test("a missing executable is the spawn's errno, with its text")
    func missing() {
        let result = ProcessSpawn.spawn("/nonexistent/program", arguments: ["program"], environment: [], stdout: .null, stderr: .null)
        #expect(result == .failure(ProcessSpawn.SpawnFailure(errno: ENOENT)))
        if case .failure(let failure) = result { #expect(failure.description == "No such file or directory") }
    }
}
