import Glibc

/// `--port PORT [--status FILE]`: the port on 127.0.0.1, and the `status` payload (JSON text; `{"status":"ready"}`
/// without a file).
struct FloorOptions {
    var port: Int
    var statusPayload: String

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init<Arguments: Collection<String>>(_ arguments: Arguments) throws {
        var values: [String: String] = [:]
        var iterator = arguments.makeIterator()
        while let name = iterator.next() {
            guard name == "--port" || name == "--status", let value = iterator.next() else {
                throw Failure(description: "unexpected argument \(name)")
            }
            values[name] = value
        }
        guard let text = values["--port"], let port = Int(text), (1...65535).contains(port) else {
            throw Failure(description: "--port PORT (1-65535) is required")
        }
        self.port = port
        if let path = values["--status"] {
            guard let payload = Self.read(path), !payload.isEmpty else { throw Failure(description: "cannot read \(path)") }
            statusPayload = payload
        } else {
            statusPayload = #"{"status":"ready"}"#
        }
    }

    /// The file's text without a trailing newline; nil when it cannot be read.
    private static func read(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        while bytes.last == 0x0A || bytes.last == 0x0D { bytes.removeLast() }
        return String(validating: bytes, as: UTF8.self)
    }
}
