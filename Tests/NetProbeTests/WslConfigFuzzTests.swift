import Testing
import TestSupport
import NetProbe

/// Random and mutated `.wslconfig` text never crashes or hangs the parser, and its answers stay consistent.
@Suite("WslConfig fuzz")
struct WslConfigFuzzTests {
    static let seedText = """
        \u{FEFF}# WSL settings
        [wsl2]
        memory=8GB
        networkingMode=mirrored
        dnsTunneling=true
        kernelCommandLine = "quiet; splash # x"
        [experimental]\r
        hostAddressLoopback=true
        ignoredPorts=5353,8080
        """
    static let alphabet: [Character] = Array("[]=#;\"\r\n\t ,.-_:/\\0123456789abcdeflmnoprstwxyzABCEMNTW\u{FEFF}é😀")

    @Test func mutatedTextNeverCrashes() {
        var random = SeededGenerator(seed: 0x5EED_C0F1)
        for _ in 0..<2000 {
            var characters = Array(Self.seedText)
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                let operation = Int.random(in: 0..<4, using: &random)
                let index = characters.isEmpty ? 0 : Int.random(in: 0..<characters.count, using: &random)
                switch operation {
                case 0 where !characters.isEmpty: characters.remove(at: index)
                case 1: characters.insert(Self.alphabet.randomElement(using: &random) ?? "x", at: index)
                case 2 where !characters.isEmpty:
                    characters[index] = Self.alphabet.randomElement(using: &random) ?? "x"
                default:
                    let end = min(characters.count, index + Int.random(in: 0...20, using: &random))
                    characters.insert(contentsOf: characters[index..<end], at: index)
                }
            }
            check(String(characters))
        }
    }

    @Test func randomTextNeverCrashes() {
        var random = SeededGenerator(seed: 42)
        for _ in 0..<1000 {
            let length = Int.random(in: 0...300, using: &random)
            let text = String((0..<length).map { _ in Self.alphabet.randomElement(using: &random) ?? "x" })
            check(text)
        }
        check(String(repeating: "[", count: 100_000))
        check(String(repeating: "a=b\n", count: 20_000))
    }

    private func check(_ text: String) {
        let config = WslConfig.parse(text)
        let lineCount = text.unicodeScalars.filter { $0 == "\n" }.count + 1
        for problem in config.problems {
            #expect((1...lineCount).contains(problem.line))
        }
        for entry in config.entries {
            #expect((1...lineCount).contains(entry.line))
        }
        #expect(config.ignoredPorts.allSatisfy { (1...65535).contains($0) })
        if config.requestedNetworkingMode != nil { #expect(config.networkingModeEntry != nil) }
        #expect(config == WslConfig.parse(text), "deterministic")
    }
}

