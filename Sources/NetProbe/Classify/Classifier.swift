/// Tells the environment apart: container, WSL1, WSL2 (and its EFFECTIVE networking mode), native Linux.
///
/// A pure function of `MachineFacts`. The decision order lives here and only here (first match wins):
///
/// 1. a container (`ContainerSignals`), even on a WSL2 kernel;
/// 2. WSL1 (`KernelSignals`: `Microsoft` with a capital M; or, when the kernel is unknown, `wslinfo` saying `wsl1`,
///    `wsl -l -v`'s VERSION 1 or `wsl --status`'s default version 1 (`WslListSignals`), else the reporter's
///    checked "WSL 1" box in the WSL issue form (`WslFormSignals`), or a listing in WSL1's shape,
///    `PasteShapeSignals`, with nothing only WSL2 makes);
/// 3. WSL2 (`KernelSignals`; for custom kernels `WSLUserSpaceSignals`; WSL's own fallback message,
///    `WslMessageSignals`; `wsl -l -v`'s VERSION 2, `WslListSignals`), then its mode (`NetworkingModeSignals`, cross-checked by `WslinfoSignals`, then the mode
///    a fallback message names; `.wslconfig` only annotates, see `WslConfigSignals`);
/// 4. native Linux, when a non-WSL kernel is known; otherwise `unknown`.
///
/// Confidence follows `ConfidenceRules`. Partial facts get partial answers: nothing is claimed without a signal.
public enum Classifier {
    public static func classify(_ facts: MachineFacts) -> EnvironmentVerdict {
        let container = ContainerSignals.read(facts)
        let kernel = KernelSignals.read(facts)
        let userSpace = WSLUserSpaceSignals.read(facts) + DNSTunnelingSignals.read(facts)
        let network = NetworkingModeSignals.read(facts)
        let wslinfo = WslinfoSignals.read(facts)
        let message = WslMessageSignals.read(facts)
        let wsl1Shape = PasteShapeSignals.wsl1(facts)
        let veth = PasteShapeSignals.container(facts)
        let list = WslListSignals.read(facts)
        // The reporter's checked box in the WSL issue form: the weakest word on WSL1/WSL2, used as `wsl.exe`'s is.
        let form = WslFormSignals.read(facts, outweighed: list != nil)
        let says = list?.says ?? form?.says
        func windowsSide(_ kind: EnvironmentKind) -> [Signal] {
            (list?.signals(for: kind) ?? []) + (form?.signals(for: kind) ?? [])
        }

        // 1. Containers first.
        if let runtime = container.runtime {
            let signals = container.signals + kernel.signals + userSpace + veth + windowsSide(.container)
            let claims = Set(ContainerKind.allCases.map(Claim.container))
            return verdict(.container, container: runtime, mode: nil,
                           confidence: ConfidenceRules.rate(claims, in: signals), signals: signals, facts: facts)
        }

        // 2. WSL1.
        // A kernel-less paste in WSL1's shape (and nothing only WSL2 makes) is WSL1 on supporting signals alone.
        let wsl1ByShape = kernel.kind == .unknown && !wsl1Shape.isEmpty && network.wslSpecific.isEmpty
            && wslinfo?.answer == nil && message == nil && says != .wsl2
        // `wsl.exe`'s VERSION 1 decides when the kernel and `wslinfo` are silent and nothing only WSL2 makes is there.
        let wsl1ByList = kernel.kind == .unknown && wslinfo?.answer == nil && says == .wsl1
            && network.wslSpecific.isEmpty && message == nil
        if kernel.kind == .wsl1 || (kernel.kind == .unknown && wslinfo?.answer == .wsl1) || wsl1ByShape || wsl1ByList {
            var signals = container.signals + kernel.signals + userSpace + wsl1Shape + windowsSide(.wsl1)
            signals += [wslinfo?.signal(kind: .wsl1, mode: nil), wslinfo?.kindSignal(kind: .wsl1)].compactMap { $0 }
            let confidence = ConfidenceRules.rate([Claim.wsl1, Claim.wsl], in: signals)
            return verdict(.wsl1, container: nil, mode: nil, confidence: confidence, signals: signals, facts: facts)
        }

        // 3. WSL2.
        if isWSL2(kernel: kernel, userSpace: userSpace, network: network, wslinfo: wslinfo, list: says, wslExe: list?.says)
            || (message.map { $0.fallback.verbatim ? kernel.kind != .wsl1 : (kernel.kind == .unknown || kernel.kind == .wsl2) } ?? false) {
            return wsl2Verdict(facts, container: container, kernel: kernel, userSpace: userSpace, network: network,
                               wslinfo: wslinfo, message: message, windowsSide: windowsSide(.wsl2))
        }

        // 4. Native, or unknown.
        var signals = container.signals + kernel.signals + userSpace + veth
            + wsl1Shape.map { $0.aimed(at: Claim.native, agrees: false) }
        if let wslinfo, let signal = wslinfo.signal(kind: .native, mode: nil) { signals.append(signal) }
        guard kernel.kind == .other else {
            signals += network.observations.map { $0.evidence(for: nil) } + windowsSide(.unknown)
                + (WindowsAdapterSignals.read(facts).map { [$0.listing] } ?? [])
            return verdict(.unknown, container: nil, mode: nil, confidence: .low, signals: signals, facts: facts)
        }
        // loopback0 or the table-127 rules on a kernel that is not WSL's: recorded against `native`.
        signals += network.wslSpecific.map { $0.aimed(at: Claim.native, agrees: false) } + windowsSide(.native)
        let cap: Confidence = container.anythingChecked ? .high : .low
        let confidence = ConfidenceRules.rate([Claim.native, Claim.noContainer], in: signals, cap: cap)
        return verdict(.native, container: nil, mode: nil, confidence: confidence, signals: signals, facts: facts)
    }

    /// WSL2 when the kernel says so; for a custom kernel (or none known), when user space, `wslinfo` or a
    /// WSL2-only network object says so. A generic "this is WSL" alone does not tell WSL1 from WSL2.
    /// `list` is what `wsl.exe` (or, weaker, the reporter's form) says: its WSL2 counts when the kernel is unknown; with a
    /// kernel that names no WSL kernel (a custom one), only `wsl.exe`'s own answer (`wslExe`) counts, as user space does.
    static func isWSL2(kernel: KernelReading, userSpace: [Signal], network: NetworkReading,
                       wslinfo: WslinfoReading?, list: EnvironmentKind? = nil, wslExe: EnvironmentKind? = nil) -> Bool {
        let wslinfoAnswered: Bool
        if case .mode? = wslinfo?.answer { wslinfoAnswered = true } else { wslinfoAnswered = false }
        let userSpaceSays = userSpace.contains {
            $0.evidence.stance == .supports && ($0.evidence.claim == Claim.wsl || $0.evidence.claim == Claim.wsl2)
        }
        let wsl2Specific = userSpace.contains { $0.evidence.stance == .supports && $0.evidence.claim == Claim.wsl2 }
        switch kernel.kind {
        case .wsl2: return true
        case .wsl1: return false
        case .other: return userSpaceSays || wslinfoAnswered || wslExe == .wsl2
        case .unknown:
            return wsl2Specific || wslinfoAnswered || !network.wslSpecific.isEmpty || !network.hyperV.isEmpty
                || (list == .wsl2 && wslinfo?.answer != .wsl1)
        }
    }

    static func wsl2Verdict(
        _ facts: MachineFacts, container: ContainerReading, kernel: KernelReading, userSpace: [Signal],
        network: NetworkReading, wslinfo: WslinfoReading?, message: WslMessageReading? = nil, windowsSide: [Signal] = []
    ) -> EnvironmentVerdict {
        var kindSignals = container.signals + kernel.signals + userSpace + network.wslSpecific + network.hyperV
            + windowsSide
            + PasteShapeSignals.wsl1(facts).map { $0.aimed(at: Claim.wsl2, agrees: false) }
            + PasteShapeSignals.container(facts)
        if let signal = wslinfo?.kindSignal(kind: .wsl2) { kindSignals.append(signal) }
        if let message { kindSignals.append(message.kindSignal(kind: .wsl2)) }
        if wslinfo?.answer == .wsl1, let signal = wslinfo?.signal(kind: .wsl2, mode: nil) { kindSignals.append(signal) }
        let kindConfidence = ConfidenceRules.rate([Claim.wsl2, Claim.wsl], in: kindSignals)

        // The effective mode: netlink first, wslinfo when netlink is silent. Never .wslconfig.
        var wslinfoMode: WSLNetworkingMode?
        if case .mode(let said)? = wslinfo?.answer { wslinfoMode = said }
        // WSL's own fallback message says the mode after it (requested mirrored + "falling back to NAT" = NAT).
        // A Linux interface holding a Windows adapter's address (`ipconfig`) says mirrored when all else is silent.
        let adapters = WindowsAdapterSignals.read(facts)
        let adapterMode: WSLNetworkingMode? = adapters.map { $0.shared.isEmpty ? nil : WSLNetworkingMode.mirrored } ?? nil
        let mode = network.candidate ?? wslinfoMode ?? message?.fallback.effective ?? adapterMode ?? .unknown

        var modeSignals = network.observations.map { $0.evidence(for: mode) }
        if let wslinfo, wslinfo.answer != .wsl1, let signal = wslinfo.signal(kind: .wsl2, mode: mode) {
            modeSignals.append(signal)
        }
        if let message { modeSignals.append(message.modeSignal(mode: mode)) }
        if let adapters {
            modeSignals.append(adapters.listing)
            if let signal = adapters.modeSignal(mode: mode) { modeSignals.append(signal) }
        }
        var modeConfidence: Confidence?
        if mode != .unknown {
            let cap = network.candidate.map { network.cap(for: $0, wslinfoAgrees: wslinfoMode == $0) } ?? .high
            modeConfidence = ConfidenceRules.rate([mode.rawValue], in: modeSignals, cap: cap)
        }
        let signals = kindSignals + modeSignals + WslConfigSignals.read(facts, effective: mode)
        return verdict(.wsl2, container: nil, mode: mode,
                       confidence: ConfidenceRules.combine(kind: kindConfidence, mode: modeConfidence),
                       signals: signals, facts: facts)
    }

    private static func verdict(
        _ kind: EnvironmentKind, container: ContainerKind?, mode: WSLNetworkingMode?, confidence: Confidence,
        signals: [Signal], facts: MachineFacts
    ) -> EnvironmentVerdict {
        var all = signals
        if kind != .wsl2 { all += WslConfigSignals.read(facts, effective: nil) }
        return EnvironmentVerdict(kind: kind, container: container, wslNetworkingMode: mode, confidence: confidence,
                                  evidence: all.map(\.evidence))
    }
}
