import Gateway
import NetProbe

/// `gateway.state`: whether `gateway run` would trust the state directory (`StatePathTrust`, the gateway's own
/// judgement: the state directory, the directories above it, the canvas root and `openclaw.json` owned by this user
/// and not writable by others, a root gateway accepting root-owned ones only; every directory in the canvas root
/// this user's or root's and not writable by others).
///
/// ok: trusted (or nothing there yet: the gateway creates it private); fail: the refusal `gateway run` exits 78
/// with, its path, owner, mode and fix; warn: a path on the way cannot be `stat`ed (another user's HOME), so the
/// state is unknown (`gateway run` refuses it too).
enum StateCheck {
    static let id = "gateway.state"

    static let check = DoctorCheck(
        id: id, summary: "The state directory and what the gateway uses in it belong to this user and others cannot write them",
        liveSources: [.stateDirectory]
    ) { inputs in
        let state = inputs.configuration.paths.stateDirectory
        switch inputs.live.stateDirectory {
        case .value(let inspection):
            if let refusal = inspection.refusal, refusal.problem == .unreadable {
                // Another user's HOME: the state is unknown (as gateway.lock says), not proven unsafe.
                return CheckResult(
                    id: id, status: .warn, title: "the \(refusal.entry.role.rawValue) \(refusal.entry.path): \(refusal.problemText)",
                    detail: ["`openclaw gateway run` by this user refuses it (exit 78): its owner and mode are unknown"],
                    fix: refusal.fix,
                    data: ["path": .string(refusal.entry.path), "role": .string(refusal.entry.role.rawValue),
                           "problem": .string(refusal.problem.rawValue), "effectiveUID": .number(Double(inspection.effectiveUID))],
                    path: refusal.entry.path)
            }
            if let refusal = inspection.refusal {
                return CheckResult(
                    id: id, status: .fail,
                    title: "the \(refusal.entry.role.rawValue) \(refusal.entry.path) is \(refusal.problemText)",
                    detail: ["`openclaw gateway run` refuses it (exit 78): another account could change what the gateway "
                             + (refusal.entry.role == .canvasDirectory
                                ? "serves there (it could add files to it; the gateway answers those 403, and refuses the directory at start)"
                                : "serves, reads or locks there (a canvas symlink to /etc, a planted openclaw.json)")],
                    fix: refusal.fix,
                    data: ["path": .string(refusal.entry.path), "role": .string(refusal.entry.role.rawValue),
                           "problem": .string(refusal.problem.rawValue), "ownerUID": .number(Double(refusal.entry.uid)),
                           "mode": .string(String(refusal.entry.mode, radix: 8)),
                           "effectiveUID": .number(Double(inspection.effectiveUID))],
                    path: refusal.entry.path)
            }
            let own = inspection.entries.filter { !$0.role.isAncestor && !$0.role.isSymlink && $0.role != .canvasDirectory }.map(\.role.rawValue)
            let links = inspection.entries.filter(\.role.isSymlink).count
            let inCanvas = inspection.entries.filter { $0.role == .canvasDirectory }.count
            let above = inspection.entries.filter(\.role.isAncestor).count
            var detail = own.isEmpty ? [] : ["checked: \(own.joined(separator: ", ")), \(inCanvas) directories in the canvas root and \(above) directories above"
                + (links > 0 ? "; \(links) symlink\(links == 1 ? "" : "s") on the path, each this user's or root's" : "")]
            if inspection.canvasDirectoriesUnchecked {
                detail.append("the canvas holds more than \(StatePathTrust.canvasDirectoryLimit) directories: the rest were not checked "
                              + "(`gateway run` does not check them either; their files are still refused per request when another account could have written them)")
            }
            return CheckResult(
                id: id, status: .ok,
                title: own.isEmpty ? "\(state) does not exist yet (the gateway creates it private)"
                    : "\(state): this user's, not writable by others",
                detail: detail,
                data: ["path": .string(state), "effectiveUID": .number(Double(inspection.effectiveUID))], path: state)
        case .notGathered(let why):
            return CheckResult(id: id, status: .skip, title: "the state directory was not checked: \(why)", path: state)
        case let other:
            return CheckResult(id: id, status: .warn, title: "the state directory was not checked: \(other.problem ?? "unknown")",
                               data: ["error": .string(other.problem ?? "unknown")], path: state)
        }
    }
}
