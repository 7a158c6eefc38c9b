import NetProbe
import Testing

/// `OPENCLAW_WINDOWS_TIMEOUT_MS`: a whole number of milliseconds from 1 to 10000, else an error naming the variable
/// and the value (it was ignored silently before, although docs/configuration.md calls a bad variable an error).
@Suite("OPENCLAW_WINDOWS_TIMEOUT_MS")
struct WindowsTimeoutSettingTests {
    static func parse(_ text: String?) -> Result<Duration?, WindowsTimeoutSetting.BadValue> {
        WindowsTimeoutSetting.parse(text.map { ["OPENCLAW_WINDOWS_TIMEOUT_MS": $0] } ?? [:])
    }

    @Test("unset or empty: the default applies; 1, 1500 and 10000 are taken")
    func accepted() throws {
        #expect(try Self.parse(nil).get() == nil)
        #expect(try Self.parse("").get() == nil)
        #expect(try Self.parse("1").get() == .milliseconds(1))
        #expect(try Self.parse("1500").get() == .milliseconds(1500))
        #expect(try Self.parse("10000").get() == .milliseconds(10_000))
    }

    @Test("not a number, 0, negative, fractional, with a unit, absurdly large: an error naming the variable and the value")
    func refused() {
        for text in ["abc", "0", "-5", "1.5", "1500ms", " 1500", "10001", "99999999", "99999999999999999999999", "١٥٠٠"] {
            guard case .failure(let error) = Self.parse(text) else {
                Issue.record("\(text) was accepted"); continue
            }
            #expect(error.message == "OPENCLAW_WINDOWS_TIMEOUT_MS must be a whole number of milliseconds between 1 and 10000 (got \"\(text)\")",
                    "\(error.message)")
        }
    }

    @Test("the value is shown bounded and without control characters")
    func shownSafely() {
        guard case .failure(let error) = Self.parse("12\u{1b}[31m" + String(repeating: "9", count: 500)) else {
            Issue.record("accepted"); return
        }
        #expect(!error.message.contains("\u{1b}") && error.message.count < 200, "\(error.message)")
    }

    @Test("property: every whole number is taken exactly when it is in 1...10000; no text makes it crash")
    func property() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let n = Int.random(in: -20_000...20_000, using: &generator)
            let taken = (try? Self.parse(String(n)).get()) ?? nil
            #expect((taken != nil) == (1...10_000).contains(n), "\(n)")
            if let taken { #expect(taken == .milliseconds(n)) }
            let bytes = (0..<Int.random(in: 0...12, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = Self.parse(String(decoding: bytes, as: UTF8.self))
        }
    }
}
