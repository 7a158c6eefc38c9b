import CSystemShim
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Writable data the release must leave alone: its initial value is 1, the test sets 42 before the release. Had a
/// writable segment been advised, this process's copy would be dropped and the value read back would not be 42.
nonisolated(unsafe) private var releaseCanary = 1

@Suite("the executable's read-only pages after the start (ProgramTextPages)")
struct ProgramTextPagesTests {
    @Test("the release advises the main program's read-only segments; writable data keeps this process's values and code runs on")
    func releaseKeepsWritableData() {
        releaseCanary = 42
        let words = ["status", "connect", "health"]
        let bytes = openclaw_release_program_text_pages()
        #expect(bytes > 0, "the test runner's code segment is read-only and was advised")
        #expect(bytes % Int64(sysconf(Int32(_SC_PAGESIZE))) == 0, "whole pages only")
        #expect(releaseCanary == 42)
        // The dropped code and constants are mapped again on use.
        #expect(words.sorted() == ["connect", "health", "status"])
        #expect(openclaw_release_program_text_pages() == bytes, "a second release advises the same segments")
    }
}
