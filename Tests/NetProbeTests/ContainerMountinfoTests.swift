import Testing
import TestSupport
@testable import NetProbe

/// `ContainerSignals.mountinfoMatch` judges ASCII text on its bytes: the same answer as the `Character` split it
/// replaced (kept here as the oracle), on generated texts with and without carriage returns, tabs, combining marks
/// and non-ASCII letters.
@Suite("Container signals: the mountinfo match")
struct ContainerMountinfoTests {
    /// The judgement before the byte path: every line split by `Character`.
    static func oracle(_ text: String) -> (String, ContainerKind)? {
        for rawLine in text.split(separator: "\n") {
            let line = rawLine.trimmingSpaces()
            let fields = line.split(separator: " ")
            guard fields.count >= 5, ContainerSignals.containerMountPoints.contains(String(fields[4])) else { continue }
            let root = String(fields[3])
            var tail = ""
            if let dash = fields.firstIndex(of: "-") { tail = fields[(dash + 1)...].joined(separator: " ") }
            if let kind = ContainerSignals.runtime(inStoragePath: root + " " + tail) { return (line, kind) }
        }
        return nil
    }

    @Test("a docker overlay root, a podman bind mount, a host's own overlays elsewhere")
    func realShapes() {
        let docker = "1130 1028 0:307 / / rw,relatime master:540 - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/ABC:/var/lib/docker/overlay2/l/DEF,upperdir=/var/lib/docker/overlay2/123/diff\n"
            + "1131 1130 0:310 / /proc rw,nosuid - proc proc rw\n"
        #expect(ContainerSignals.mountinfoMatch(docker)?.1 == .docker)
        #expect(ContainerSignals.mountinfoMatch(docker)?.0 == String(docker.split(separator: "\n")[0]))
        let podman = "22 1 0:21 / / rw - ext4 /dev/sda rw\n40 22 0:33 /containers/storage/overlay-containers/x/userdata/hosts /etc/hosts rw - tmpfs tmpfs rw\n"
        #expect(ContainerSignals.mountinfoMatch(podman)?.1 == .podman)
        let host = "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n90 22 0:50 / /var/lib/docker/overlay2/x/merged rw - overlay overlay rw,lowerdir=/var/lib/docker/l\n"
        #expect(ContainerSignals.mountinfoMatch(host) == nil)
        #expect(ContainerSignals.mountinfoMatch("") == nil)
    }

    @Test("the same answer as the Character split on 5,000 generated texts")
    func sameAsCharacterSplit() {
        var generator = SeededGenerator(seed: 2_222)
        let pieces = ["1", " ", " ", "  ", "\t", "\n", "\r\n", "\r", "/", "/etc/hosts", "/etc/hostname", "/etc/resolv.conf",
                      "-", "overlay", "/var/lib/docker/", "/docker/", "/libpod", "kubepods", "containerd", "/lxc/", "é", "e\u{301}",
                      " \u{301}", "\u{301}", "日本", "rw,relatime", "0:21", "/containers/storage/", "x"]
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...40, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let got = ContainerSignals.mountinfoMatch(text)
            let want = Self.oracle(text)
            #expect(got?.0 == want?.0 && got?.1 == want?.1, "\(text.debugDescription)")
        }
        // Lines of the kernel's shape, so that matches are frequent.
        for _ in 0..<2_000 {
            let lines = (0..<Int.random(in: 1...6, using: &generator)).map { _ in
                let root = ["/", "/docker/x", "/a b", "/containers/storage/y", "/\t"].randomElement(using: &generator)!
                let point = ["/", "/etc/hosts", "/proc", "/etc/resolv.conf\t", " /", "/é"].randomElement(using: &generator)!
                let tail = ["overlay overlay rw,lowerdir=/var/lib/docker/l", "ext4 /dev/sda rw", "tmpfs kubepods rw", ""].randomElement(using: &generator)!
                return [" 1", "2", "0:1", root, point, "rw", "-", tail].joined(separator: [" ", "  ", " \t"].randomElement(using: &generator)!)
            }
            let text = lines.joined(separator: ["\n", "\r\n", "\n\n"].randomElement(using: &generator)!)
            let got = ContainerSignals.mountinfoMatch(text)
            let want = Self.oracle(text)
            #expect(got?.0 == want?.0 && got?.1 == want?.1, "\(text.debugDescription)")
        }
    }
}
