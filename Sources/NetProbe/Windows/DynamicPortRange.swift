/// The Windows dynamic (ephemeral) TCP port range, from `netsh interface ipv4 show dynamicportrange protocol=tcp`.
public struct DynamicPortRange: Sendable, Equatable, Codable {
    public var start: Int
    public var count: Int

    public init(start: Int, count: Int) {
        self.start = start
        self.count = count
    }

    /// The last port of the range (`start + count - 1`, at most 65535).
    public var end: Int { min(65535, start + count - 1) }
    public func contains(_ port: UInt16) -> Bool { start <= Int(port) && Int(port) <= end }
    public var text: String { "\(start)-\(end)" }

    /// Parses the two `label : number` lines by shape (labels are localised: `Start Port`, `Startport`,
    /// `Puerto de inicio`): the first number is the start, the second the count. `nil` unless both are found and
    /// make a range inside 1-65535. Pure.
    public static func parse(_ text: String) -> DynamicPortRange? {
        var numbers: [Int] = []
        for line in text.split(separator: "\n") {
            guard let colon = line.lastIndex(where: { $0 == ":" || $0 == "：" }) else { continue }
            let value = line[line.index(after: colon)...].split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            guard value.count == 1, value[0].allSatisfy(\.isASCII), let number = Int(value[0]) else { continue }
            numbers.append(number)
            if numbers.count == 2 { break }
        }
        guard numbers.count == 2, (1...65535).contains(numbers[0]), numbers[1] >= 1, numbers[0] + numbers[1] - 1 <= 65535
        else { return nil }
        return DynamicPortRange(start: numbers[0], count: numbers[1])
    }
}
