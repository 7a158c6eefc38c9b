import Foundation
import Testing
@testable import NetProbeLive

@Suite("LiveReader's default environment")
struct LiveReaderEnvironmentTests {
    @Test("only WSL_*, WSLENV and container, read from environ as ProcessInfo's environment has them")
    func relevantOnly() {
        setenv("WSL_PERF3_TEST", "a=b c", 1)
        setenv("WSLENV", "PATH/l", 1)
        setenv("container", "podman", 1)
        setenv("WSLX_NOT_RELEVANT", "1", 1)
        setenv("OPENCLAW_PERF3_TOKEN", "secret", 1)
        defer {
            for name in ["WSL_PERF3_TEST", "WSLENV", "container", "WSLX_NOT_RELEVANT", "OPENCLAW_PERF3_TOKEN"] { unsetenv(name) }
        }
        let read = LiveReader.relevantProcessEnvironment()
        #expect(read["WSL_PERF3_TEST"] == "a=b c" && read["WSLENV"] == "PATH/l" && read["container"] == "podman")
        #expect(read["WSLX_NOT_RELEVANT"] == nil && read["OPENCLAW_PERF3_TOKEN"] == nil)
        #expect(read == LiveReader.relevantEnvironment(ProcessInfo.processInfo.environment))
        #expect(LiveReader.Options().environment == read)
    }
}
