import Gateway
import GatewayServer

/// Chooses the Swift Concurrency executor before `openclaw` parses anything (`GatewayExecutor`).
public enum GatewayRunExecutor {
    /// For `openclaw gateway run ...` only: the machine read starts on a thread of its own (`GatewayMachineRead`),
    /// then the event loops become the global executor. Other commands keep the default pool (they start no event
    /// loops) and read nothing here. Call first thing, from the main thread.
    public static func prepare(arguments: [String]) {
        if arguments.count >= 2 && arguments[0] == "gateway" && arguments[1] == "run" {
            GatewayMachineRead.start()
            GatewayExecutor.useEventLoopsForConcurrency()
        }
    }
}
