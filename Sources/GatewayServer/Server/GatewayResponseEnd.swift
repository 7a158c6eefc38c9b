/// Sent outbound by `GatewayHTTPHandler` right after a response's last part was written: the connection guard counts
/// the requests still waiting for their answer by it (a refusal of a later pipelined head waits for the answers
/// before it, and a connection that must close after a response closes only after that response).
struct GatewayResponseEnd: Sendable {}
