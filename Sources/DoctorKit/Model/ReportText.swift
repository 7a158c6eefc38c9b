import NetProbe

/// Every free-text part of a report, so that one text transformation (secret masking, redaction) is applied to
/// all of them exactly once. Ids, statuses, claims and stances are not text and are never touched.
struct ReportText: Sendable {
    var source: String
    var environment: EnvironmentVerdict
    var plan: JSONValue
    var checks: [CheckResult]
    var warnings: [String]

    /// The parts with `transform` applied to each string (JSON object keys included).
    func mapped(_ transform: (String) -> String) -> ReportText {
        var copy = self
        copy.source = transform(source)
        copy.environment.evidence = environment.evidence.map { e in
            var r = e
            r.source = transform(e.source)
            r.observed = transform(e.observed)
            return r
        }
        copy.plan = plan.mappingStrings(transform)
        copy.checks = checks.map { c in
            var r = c
            r.title = transform(c.title)
            r.detail = c.detail.map(transform)
            r.fix = c.fix.map(transform)
            r.path = c.path.map(transform)
            r.data = c.data.mappingStrings(transform)
            return r
        }
        copy.warnings = warnings.map(transform)
        return copy
    }

    /// The parts with every secret masked: each string through `SecretMasking.mask`, and each JSON array of
    /// strings (an argv such as a port holder's `cmdline`) through `SecretMasking.maskArguments` first, since
    /// `--token` and its value are two elements there.
    func maskingSecrets() -> ReportText {
        var copy = self
        copy.plan = plan.maskingArguments()
        copy.checks = checks.map { c in
            var r = c
            r.data = c.data.maskingArguments()
            return r
        }
        return copy.mapped(SecretMasking.mask)
    }

    /// Every string of the parts, in report order.
    var strings: [String] {
        var out: [String] = [source]
        for e in environment.evidence { out += [e.source, e.observed] }
        plan.collectStrings(into: &out)
        for c in checks {
            out.append(c.title)
            out += c.detail
            if let fix = c.fix { out.append(fix) }
            if let path = c.path { out.append(path) }
            c.data.collectStrings(into: &out)
        }
        return out + warnings
    }
}

extension JSONValue {
    func mappingStrings(_ transform: (String) -> String) -> JSONValue {
        switch self {
        case .string(let s): return .string(transform(s))
        case .array(let a): return .array(a.map { $0.mappingStrings(transform) })
        case .object(let o):
            var out: [String: JSONValue] = [:]
            for (key, value) in o { out[transform(key)] = value.mappingStrings(transform) }
            return .object(out)
        default: return self
        }
    }

    /// Arrays of strings masked as argument vectors (`SecretMasking.maskArguments`), at any depth.
    func maskingArguments() -> JSONValue {
        switch self {
        case .array(let a):
            let strings = a.compactMap { value -> String? in
                if case .string(let s) = value { return s }
                return nil
            }
            if !a.isEmpty && strings.count == a.count { return .array(SecretMasking.maskArguments(strings).map { .string($0) }) }
            return .array(a.map { $0.maskingArguments() })
        case .object(let o): return .object(o.mapValues { $0.maskingArguments() })
        default: return self
        }
    }

    func collectStrings(into out: inout [String]) {
        switch self {
        case .string(let s): out.append(s)
        case .array(let a): for v in a { v.collectStrings(into: &out) }
        case .object(let o):
            for (key, value) in o {
                out.append(key)
                value.collectStrings(into: &out)
            }
        default: break
        }
    }
}
