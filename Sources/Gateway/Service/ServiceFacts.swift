import FoundationEssentials
import NetProbe

/// `loginctl show-user USER -p Linger`: whether the user manager outlives the user's last session.
public enum LingerState: Sendable, Equatable {
    case enabled
    case disabled
    /// Not read, and why (no `loginctl`, no logind, a timeout).
    case unknown(String)

    /// `Linger=yes` / `Linger=no` (or the bare value of `--value`); anything else is unknown, quoted.
    public static func parse(_ text: String) -> LingerState {
        let value = text.trimmingSpacesAndNewlines()
        let bare = value.hasPrefix("Linger=") ? String(value.dropFirst(7)) : value
        switch bare {
        case "yes": return .enabled
        case "no": return .disabled
        default: return .unknown("loginctl answered \"\(bare.prefix(60))\"")
        }
    }
}

/// One of the two unit files a gateway for the port can have (`ServiceUnitName.candidates`): its path, its text
/// (`nil`: absent) and what the user manager says of it (`nil`: not asked).
public struct ServiceUnitFile: Sendable, Equatable {
    public var name: String
    public var path: String
    public var text: String?
    public var state: SystemdUnitState?

    public init(name: String, path: String, text: String?, state: SystemdUnitState? = nil) {
        self.name = name
        self.path = path
        self.text = text
        self.state = state
    }

    /// What the file says about the gateway it runs; `nil` when absent or not a gateway unit.
    public var reading: GatewayUnitReading? { text.flatMap { GatewayUnitReading.read(text: $0) } }

    /// `ActiveState` as `systemctl show` printed it (`active`, `activating`, `failed`, `inactive`...).
    public var activeState: String? { state?.properties["ActiveState"].flatMap { $0.isEmpty ? nil : $0 } }

    /// The unit runs or is about to (`active`, `activating` including `auto-restart`, `reloading`): a
    /// `systemctl stop` is what keeps `Restart=always` from bringing it back.
    public var isRunningOrRestarting: Bool {
        ["active", "activating", "reloading", "deactivating"].contains(activeState ?? "")
    }
}

/// Everything the lifecycle planner reads: plain values gathered by the edge (`ServiceEdge` in the CLI).
public struct ServiceFacts: Sendable, Equatable {
    public var availability: ServiceAvailability
    public var port: UInt16
    /// The unit directory (`ServiceUnitName.directory`).
    public var directory: String
    /// The candidates, in `ServiceUnitName.candidates` order.
    public var units: [ServiceUnitFile]
    public var linger: LingerState
    /// The account (for the linger advice).
    public var user: String
    /// The state directory the gateway keeps (named by `uninstall`).
    public var stateDirectory: String

    public init(
        availability: ServiceAvailability, port: UInt16, directory: String, units: [ServiceUnitFile],
        linger: LingerState, user: String, stateDirectory: String
    ) {
        self.availability = availability
        self.port = port
        self.directory = directory
        self.units = units
        self.linger = linger
        self.user = user
        self.stateDirectory = stateDirectory
    }

    /// The unit that runs a gateway on the port: the first candidate whose `ExecStart=` serves it.
    public var installed: ServiceUnitFile? {
        units.first { $0.reading?.port == port }
    }
}
