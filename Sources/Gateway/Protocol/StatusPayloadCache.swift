import NetProbe
import Synchronization

/// The JSON text of the `status` payload for the last snapshot seen: a snapshot changes only with the lifecycle
/// status (`starting` -> `ready` -> `stopping`), so encoding it (`JSONValue(encoding:)`, then `JSONTextWriter`) once per
/// change instead of once per request leaves only an equality check per request. A memo of a pure function: the
/// text is exactly `JSONValue(encoding: snapshot).text`.
final class StatusPayloadCache: Sendable {
    static let shared = StatusPayloadCache()

    private let last = Mutex<(snapshot: GatewaySnapshot, text: String)?>(nil)

    func text(for snapshot: GatewaySnapshot) -> String {
        if let hit = last.withLock({ entry -> String? in entry?.snapshot == snapshot ? entry?.text : nil }) {
            return hit
        }
        let text = JSONValue(encoding: snapshot).text
        last.withLock { $0 = (snapshot, text) }
        return text
    }
}
