import Foundation

/// Lines to standard output / standard error for the gateway commands, through `Output`.
enum GatewayOutput {
    static func out(_ line: String) { Output.out(line + "\n") }

    static func err(_ line: String) { Output.err(line + "\n") }

    /// One JSON object on standard output, keys sorted.
    static func json<T: Encodable>(_ value: T) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        if let data = try? encoder.encode(value) {
            Output.out(String(decoding: data, as: UTF8.self) + "\n")
        }
    }
}
