import NetProbe

/// WSL releases with publicly reported loopback or bind faults, each with its source. A row applies when the running
/// WSL version is in `[from, before)`. Only versions the reports name are listed (no guessing at wider ranges).
struct WslReleaseFault: Sendable, Equatable {
    var from: VersionNumber
    var before: VersionNumber
    var symptom: String
    var source: String

    func applies(to version: VersionNumber) -> Bool { from <= version && version < before }
    var range: String { "\(from) to before \(before)" }

    static let all: [WslReleaseFault] = [
        WslReleaseFault(from: VersionNumber(components: [2, 0, 0]), before: VersionNumber(components: [2, 0, 14]),
                        symptom: "mirrored: a Linux listener fails with `address already in use` although nothing holds the port (Docker's dockerd on 2375); fixed in 2.0.14",
                        source: "https://github.com/docker/for-win/issues/13829"),
        WslReleaseFault(from: VersionNumber(components: [2, 4, 12]), before: VersionNumber(components: [2, 4, 13]),
                        symptom: "mirrored: a Linux listener on 0.0.0.0 is not reachable from Windows until a second bind of the port fails with EADDRINUSE",
                        source: "https://github.com/microsoft/WSL/issues/12703"),
        WslReleaseFault(from: VersionNumber(components: [2, 6, 3]), before: VersionNumber(components: [2, 6, 4]),
                        symptom: "mirrored: a Linux client of 127.0.0.1 gets a reset instead of the Windows listener",
                        source: "https://github.com/microsoft/WSL/issues/40343"),
        WslReleaseFault(from: VersionNumber(components: [2, 7, 10]), before: VersionNumber(components: [2, 7, 11]),
                        symptom: "mirrored: loopback TCP connections to some ports (5004) never complete while adjacent ports work",
                        source: "https://github.com/microsoft/WSL/issues/41135"),
        WslReleaseFault(from: VersionNumber(components: [2, 9, 3]), before: VersionNumber(components: [2, 9, 4]),
                        symptom: "mirrored: binds of published ports fail with `address already in use` (Docker)",
                        source: "https://github.com/microsoft/WSL/issues/40984"),
        WslReleaseFault(from: VersionNumber(components: [2, 9, 4]), before: VersionNumber(components: [2, 9, 5]),
                        symptom: "mirrored: 127.0.0.1 TCP connections never complete, and binds in the ephemeral range (127.0.0.1:60000) fail with EADDRINUSE",
                        source: "https://github.com/microsoft/WSL/issues/41102"),
    ]
}
