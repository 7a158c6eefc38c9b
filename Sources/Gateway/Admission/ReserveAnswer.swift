/// The answer to a request on a reserve connection (`ConnectionBudget`): the gateway is at its connection limit, so
/// it answers only the health checks, itself, and closes. Pure.
public enum ReserveAnswer {
    /// `GET /healthz` -> 200 `{"ok":true,"status":"live"}`; `GET /readyz` -> 200 `{"ready":true}` or 503
    /// `{"ready":false}`; a malformed head -> its fault's status; anything else -> 503 with `Retry-After: 1`.
    public static func answer(_ head: Result<RequestHead, RequestHeadFault>, ready: Bool) -> HTTPRefusal {
        let request: RequestHead
        switch head {
        case .failure(let fault): return HTTPRefusal(status: fault.status, body: fault.reason + "\n")
        case .success(let h): request = h
        }
        if request.method == "GET" && !request.asksForWebSocket {
            switch request.path {
            case "/healthz": return HTTPRefusal(status: 200, body: #"{"ok":true,"status":"live"}"#)
            case "/readyz": return HTTPRefusal(status: ready ? 200 : 503, body: ready ? #"{"ready":true}"# : #"{"ready":false}"#)
            default: break
            }
        }
        return HTTPRefusal(
            status: 503, body: "gateway at its connection limit; only /healthz and /readyz are answered\n",
            headers: [.init("Retry-After", "1")])
    }
}
