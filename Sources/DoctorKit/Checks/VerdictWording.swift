import NetProbe

/// The words checks use for the verdict's networking mode, so no check states more than the classifier does.
///
/// A `none` the classifier hedges (anything short of high confidence: a mirrored setup that FAILED looks the
/// same) reads "none (or mirrored that failed)", never a flat "none".
enum VerdictWording {
    static func mode(_ verdict: EnvironmentVerdict) -> String {
        let mode = verdict.wslNetworkingMode ?? .unknown
        if mode == .none && verdict.confidence != .high { return "none (or mirrored that failed)" }
        return mode.rawValue
    }
}
