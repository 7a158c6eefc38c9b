import NetProbe

/// The command line of `openclaw-loadclient`, parsed by a pure function.
struct LoadOptions: Sendable, Equatable {
    /// The gateway's address: only loopback (`127.0.0.1`, `::1`, `localhost`) is accepted.
    var host = "127.0.0.1"
    var port: Int = 18789
    /// How many clients run in total.
    var clients = 100
    /// How many clients are in flight at once.
    var concurrency = 100
    /// The token sent in `connect.params.auth.token`.
    var token: String?
    /// Per-client bound (connect to close).
    var timeoutMs = 10_000
    /// Bound on the whole run; past it the partial report is printed and the exit code is 2.
    var overallTimeoutMs = 120_000
    /// Keep every connection open after its `status` answer until all clients have one (needs concurrency = clients).
    var hold = false
    /// Print the report as JSON.
    var json = false

    static let usage = """
        usage: openclaw-loadclient --port P [--host 127.0.0.1|::1|localhost] [--clients N] [--concurrency C]
                                   [--token T] [--timeout-ms T] [--overall-timeout-ms T] [--hold] [--json]
        Each client: WebSocket upgrade on /, read connect.challenge, send connect, read hello-ok, send status,
        read its answer, close 1000. Exit 0 when every client succeeded, 1 when some failed, 2 on the overall
        timeout, 64 on a usage error.
        """

    /// Hosts the client may connect to (it is a load generator: never anything but this machine's loopback):
    /// `localhost`, and 127.0.0.1 and ::1 as NetProbe's `IPAddress` reads them (`0:0::1` is ::1).
    static let loopbackAddresses: Set<IPAddress> = [.loopbackV4, .loopbackV6]

    /// Parses `arguments` (without the program name).
    static func parse(_ arguments: [String]) -> Result<LoadOptions, LoadUsageError> {
        var options = LoadOptions()
        var index = 0
        func value(_ name: String) -> Result<String, LoadUsageError> {
            guard index + 1 < arguments.count else { return .failure(.init("\(name) needs a value")) }
            index += 1
            return .success(arguments[index])
        }
        func integer(_ name: String, _ range: ClosedRange<Int>) -> Result<Int, LoadUsageError> {
            value(name).flatMap { text in
                guard let number = Int(text), range.contains(number) else {
                    return .failure(.init("\(name) must be an integer in \(range.lowerBound)...\(range.upperBound), got '\(text)'"))
                }
                return .success(number)
            }
        }
        while index < arguments.count {
            let argument = arguments[index]
            var failure: LoadUsageError?
            switch argument {
            case "--host":
                switch value(argument) {
                case .success(let host): options.host = host
                case .failure(let error): failure = error
                }
            case "--port": failure = assign(integer(argument, 1...65535)) { options.port = $0 }
            case "--clients": failure = assign(integer(argument, 1...100_000)) { options.clients = $0 }
            case "--concurrency": failure = assign(integer(argument, 1...20_000)) { options.concurrency = $0 }
            case "--timeout-ms": failure = assign(integer(argument, 1...600_000)) { options.timeoutMs = $0 }
            case "--overall-timeout-ms": failure = assign(integer(argument, 1...3_600_000)) { options.overallTimeoutMs = $0 }
            case "--token":
                switch value(argument) {
                case .success(let token): options.token = token
                case .failure(let error): failure = error
                }
            case "--hold": options.hold = true
            case "--json": options.json = true
            default: failure = .init("unknown argument '\(argument)'")
            }
            if let failure { return .failure(failure) }
            index += 1
        }
        if options.host != "localhost" {
            guard let address = IPAddress(options.host), loopbackAddresses.contains(address) else {
                return .failure(.init("--host must be 127.0.0.1, ::1 or localhost (got '\(options.host)')"))
            }
            options.host = address.text
        }
        if options.hold && options.concurrency < options.clients {
            return .failure(.init("--hold needs --concurrency >= --clients (every client stays open until all answered)"))
        }
        return .success(options)
    }

    private static func assign(_ result: Result<Int, LoadUsageError>, _ set: (Int) -> Void) -> LoadUsageError? {
        switch result {
        case .success(let number):
            set(number)
            return nil
        case .failure(let error):
            return error
        }
    }
}

/// A command-line mistake, with the message to print.
struct LoadUsageError: Error, Equatable {
    let message: String
    init(_ message: String) { self.message = message }
}
