import Testing
import TestSupport
@testable import NetProbe

@Suite("Mount points of /proc/self/mountinfo")
struct MountPointsTests {
    /// The kernel's escaping of a mount point in mountinfo (`show_mountinfo` -> `seq_path_root` with " \t\n\\").
    static func escaped(_ path: String) -> String {
        var out: [UInt8] = []
        for byte in path.utf8 {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x5C:
                out += Array(("\\" + String(repeating: "0", count: 3 - String(byte, radix: 8).count) + String(byte, radix: 8)).utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    @Test("a real mountinfo: the fifth field of each line, escapes undone")
    func realLines() {
        let text = """
            22 1 0:21 / / rw,relatime - overlay overlay rw,lowerdir=/l,upperdir=/u,workdir=/w
            23 22 0:22 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw
            81 22 0:51 / /mnt/c rw,noatime - 9p drvfs rw,dirsync,aname=drvfs;path=C:\\;uid=1000,gid=1000
            90 22 8:1 /home/bob /mnt/my\\040disk rw shared:1 - ext4 /dev/sda1 rw

            bad line
            91 22 8:1 / relative rw - ext4 /dev/sda1 rw
            """
        let table = MountPoints.parse(text)
        #expect(table.mountPoints == ["/", "/proc", "/mnt/c", "/mnt/my disk"])
        #expect(table.malformedLines == 2)
    }

    @Test("generated mount points with spaces, tabs, line feeds, backslashes and non-ASCII read back (2,000 cases)")
    func roundTrip() {
        var generator = SeededGenerator(seed: 22)
        let pieces = ["a", "Users", " ", "\t", "\n", "\\", "é", "дом", "040", "\\1", "x y", "日本"]
        for _ in 0..<2_000 {
            let count = Int.random(in: 1...4, using: &generator)
            let components = (0..<count).map { _ in
                (0..<Int.random(in: 1...3, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            }
            let path = "/" + components.joined(separator: "/")
            let line = "36 35 98:0 / \(Self.escaped(path)) rw,noatime master:1 - ext3 /dev/root rw"
            #expect(MountPoints.parse(line + "\n").mountPoints == [path], "\(line)")
        }
    }

    @Test("a backslash without three octal digits is kept; \\\\400 and above are not bytes")
    func looseBackslashes() {
        let lines = ["1 0 0:1 / /a\\b rw - x x rw", "1 0 0:1 / /a\\04 rw - x x rw", "1 0 0:1 / /a\\400 rw - x x rw", "1 0 0:1 / /a\\ rw - x x rw"]
        #expect(MountPoints.parse(lines.joined(separator: "\n")).mountPoints == ["/a\\b", "/a\\04", "/a\\400", "/a\\"])
    }

    @Test("a path touches its own mount when a mount point other than / is it, above it or below it; unknown mounts do")
    func touchesOwnMount() {
        let wsl = "1 0 8:1 / / rw - ext4 /dev/sdc rw\n2 1 0:9 / /mnt/c rw - 9p drvfs rw\n3 1 0:5 / /proc rw - proc proc rw\n"
        #expect(MountPoints.touchesOwnMount("/mnt/c/Users", mountinfo: wsl))
        #expect(MountPoints.touchesOwnMount("/mnt/c", mountinfo: wsl))
        #expect(MountPoints.touchesOwnMount("/mnt", mountinfo: wsl))  // the search would read below /mnt/c
        #expect(MountPoints.touchesOwnMount("/mnt/c/Users/", mountinfo: wsl))
        #expect(!MountPoints.touchesOwnMount("/mnt/cc/Users", mountinfo: wsl))
        #expect(!MountPoints.touchesOwnMount("/srv/Users", mountinfo: wsl))
        let container = "1 0 0:21 / / rw - overlay overlay rw\n2 1 0:5 / /proc rw - proc proc rw\n4 1 0:30 / /work rw - ext4 /dev/vda rw\n"
        #expect(!MountPoints.touchesOwnMount("/mnt/c/Users", mountinfo: container))
        #expect(MountPoints.touchesOwnMount("/work/x", mountinfo: container))
        #expect(MountPoints.touchesOwnMount("/mnt/c/Users", mountinfo: nil))
        #expect(MountPoints.touchesOwnMount("/mnt/c/Users", mountinfo: ""))
        #expect(MountPoints.touchesOwnMount("/mnt/c/Users", mountinfo: "garbage\n"))
        // A mount point with an escaped space matches the path with the space.
        #expect(MountPoints.touchesOwnMount("/mnt/my disk/Users", mountinfo: "1 0 8:1 / / rw - ext4 x rw\n2 1 0:9 / /mnt/my\\040disk rw - 9p x rw\n"))
    }
}
