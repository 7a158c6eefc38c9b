import NetProbe

/// `windows.dynamic-range`: under WSL2 mirrored networking, is the gateway port inside the Windows dynamic
/// (ephemeral) range (`netsh interface ipv4 show dynamicportrange protocol=tcp`)? Windows hands those ports to
/// outgoing connections, and some WSL releases refuse Linux binds there.
///
/// skip: not WSL2 mirrored, or the range not known; ok: outside; warn: inside, naming the range.
enum WindowsDynamicRangeCheck {
    static let id = "windows.dynamic-range"

    static let check = DoctorCheck(
        id: id, summary: "Under WSL2 mirrored networking: whether the gateway port is inside the Windows dynamic port range"
    ) { inputs in
        guard inputs.environment.mirrored.applies else {
            return WindowsCheckSupport.notApplicable(id, inputs.environment.mirrored, "WSL2 mirrored networking")
        }
        let port = inputs.port
        guard let run = inputs.facts.windows?.dynamicPortRange, run.answered,
              let range = DynamicPortRange.parse(run.output) else {
            if let run = inputs.facts.windows?.dynamicPortRange, run.answered {
                return CheckResult(id: id, status: .skip, title: "the dynamic port range could not be read from netsh's output",
                                   data: ["reason": "unparseable netsh output"])
            }
            return WindowsCheckSupport.unknown(id, "netsh.exe show dynamicportrange", inputs.facts.windows?.dynamicPortRange, inputs)
        }
        let data: JSONValue = ["port": .number(Double(port)), "start": .number(Double(range.start)), "count": .number(Double(range.count))]
        guard range.contains(port) else {
            return CheckResult(id: id, status: .ok, title: "port \(port) is outside the Windows dynamic range \(range.text)", data: data)
        }
        return CheckResult(id: id, status: .warn, title: "port \(port) is inside the Windows dynamic port range \(range.text)",
                           detail: [
                               "Windows may give the port to an outgoing connection at any time, and some WSL releases refuse Linux binds inside this range under mirrored networking",
                           ],
                           fix: "start the gateway with a port below \(range.start) (the default 18789 is usually outside)", data: data)
    }
}
