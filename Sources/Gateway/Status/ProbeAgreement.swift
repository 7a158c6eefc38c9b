/// Whether what answers on loopback matches what the port's lock says.
public enum ProbeAgreement: String, Sendable, Equatable, Encodable, CaseIterable {
    /// Lock held and the holder's instance answers (and no other gateway does); or lock not held and no gateway
    /// answers.
    case agrees
    /// Lock held and the holder is ready (or its state is not `starting`), but no gateway with the holder's instance
    /// id answers where it binds (hung, or stopping).
    case holderNotAnswering = "holder-not-answering"
    /// Lock held, the holder's metadata says `starting`, and it does not answer yet: nothing to compare until it
    /// listens (the doctor's `gateway.probe` reads the same state as `info`, not as a disagreement).
    case holderStarting = "holder-starting"
    /// A gateway that is not the lock holder answers (it uses another state or runtime directory, or runs outside
    /// this Linux, e.g. on Windows under WSL2 mirrored networking).
    case otherGatewayAnswers = "other-gateway-answers"
    /// Lock held, and on an address the holder binds something that is not a gateway answers instead of it
    /// (`ProbeReading.holderShadowed`): under WSL2 mirrored networking a Windows program on 127.0.0.1, which Windows
    /// clients (and Linux ones) reach instead of the gateway (upstream issue 53877).
    case foreignAnswer = "foreign-answer"
    /// Lock held and the holder is ready, but on an address it binds the probe got no answer in time or was refused
    /// (`ProbeReading.holderStanding` `.unreached`, the reading the doctor's `gateway.probe` and `gateway.reach` read):
    /// clients of that address do not reach it, whatever answers elsewhere (under WSL2 mirrored networking 127.0.0.1
    /// goes through Windows, which may not hand it back: WSL issues 10855, 12245).
    case holderUnreached = "holder-unreached"
    /// Lock held, and the holder binds none of the probed addresses (`--bind custom --bind-host 127.0.0.2`, a LAN
    /// address): nothing to compare (`ProbeReading.holderStanding` `.notBound` everywhere, as the doctor's
    /// `gateway.probe` reads it); `--reach` probes where it listens.
    case holderNotProbed = "holder-not-probed"
    /// Lock held, metadata not written yet: the holder's instance id is unknown, nothing to compare.
    case unverifiable
    /// `--no-probe`.
    case notProbed = "not-probed"

    /// True for `agrees`, false for a disagreement, nil when there is nothing to compare.
    public var agreesWithLock: Bool? {
        switch self {
        case .agrees: return true
        case .holderNotAnswering, .holderUnreached, .otherGatewayAnswers, .foreignAnswer: return false
        case .unverifiable, .notProbed, .holderNotProbed, .holderStarting: return nil
        }
    }
}
