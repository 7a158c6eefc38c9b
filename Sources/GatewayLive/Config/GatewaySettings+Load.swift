import Gateway
import NetProbe
import NetProbeLive

extension GatewaySettings {
    /// Reads `<stateDirectory>/openclaw.json` (the edge) and returns the sources.
    public static func load(stateDirectory: String, environment: [String: String]) throws(ConfigError) -> GatewaySettings {
        let path = filePath(stateDirectory: stateDirectory)
        switch SmallFileReader.read(path, limit: fileLimit) {
        case .missing:
            return try GatewaySettings(environment: environment, filePath: path, fileText: nil)
        case .notRegular(let kind):
            return try GatewaySettings(environment: environment, filePath: path, fileText: nil,
                                       warnings: ["\(path) is a \(kind), not a file; not read (using options, environment and defaults)"])
        case .failed(let code):
            return try GatewaySettings(environment: environment, filePath: path, fileText: nil,
                                       warnings: ["cannot read \(path): \(DescriptorWrite.describe(code)); using options, environment and defaults"])
        case .content(_, truncated: true):
            throw ConfigError("\(path): larger than \(fileLimit / 1024) KiB; not a configuration file")
        case .content(let bytes, truncated: false):
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw ConfigError("\(path): not UTF-8 text")
            }
            return try GatewaySettings(environment: environment, filePath: path, fileText: text)
        }
    }
}
