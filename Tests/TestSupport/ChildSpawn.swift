import Foundation
import NetProbeLive

/// The tests' start of a child (used by `SpawnedChild` and `StdioFaultProcess`): the product's `ProcessSpawn` (the
/// one `posix_spawn` of product, tests and bench) with the tests' policy: stdin from a file (`/dev/null` unless
/// given), stdout and stderr as asked (files, normally), `PATH` with the sbin directories first, and no other
/// descriptor of the test runner. Foundation's `Process` missed child exits and lost the tails of pipes under heavy
/// parallelism here; children are reaped with `waitpid` and their output is read back from files, so nothing written
/// is ever lost.
enum ChildSpawn {
    /// Spawns `path` with `argvStrings` (argv[0] included); returns the pid, or the `posix_spawn` error number.
    /// `gateFD`, when given, becomes the child's fd 3.
    static func spawn(
        path: String, arguments argvStrings: [String], environment: [String: String], stdin: String = "/dev/null",
        stdout: ProcessSpawn.Stream, stderr: ProcessSpawn.Stream, gateFD: Int32? = nil
    ) -> Result<pid_t, ProcessSpawn.SpawnFailure> {
        var env = environment
        env["PATH"] = "/usr/sbin:/sbin:/usr/bin:/bin:" + (env["PATH"] ?? "")
        return ProcessSpawn.spawn(
            path, arguments: argvStrings, environment: env.map { "\($0.key)=\($0.value)" },
            stdin: .file(stdin, append: false), stdout: stdout, stderr: stderr,
            options: ProcessSpawn.Options(descriptor3: gateFD, closeOtherDescriptors: true))
    }
}
