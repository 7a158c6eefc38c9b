// Fuzz target `reach`: the capture section `reach` (the reachability probes a capture or bug report recorded) through
// ReachSection.parse, which reads each line with the one JSON reader (`JSONReader`, strict) and `JSONValueDecoder`.
// Properties: never a crash; every line is an observation, the boot id, a problem, or blank; every kept observation
// was tried or not tried, never both; every address is held in its one text (`IPAddress.text`); what is kept, written
// back by ReachSection.write, reads back the same with no problem. These pure Gateway files are compiled into the
// harness (the line below lists them).
// fuzz-sources: Sources/Gateway/View/ReachSection.swift Sources/Gateway/View/ReachObservation.swift Sources/Gateway/View/ReachTarget.swift Sources/Gateway/Plan/IPAddressText.swift
@testable import NetProbe

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = fuzzText(data, size)
    let parsed = ReachSection.parse(text)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: true).count
    fuzzRequire(parsed.observations.count + parsed.problems.count <= lines,
                "\(parsed.observations.count) observations + \(parsed.problems.count) problems > \(lines) lines")
    for observation in parsed.observations {
        fuzzRequire((observation.result == nil) != (observation.notTried == nil), "tried and not tried: \(observation)")
        let host = observation.target.host
        fuzzRequire(IPAddress(host).map { $0.text == host } ?? true, "address \(host) not in its one text")
    }
    let again = ReachSection.parse(ReachSection.write(parsed.observations, bootId: parsed.bootId))
    fuzzRequire(again.problems.isEmpty, "written back, it has problems: \(again.problems)")
    fuzzRequire(again.observations == parsed.observations, "written back, the observations differ")
    fuzzRequire(again.bootId == parsed.bootId, "written back, the boot id differs")
    return 0
}
