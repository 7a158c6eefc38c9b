import NetProbe

/// The command line of a process that holds the gateway's port (a LISTEN socket's owner, `PortOwners`) or its lock
/// (verified as `gateway stop` verifies it), for `gateway.cmdline`. Holds no secret: the arguments are masked
/// (`SecretMasking.maskArguments`) and the exposures were found when it was read.
public struct HolderCommandLine: Sendable, Equatable {
    public var pid: Int32
    /// `port holder`, `lock holder` or `port holder and lock holder`.
    public var role: String
    /// `/proc/PID/cmdline`, every secret value replaced by `***`.
    public var maskedArguments: [String]
    public var exposures: [CommandLineExposure]

    public init(pid: Int32, role: String, maskedArguments: [String], exposures: [CommandLineExposure]) {
        self.pid = pid
        self.role = role
        self.maskedArguments = maskedArguments
        self.exposures = exposures
    }

    /// From a raw argv (pure): masked, and its exposures found.
    public init(pid: Int32, role: String, arguments: [String]) {
        self.init(pid: pid, role: role, maskedArguments: SecretMasking.maskArguments(arguments),
                  exposures: CommandLineExposure.find(in: arguments))
    }
}

/// One secret in an argv: the option or assignment that holds it, and whether its value is all `x` (overwritten in
/// place at start, as `openclaw gateway run` does with `--token`). Pure.
public struct CommandLineExposure: Sendable, Equatable {
    public var name: String
    public var wiped: Bool

    public init(name: String, wiped: Bool) {
        self.name = name
        self.wiped = wiped
    }

    /// Every argument `SecretMasking.maskArguments` changes holds a secret (the one masking rule decides): `--token X`
    /// (X, the argument after the option), `--token=X` and `NAME_TOKEN=X` (one argument), or a secret inside an
    /// argument (`sh -c '... --token X'`).
    public static func find(in argv: [String]) -> [CommandLineExposure] {
        let masked = SecretMasking.maskArguments(argv)
        var out: [CommandLineExposure] = []
        for index in argv.indices where index < masked.count && masked[index] != argv[index] {
            let argument = argv[index]
            if masked[index] == SecretMasking.placeholder, index > 0 {
                out.append(CommandLineExposure(name: argv[index - 1], wiped: argument.allSatisfy { $0 == "x" }))
            } else if let equals = argument.firstIndex(of: "="),
                      masked[index] == argument[..<equals] + "=" + SecretMasking.placeholder {
                let value = argument[argument.index(after: equals)...]
                out.append(CommandLineExposure(name: String(argument[..<equals]), wiped: value.allSatisfy { $0 == "x" }))
            } else {
                out.append(CommandLineExposure(name: "a secret inside argument \(index)", wiped: false))
            }
        }
        return out
    }
}
