import Foundation
import Testing
@testable import NetProbe
import TestSupport

/// Issue 19, item 3: WSL's own networking-fallback messages, in every language WSL ships, become the fact that
/// mirrored (or another mode) fell back, and reach the classifier.
@Suite("WSL fallback messages")
struct WslFallbackMessageTests {
    /// docs/data/wsl-networking-fallback-messages.tsv, from this file's place in the repository.
    static var tsvPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/data/wsl-networking-fallback-messages.tsv").path
    }

    @Test("the generated table is the TSV, row for row (scripts/gen-wsl-messages); 22 languages, 6 strings each")
    func tableIsTheTSV() throws {
        let text = try String(contentsOfFile: Self.tsvPath, encoding: .utf8)
        let rows = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line -> [String] in
            line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        }
        #expect(rows.count == WslFallbackMessages.table.count)
        for (row, entry) in zip(rows, WslFallbackMessages.table) {
            #expect([entry.locale, entry.resource, entry.value.replacingOccurrences(of: "\n", with: "\\n")] == row)
        }
        #expect(Set(WslFallbackMessages.table.map(\.locale)).count == 22)
    }

    /// The message as WSL prints it: `wsl: ` then the string with its placeholders filled.
    static func printed(_ resource: String, _ value: String) -> (text: String, requested: WSLNetworkingMode?, effective: WSLNetworkingMode, reason: String?) {
        func fill(_ values: [String]) -> String {
            var out = ""
            for (index, piece) in value.components(separatedBy: "{}").enumerated() {
                if index > 0 { out += values[min(index - 1, values.count - 1)] }
                out += piece
            }
            return out
        }
        switch resource {
        case "MessageNetworkInitializationFailedFallback2": return (fill(["Mirrored", "None"]), .mirrored, .none, nil)
        case "MessageConsommeRequiresVirtio": return (fill(["Nat"]), .virtioproxy, .nat, nil)
        default: return (fill(["0x80070032"]), .mirrored, .nat, "0x80070032")
        }
    }

    @Test("property: every fallback string of every language, filled, wrapped anywhere, in prose, is found once")
    func everyLanguageWrapped() {
        var generator = SeededGenerator(seed: 19)
        let rows = WslFallbackMessages.table.filter { WslFallbackMessages.fallbackResources.contains($0.resource) }
        #expect(rows.count == 66)
        for row in rows {
            let message = Self.printed(row.resource, row.value)
            for _ in 0..<8 {
                // A terminal (or an editor) wraps the line at some column, even inside a word.
                var characters = Array("wsl: " + message.text)
                for _ in 0..<Int.random(in: 0...2, using: &generator) {
                    // One break at a place (two in a row would be a paragraph, not a wrap).
                    let at = Int.random(in: 1..<characters.count, using: &generator)
                    if characters[at - 1] != "\n" && characters[at] != "\n" { characters.insert("\n", at: at) }
                }
                let body = "### Actual Behavior\n\nOn startup I see:\n\n" + String(characters) + "\n\nThanks!\n"
                let found = WslFallbackMessages.find(body)
                #expect(found.count == 1, "\(row.locale) \(row.resource):\n\(body)")
                guard let hit = found.first else { continue }
                #expect(hit.requested == message.requested && hit.effective == message.effective, "\(row.locale): \(hit)")
                #expect(hit.reason == message.reason, "\(row.locale): \(hit)")
                // `wsl: ` may be wrapped off the first line; the message ends on its own last line.
                let breaks = characters.filter { $0 == "\n" }.count
                #expect((5...7).contains(hit.firstLine) && hit.lastLine == 5 + breaks, "\(row.locale): \(hit)")
            }
        }
    }

    @Test("prose about NAT, and the reason strings alone, are no fallback message")
    func notMessages() {
        #expect(WslFallbackMessages.find("I switched back to NAT networking and it works.\nnetworkingMode=mirrored\n").isEmpty)
        #expect(WslFallbackMessages.find("wsl: Linux Kernel version 5.10 or newer is required\n").isEmpty)
        #expect(WslFallbackMessages.find(String(repeating: "NAT\n", count: 50_000)).isEmpty)
    }

    @Test("the classifier: a message alone is WSL2 in the mode it fell back to; netlink still decides when it speaks")
    func reachesTheClassifier() throws {
        var facts = MachineFacts(origin: .capture(path: "m"))
        facts.wslMessages = "wsl: Mirrored networking mode is not supported: Windows version 19045.4717 does not have the required features.\nFalling back to NAT networking."
        let verdict = Classifier.classify(facts)
        #expect(verdict.kind == .wsl2 && verdict.wslNetworkingMode == .nat, "\(verdict.summary)")
        #expect(verdict.evidence.contains { $0.signal == "wsl.fallback-mode" })
        var none = MachineFacts(origin: .capture(path: "n"))
        none.wslMessages = "wsl: Failed to configure network (networkingMode Mirrored), falling back to networkingMode None."
        #expect(Classifier.classify(none).wslNetworkingMode == WSLNetworkingMode.none)
        // A WSL1 kernel is WSL1 whatever a message says.
        var wsl1 = none
        wsl1.osRelease = "4.4.0-19041-Microsoft"
        #expect(Classifier.classify(wsl1).kind == .wsl1)
        // A capture's `wsl-messages` section gives the same facts and verdict.
        let capture = CaptureWriter.write(facts)
        #expect(capture.contains("### wsl-messages"))
        var replay = CaptureReader.parse(text: capture, file: "m")
        replay.origin = facts.origin
        #expect(replay.wslMessages == facts.wslMessages)
    }

    @Test("a paste: requested mirrored in .wslconfig plus the fallback is effective NAT, read as a `WSL message` block")
    func pasted() {
        let body = """
            My .wslconfig:
            ```ini
            [wsl2]
            networkingMode=mirrored
            ```
            When I start it:
            > wsl: 不支持镜像网络模式： Windows 版本 19045.4717 没有所需的功能。
            > 正在回退到 NAT 网络。
            """
        let reading = IssueReportReader.read(text: body, file: "zh.md")
        let message = reading.blocks.first { $0.kind == .wslMessage }
        #expect(message?.firstLine == 7 && message?.lastLine == 8)
        let verdict = Classifier.classify(reading.facts)
        #expect(verdict.kind == .wsl2 && verdict.wslNetworkingMode == .nat, "\(verdict.summary)")
        #expect(verdict.evidence.contains { $0.signal == "wslconfig.mismatch" }, "\(verdict.evidence)")
    }

    @Test("property: every fallback string of every language with its punctuation changed (dropped, replaced) is found once, as a retyped copy, never verbatim")
    func everyLanguageRetyped() {
        var generator = SeededGenerator(seed: 1023)
        let rows = WslFallbackMessages.table.filter { WslFallbackMessages.fallbackResources.contains($0.resource) }
        let replacements: [String] = ["", " ", ",", ";", " -", "...", ":"]
        for row in rows {
            let message = Self.printed(row.resource, row.value)
            for _ in 0..<6 {
                var text = ""
                var changed = false
                for character in message.text {
                    // Every punctuation mark may go or become another; the words stay.
                    if character.isPunctuation, Bool.random(using: &generator) {
                        let replacement = replacements.randomElement(using: &generator)!
                        changed = changed || replacement != String(character)
                        text += replacement
                    } else {
                        text.append(character)
                    }
                }
                let body = "### Actual Behavior\n\n" + text + "\n"
                let found = WslFallbackMessages.find(body)
                #expect(found.count == 1, "\(row.locale) \(row.resource):\n\(body)")
                guard let hit = found.first else { continue }
                #expect(hit.requested == message.requested && hit.effective == message.effective, "\(row.locale): \(hit)")
                // Unchanged, or changed only in a way the exact match ignores (whitespace), it is WSL's own.
                let exact = !WslFallbackMessages.scan(body.split(separator: "\n", omittingEmptySubsequences: false),
                                                      anchors: Array(0..<4), loose: false).isEmpty
                #expect(hit.verbatim == exact, "\(row.locale): changed \(changed), \(hit)")
            }
        }
        // WSL's own string, as printed, stays verbatim.
        let own = WslFallbackMessages.find("wsl: Mirrored networking mode is not supported, falling back to NAT networking")
        #expect(own.count == 1 && own.first?.verbatim == true)
    }

    @Test("a retyped copy (microsoft/WSL#10823's `... not supported  falling back to NAT`) is the reporter's account: WSL2 and NAT on supporting weight only, never as WSL's own output")
    func retypedIsTheReportersAccount() {
        var facts = MachineFacts(origin: .capture(path: "r"))
        facts.wslMessages = "Mirrored networking mode is not supported  falling back to NAT networking"
        let verdict = Classifier.classify(facts)
        #expect(verdict.kind == .wsl2 && verdict.wslNetworkingMode == .nat, "\(verdict.summary)")
        #expect(verdict.confidence == .low, "\(verdict.summary)")
        #expect(verdict.evidence.contains { $0.signal == "wsl.fallback-retyped" && $0.observed.contains("not verbatim") })
        #expect(!verdict.evidence.contains { $0.signal == "wsl.fallback-message" })
        // WSL's own message beside it decides (at its full weight).
        var both = facts
        both.wslMessages! += "\nwsl: Failed to configure network (networkingMode Mirrored), falling back to networkingMode None."
        let decided = Classifier.classify(both)
        #expect(decided.wslNetworkingMode == WSLNetworkingMode.none && decided.evidence.contains { $0.signal == "wsl.fallback-message" },
                "\(decided.summary)")
        // A custom kernel is not outweighed by the reporter's copy: no WSL2 from it alone.
        var custom = facts
        custom.osRelease = "6.10.3"
        #expect(Classifier.classify(custom).kind != .wsl2)
        // In a paste it is its own kind of block, into the same section.
        let reading = IssueReportReader.read(text: "### Actual Behavior\n\nMirrored networking mode is not supported  falling back to NAT networking\n", file: "p.md")
        #expect(reading.blocks.map(\.kind) == [.wslMessageRetyped], "\(reading.blocks)")
        #expect(reading.facts.wslMessages != nil)
    }
}
