import DoctorKit
import FoundationEssentials
import Gateway
import GatewayLive
import NetProbe
import NetProbeLive
#if canImport(Glibc)
import Glibc
#endif

/// The machine-facing pieces of the doctor's command line: the home directory, the reader options, and the
/// `openclaw` executable a generated unit runs.
enum DoctorEnvironment {
    /// `$HOME` when it is an absolute path, else the password database's home.
    static func home(_ environment: [String: String]) -> String {
        if let home = environment["HOME"], home.hasPrefix("/") { return home }
        return FileManager.default.homeDirectoryForCurrentUser.path
    }

    /// Options for `LiveReader`. Two hidden hooks exist for tests of a damaged machine view, end to end:
    /// `OPENCLAW_DOCTOR_NETNS` (a network namespace path for netlink, e.g. a missing one) and
    /// `OPENCLAW_DOCTOR_FILE_ROOT` (a directory prepended to every file read, e.g. a tree with files missing).
    /// No check reads the socket tables (the port owners are gathered on their own), so their cost is skipped.
    /// A bad `OPENCLAW_WINDOWS_TIMEOUT_MS` is a `DoctorFailure` (`config-invalid`, exit 2) naming it and its value.
    static func readerOptions(_ environment: [String: String]) throws -> LiveReader.Options {
        var options = LiveReader.Options(environment: environment, readsSocketTables: false)
        if let netns = environment["OPENCLAW_DOCTOR_NETNS"], !netns.isEmpty { options.netlinkNamespacePath = netns }
        if let root = environment["OPENCLAW_DOCTOR_FILE_ROOT"], !root.isEmpty { options.fileRoot = root }
        do {
            options.windows = try WindowsToolOptions.from(environment)
        } catch {
            throw DoctorFailure(code: "config-invalid", message: error.message)
        }
        return options
    }

    /// The absolute path of `openclaw` beside this executable (`/proc/self/exe`, so a PATH lookup or a relative
    /// `argv[0]` cannot give a wrong path in a unit file).
    static func openclawExecutable() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let selfPath = count > 0
            ? String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            : URL(fileURLWithPath: CommandLine.arguments.first ?? "openclaw").standardizedFileURL.path
        return URL(fileURLWithPath: selfPath).deletingLastPathComponent().appendingPathComponent("openclaw").path
    }
}

extension DoctorEnvironment {
    /// The gateway configuration through the one loader (`DoctorGatewaySettings.load`); its warnings (an unreadable
    /// file) on standard error; a malformed file or value is a `DoctorFailure` (`config-invalid`, exit 2) naming the
    /// file, line and key.
    static func settings(stateDirectory: String, environment: [String: String], portOption: UInt16? = nil,
                         bindOption: BindMode? = nil, bindHostOption: String? = nil) throws -> DoctorGatewaySettings {
        do {
            let settings = try DoctorGatewaySettings.load(stateDirectory: stateDirectory, environment: environment, portOption: portOption,
                                                          bindOption: bindOption, bindHostOption: bindHostOption)
            for warning in settings.warnings { Output.err(TerminalText.escaped("openclaw-doctor: warning: \(warning)") + "\n") }
            return settings
        } catch {
            throw DoctorFailure(code: "config-invalid", message: "\(error)")
        }
    }

    /// The gateway port through the one loader (`OPENCLAW_GATEWAY_PORT`, else `gateway.port` of the state
    /// directory's config), else 18789; a malformed configuration is a `DoctorFailure` (`config-invalid`).
    static func configuredPort(environment: [String: String], home: String, stateDir: String? = nil) throws -> UInt16 {
        let paths = GatewayPaths.resolveInWorkingDirectory(stateDirOverride: stateDir, environment: environment, home: home)
        return try settings(stateDirectory: paths.stateDirectory, environment: environment).port ?? 18789
    }
}
