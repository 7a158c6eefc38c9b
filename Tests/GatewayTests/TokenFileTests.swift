import Foundation
import Testing
import TestSupport
@testable import Gateway
import GatewayLive

/// Issue 23 item 5: `--token-file`, so the token is never on the command line.
@Suite("Token file")
struct TokenFileTests {
    @Test("the rule: the user's own regular file, no group or other read or write, one trailing newline dropped, never empty")
    func rule() throws {
        let judge = { (mode: UInt32, uid: UInt32, bytes: String) in
            TokenFile.judge(path: "/t", isRegular: true, uid: uid, mode: mode, effectiveUID: 1000, bytes: Array(bytes.utf8))
        }
        #expect(try judge(0o600, 1000, "secret-token\n").get() == "secret-token")
        #expect(try judge(0o400, 1000, "secret-token\r\n").get() == "secret-token")
        #expect(try judge(0o600, 1000, "a\n\n").get() == "a\n", "only one newline is dropped")
        #expect(try judge(0o700, 1000, "x").get() == "x")
        for mode: UInt32 in [0o640, 0o604, 0o620, 0o602, 0o644, 0o666] {
            guard case .failure(let refusal) = judge(mode, 1000, "t") else { Issue.record("mode \(String(mode, radix: 8)) accepted"); continue }
            #expect(refusal.description.contains("mode \(String(mode, radix: 8))") && refusal.description.contains("chmod 600 /t"))
        }
        guard case .failure(let foreign) = judge(0o600, 1001, "t") else { Issue.record("foreign accepted"); return }
        #expect(foreign.description.contains("uid 1001") && foreign.description.contains("/t") && foreign.description.contains("or root"))
        #expect(try judge(0o600, 0, "t").get() == "t", "root's file: root can change any file anyway")
        for empty in ["", "\n", "\r\n"] {
            #expect(judge(0o600, 1000, empty) == .failure(.init(path: "/t", problem: .empty)))
        }
        #expect(TokenFile.judge(path: "/t", isRegular: false, uid: 1000, mode: 0o600, effectiveUID: 1000, bytes: []) == .failure(.init(path: "/t", problem: .notRegular)))
        #expect(judge(0o600, 1000, String(repeating: "a", count: TokenFile.maxBytes + 1)) == .failure(.init(path: "/t", problem: .tooLarge)))
        #expect(!String(describing: judge(0o644, 1000, "visible-secret")).contains("visible-secret"), "the value is never in a refusal")
    }

    @Test("on real files: modes, a FIFO does not block, a missing file names its errno")
    func live() throws {
        let dir = TestDirectory.make("tokenfile")
        let path = dir + "/token"
        try "file-token-value\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o600)
        #expect(try TokenFile.read(path: path).get() == "file-token-value")
        chmod(path, 0o644)
        guard case .failure(let loose) = TokenFile.read(path: path) else { Issue.record("0644 accepted"); return }
        #expect(loose.description.contains("mode 644"))
        #expect(mkfifo(dir + "/fifo", 0o600) == 0)
        #expect(TokenFile.read(path: dir + "/fifo") == .failure(.init(path: dir + "/fifo", problem: .notRegular)))
        guard case .failure(let missing) = TokenFile.read(path: dir + "/nope") else { Issue.record("missing accepted"); return }
        #expect(missing.problem == .cannotOpen(errno: ENOENT))
    }
}

extension TokenFileTests {
    @Test("a private file in a directory another account owns, or may write, is refused with that directory and its owner (StatePathTrust's rule)",
          .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason))
    func directories() throws {
        try Privilege.requireRoot()
        let theirs = TestDirectory.make("tokenfile-theirs")
        let path = theirs + "/token"
        try "t0ken-in-their-dir\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o600)
        chmod(theirs, 0o755)
        #expect(try TokenFile.read(path: path).get() == "t0ken-in-their-dir")
        #expect(chown(theirs, 65534, 65534) == 0)
        guard case .failure(let foreign) = TokenFile.read(path: path),
              case .untrustedDirectory(let refusal) = foreign.problem else { Issue.record("accepted in a foreign directory"); return }
        #expect(refusal.entry.path == theirs && refusal.entry.role == .tokenFileAncestor && refusal.problem == .foreignOwner, "\(refusal)")
        #expect(foreign.description.contains("--token-file \(path)") && foreign.description.contains("directory above the token file \(theirs)")
                && foreign.description.contains("uid 65534") && !foreign.description.contains("t0ken"), "\(foreign)")
        #expect(chown(theirs, 0, 0) == 0)
        chmod(theirs, 0o777)
        guard case .failure(let loose) = TokenFile.read(path: path),
              case .untrustedDirectory(let writable) = loose.problem else { Issue.record("accepted in a world-writable directory"); return }
        #expect(writable.problem == .writableByOthers && loose.description.contains("chmod go-w \(theirs)"), "\(loose)")
        chmod(theirs, 0o755)
        #expect(try TokenFile.read(path: path).get() == "t0ken-in-their-dir", "root's 0755 directory again")
    }

    @Test("property: random bytes in a private file give the bytes less one trailing newline, or a named refusal; never a crash", arguments: 0..<4)
    func randomBytes(seed: UInt64) {
        var rng = SeededGenerator(seed: seed &+ 0x70_6b)
        let alphabet: [UInt8] = [0x0a, 0x0d, 0x20, 0x41, 0x7a, 0xc3, 0xa9, 0xff, 0x00]
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0...6, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            var body = bytes[...]
            if body.last == 0x0a { body = body.dropLast(); if body.last == 0x0d { body = body.dropLast() } }
            switch TokenFile.judge(path: "/t", isRegular: true, uid: 1, mode: 0o600, effectiveUID: 1, bytes: bytes) {
            case .success(let text):
                #expect(Array(text.utf8) == Array(body) && !body.isEmpty, "\(bytes)")
            case .failure(let refusal):
                #expect(refusal.problem == (body.isEmpty ? .empty : .notUTF8), "\(bytes): \(refusal)")
            }
        }
    }
}
