import CSystemShim
import Logging
import NetProbeLive
#if canImport(Glibc)
import Glibc
#endif

/// The executable's start-up pages, out of this process's page tables once every address listens.
///
/// A page of a file mapping counts in `VmRSS` (as `RssFile`) from its first use, and the kernel maps the 16
/// neighbouring pages of the page cache with each fault ("fault-around", 64 KiB): the start (argument parsing, the
/// machine read, the plan, ServiceLifecycle) faults about 240 times into the code and leaves about 15 MiB of a
/// 22 MiB read-only mapping resident, most of which serving never runs again. `openclaw_release_program_text_pages`
/// drops the page-table entries of the read-only segments (never the writable ones, which hold this process's own
/// relocated copies); the page cache keeps the pages, and what serving uses is mapped again by its next minor fault.
/// Measured and explained in docs/performance.md, "Idle RSS".
///
/// The release runs on a thread of its own `delay` after the call: zapping the page-table entries of the mapping
/// costs about 0.7 ms of CPU (`perf record` of 15 starts), which on the event loop right after the last bind delayed
/// the first conversation (`gateway.readyMillis`) and dropped the pages that conversation was faulting in.
enum ProgramTextPages {
    /// How long after the start the release runs.
    static let delay: Duration = .milliseconds(200)

    /// Starts the release, once, `delay` from now on a thread of its own; a failure is logged at `debug` and
    /// changes nothing else.
    static func releaseStartPages(logger: Logger) {
        DetachedThread.start {
            var wait = timespec(tv_sec: 0, tv_nsec: Int(delay.components.attoseconds / 1_000_000_000))
            var left = timespec()
            while nanosleep(&wait, &left) != 0 && errno == EINTR { wait = left }
            release(logger: logger)
        }
    }

    private static func release(logger: Logger) {
        let result = openclaw_release_program_text_pages()
        if result < 0 {
            logger.debug("the executable's start-up pages stay mapped", metadata: ["errno": "\(-result)"])
        } else {
            logger.debug("released the executable's start-up pages", metadata: ["bytes": "\(result)"])
        }
    }
}
