import Foundation
import Testing
import TestSupport
@testable import Gateway
@testable import GatewayServer

@Suite("Canvas paths and files")
struct CanvasTests {
    @Test("traversal in every spelling is rejected", arguments: [
        "/__openclaw__/canvas/../x", "/__openclaw__/canvas/%2e%2e/x", "/__openclaw__/canvas/%2E%2E/x",
        "/__openclaw__/canvas/.%2e/x", "/__openclaw__/canvas/a/%2f/etc", "/__openclaw__/canvas/a%2fb",
        "/__openclaw__/canvas/a%5cb", "/__openclaw__/canvas/a\\b", "/__openclaw__/canvas/%00", "/__openclaw__/canvas/%zz",
        "/__openclaw__/canvas/./x", "/__openclaw__/canvasx", "/other",
    ])
    func rejected(path: String) {
        guard case .failure = CanvasPath.resolve(requestPath: path) else { Issue.record("accepted \(path)"); return }
    }

    @Test("ordinary paths resolve")
    func accepted() throws {
        #expect(try CanvasPath.resolve(requestPath: "/__openclaw__/canvas").get() == ["index.html"])
        #expect(try CanvasPath.resolve(requestPath: "/__openclaw__/canvas/").get() == ["index.html"])
        #expect(try CanvasPath.resolve(requestPath: "/__openclaw__/canvas//a//b.js").get() == ["a", "b.js"])
        #expect(try CanvasPath.resolve(requestPath: "/__openclaw__/canvas/sub/").get() == ["sub", "index.html"])
        #expect(try CanvasPath.resolve(requestPath: "/__openclaw__/canvas/a%20b.txt").get() == ["a b.txt"])
        #expect(try CanvasPath.resolve(requestPath: "/__openclaw__/canvas/%252e%252e").get() == ["%2e%2e"])
    }

    @Test("files are served from the root; symlinks escaping it (and absolute ones) are forbidden; built-in page when empty")
    func files() throws {
        let root = TestDirectory.make("canvas")
        let files = CanvasFiles(root: root)
        guard case .file(let page, let type) = files.answer(requestPath: "/__openclaw__/canvas/") else { Issue.record("built-in"); return }
        #expect(String(decoding: page, as: UTF8.self).contains("OpenClaw canvas") && type.hasPrefix("text/html"))
        #expect(files.answer(requestPath: "/__openclaw__/canvas/app.js") == .notFound)

        try "hi".write(toFile: root + "/app.js", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: root + "/sub", withIntermediateDirectories: true)
        try "<p>sub</p>".write(toFile: root + "/sub/index.html", atomically: true, encoding: .utf8)
        let outside = TestDirectory.make("outside")
        try "secret".write(toFile: outside + "/secret.txt", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: root + "/escape.txt", withDestinationPath: outside + "/secret.txt")
        try FileManager.default.createSymbolicLink(atPath: root + "/escapedir", withDestinationPath: outside)
        try FileManager.default.createSymbolicLink(atPath: root + "/inside.js", withDestinationPath: root + "/app.js")

        #expect(files.answer(requestPath: "/__openclaw__/canvas/app.js") == .file(bytes: Array("hi".utf8), contentType: "text/javascript; charset=utf-8"))
        #expect(files.answer(requestPath: "/__openclaw__/canvas/sub/") == .file(bytes: Array("<p>sub</p>".utf8), contentType: "text/html; charset=utf-8"))
        #expect(files.answer(requestPath: "/__openclaw__/canvas/sub") == .file(bytes: Array("<p>sub</p>".utf8), contentType: "text/html; charset=utf-8"))
        // An absolute symlink is refused even when it points inside: RESOLVE_BENEATH resolves nothing from `/`.
        #expect(files.answer(requestPath: "/__openclaw__/canvas/inside.js") == .forbidden)
        #expect(files.answer(requestPath: "/__openclaw__/canvas/escape.txt") == .forbidden)
        #expect(files.answer(requestPath: "/__openclaw__/canvas/escapedir/secret.txt") == .forbidden)
        #expect(files.answer(requestPath: "/__openclaw__/canvas/%2e%2e/etc/passwd") == .forbidden)
        #expect(files.answer(requestPath: "/__openclaw__/canvas/missing") == .notFound)
    }

    @Test("a file another account could have written, or a hard link, is not served (403)")
    func untrustedFiles() throws {
        let root = TestDirectory.make("canvas-trust")
        let files = CanvasFiles(root: root)
        try "ok".write(toFile: root + "/ok.html", atomically: true, encoding: .utf8)
        #expect(files.answer(requestPath: "/__openclaw__/canvas/ok.html") == .file(bytes: Array("ok".utf8), contentType: "text/html; charset=utf-8"))
        // Group- or world-writable: anyone could have put it there.
        try "w".write(toFile: root + "/open.html", atomically: true, encoding: .utf8)
        #expect(chmod(root + "/open.html", 0o666) == 0)
        #expect(files.answer(requestPath: "/__openclaw__/canvas/open.html") == .forbidden)
        // A hard link: the same inode as a file outside the canvas.
        let outside = TestDirectory.make("canvas-trust-outside")
        try "secret".write(toFile: outside + "/secret", atomically: true, encoding: .utf8)
        #expect(link(outside + "/secret", root + "/hard") == 0)
        #expect(files.answer(requestPath: "/__openclaw__/canvas/hard") == .forbidden)
        // Owned by another account (root can make one): refused even with a safe mode.
        if geteuid() == 0 {
            try "x".write(toFile: root + "/theirs.html", atomically: true, encoding: .utf8)
            #expect(chown(root + "/theirs.html", 65534, 65534) == 0)
            #expect(files.answer(requestPath: "/__openclaw__/canvas/theirs.html") == .forbidden)
        }
    }

    // Issue 23 item 4: the canvas root's real path used to be trusted and every file's realpath(3) compared with
    // it; now each file is opened beneath the root's descriptor, so no symlink (planted before or swapped in during
    // a request) leads out of it: /etc/shadow is never served.
    @Test("item 4: /etc is never served through a symlink, under openat2 and under the O_NOFOLLOW fallback",
          arguments: [BeneathOpen.Resolution.beneath, .componentsNoFollow])
    func beneath(resolution: BeneathOpen.Resolution) throws {
        let root = TestDirectory.make("canvas-beneath")
        let files = CanvasFiles(root: root, resolution: resolution)
        try "hi".write(toFile: root + "/app.js", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: root + "/sub", withIntermediateDirectories: true)
        try "<p>sub</p>".write(toFile: root + "/sub/index.html", atomically: true, encoding: .utf8)
        let links = ["etc": "/etc", "shadow": "/etc/shadow", "up": "..", "sub/back": "../../", "proc": "/proc/self/root",
                     "rel.js": "app.js", "subrel": "sub"]
        for (name, target) in links {
            try FileManager.default.createSymbolicLink(atPath: root + "/" + name, withDestinationPath: target)
        }
        #expect(mkfifo(root + "/pipe", 0o600) == 0)
        let ask = { (path: String) in files.answer(requestPath: "/__openclaw__/canvas/" + path) }
        for escape in ["etc/passwd", "etc/shadow", "shadow", "up/etc/passwd", "sub/back/etc/passwd", "proc/etc/passwd", "etc/"] {
            #expect(ask(escape) == .forbidden, "\(escape) under \(resolution)")
        }
        #expect(ask("pipe") == .notFound, "a FIFO is not served and does not block")
        #expect(ask("app.js") == .file(bytes: Array("hi".utf8), contentType: "text/javascript; charset=utf-8"))
        #expect(ask("sub/") == .file(bytes: Array("<p>sub</p>".utf8), contentType: "text/html; charset=utf-8"))
        // A relative symlink that stays inside: followed by openat2, refused by the fallback (docs/gateway.md).
        let inside: CanvasFiles.Answer = resolution == .beneath ? .file(bytes: Array("hi".utf8), contentType: "text/javascript; charset=utf-8") : .forbidden
        #expect(ask("rel.js") == inside)
        let insideDir: CanvasFiles.Answer = resolution == .beneath ? .file(bytes: Array("<p>sub</p>".utf8), contentType: "text/html; charset=utf-8") : .forbidden
        #expect(ask("subrel/") == insideDir)
    }

    @Test("random paths never crash and never resolve to a dot segment")
    func fuzz() {
        var rng = SeededGenerator(seed: 7)
        let alphabet = Array("/.%2eE5cCf0a\\x".utf8)
        for _ in 0..<3000 {
            let body = (0..<Int.random(in: 0...20, using: &rng)).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] }
            let path = "/__openclaw__/canvas" + String(decoding: body, as: UTF8.self)
            if case .success(let components) = CanvasPath.resolve(requestPath: path) {
                #expect(!components.contains("..") && !components.contains(".") && !components.contains { $0.contains("/") })
            }
        }
    }
}
