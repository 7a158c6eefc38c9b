/// How many connections the gateway serves normally, and how many more it keeps for health checks, under its
/// descriptor limit (`RLIMIT_NOFILE`). Pure.
///
/// `budget = softLimit - descriptorsInUse - margin` (margin 64: event loops, the lock, files the canvas opens),
/// `reserve = budget / 10`, at least 8 and at most 1024, `serve = budget - reserve`. The first `serve` open
/// connections are served normally; the next `reserve` are "reserve" connections (1 s to send their head; `GET
/// /healthz` and `/readyz` answered, anything else 503 with `Retry-After: 1`, then closed); beyond `budget` a
/// connection is closed as soon as it is accepted. So accepting never fails with `EMFILE`, and `/healthz` answers
/// while ordinary connections hold every served slot.
public struct ConnectionBudget: Sendable, Equatable {
    public enum Admission: Sendable, Equatable {
        case serve
        case reserve
        case shed
    }

    public static let margin = 64

    public var serve: Int
    public var reserve: Int

    public init(serve: Int, reserve: Int) {
        self.serve = serve
        self.reserve = reserve
    }

    public static func plan(softLimit: Int, descriptorsInUse: Int) -> ConnectionBudget {
        let budget = max(0, softLimit - descriptorsInUse - margin)
        let reserve = min(budget, min(1024, max(8, budget / 10)))
        return ConnectionBudget(serve: budget - reserve, reserve: reserve)
    }

    /// The admission of a connection that makes `open` connections (itself included).
    public func admission(open: Int) -> Admission {
        if open <= serve { return .serve }
        if open <= serve + reserve { return .reserve }
        return .shed
    }
}
