import Foundation
import NetProbe
import Testing
import TestSupport

/// `make package` (`scripts/package`): what the Debian package holds, what it depends on, and lintian's verdict.
/// Root-gated as the other heavy tests (under `CI=true` it must run): the first run in a checkout makes a release build.
@Suite("the Debian package", .serialized, .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason))
struct DebianPackageTests {
    static let package = "openclaw-netprobe"

    /// The package extracted (`dpkg-deb -x`) into a fresh directory.
    static func extracted(_ deb: String) async throws -> String {
        let dir = TestDirectory.make("deb")
        let result = try await DebianPackage.run("/usr/bin/dpkg-deb", ["-x", deb, dir])
        try #require(result.status == 0, "dpkg-deb -x: \(result.stderr)")
        return dir
    }

    static func gunzip(_ path: String) async throws -> String {
        let result = try await DebianPackage.run("/bin/gzip", ["-dc", path])
        try #require(result.status == 0, "gzip -dc \(path): \(result.stderr)")
        return result.stdout
    }

    @Test("name, version (the tools' --version), architecture, and every file where Debian puts it, owned by root")
    func contents() async throws {
        try Privilege.requireRoot()
        let deb = try await DebianPackage.built.value.path
        #expect(try await DebianPackage.field(deb, "Package") == Self.package)
        #expect(try await DebianPackage.field(deb, "Version") == NetProbeVersion.string)
        let listing = try await DebianPackage.run("/usr/bin/dpkg-deb", ["-c", deb])
        try #require(listing.status == 0, "\(listing.stderr)")
        // dpkg-deb -c: "MODE OWNER/GROUP SIZE DATE TIME ./PATH[ -> TARGET]"
        var entries: [String: (mode: String, owner: String, target: String?)] = [:]
        for line in listing.stdout.split(separator: "\n") {
            let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard words.count >= 6 else { continue }
            let path = String(words[5].dropFirst())
            let target = words.count >= 8 && words[6] == "->" ? words[7] : nil
            entries[path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path] = (words[0], words[1], target)
        }
        #expect(entries.values.allSatisfy { $0.owner == "root/root" }, "\(listing.stdout)")
        #expect(entries.keys.allSatisfy { $0 == "/" || $0 == "/usr" || $0.hasPrefix("/usr/") }, "\(listing.stdout)")
        #expect(entries["/usr/bin/openclaw"]?.mode == "-rwxr-xr-x", "\(listing.stdout)")
        #expect(entries["/usr/bin/openclaw-doctor"]?.mode.hasPrefix("l") == true
                && entries["/usr/bin/openclaw-doctor"]?.target == "openclaw", "\(listing.stdout)")
        let expected = [
            "/usr/share/man/man1/openclaw.1.gz", "/usr/share/man/man1/openclaw-doctor.1.gz",
            "/usr/share/bash-completion/completions/openclaw", "/usr/share/bash-completion/completions/openclaw-doctor",
            "/usr/share/zsh/vendor-completions/_openclaw", "/usr/share/zsh/vendor-completions/_openclaw-doctor",
            "/usr/share/fish/vendor_completions.d/openclaw.fish", "/usr/share/fish/vendor_completions.d/openclaw-doctor.fish",
            "/usr/share/\(Self.package)/openclaw-gateway.service",
            "/usr/share/doc/\(Self.package)/copyright", "/usr/share/doc/\(Self.package)/changelog.gz",
            "/usr/share/doc/\(Self.package)/README.md", "/usr/share/doc/\(Self.package)/doctor.md",
        ]
        for path in expected {
            #expect(entries[path]?.mode == "-rw-r--r--", "\(path) missing or not 0644:\n\(listing.stdout)")
        }
    }

    @Test("the executable: stripped, no Swift runtime library needed, and each name runs from the package")
    func executable() async throws {
        try Privilege.requireRoot()
        let deb = try await DebianPackage.built.value.path
        let root = try await Self.extracted(deb)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let sections = try await DebianPackage.run("/usr/bin/readelf", ["-S", "-W", root + "/usr/bin/openclaw"])
        try #require(sections.status == 0, "\(sections.stderr)")
        #expect(!sections.stdout.contains(".symtab") && !sections.stdout.contains(".debug_"), "not stripped")
        let dynamic = try await DebianPackage.run("/usr/bin/readelf", ["-d", "-W", root + "/usr/bin/openclaw"])
        #expect(dynamic.status == 0 && dynamic.stdout.contains("(NEEDED)"), "\(dynamic.stderr)")
        #expect(!dynamic.stdout.contains("libswift") && !dynamic.stdout.contains("libFoundation")
                && !dynamic.stdout.contains("libdispatch"), "\(dynamic.stdout)")
        for name in ["openclaw", "openclaw-doctor"] {
            let run = try await DebianPackage.run(root + "/usr/bin/" + name, ["--version"])
            #expect(run.status == 0 && run.stdout == "\(name) \(NetProbeVersion.string)\n", "\(name): \(run.stdout)\(run.stderr)")
        }
    }

    /// docs/performance.md, "No ICU": the product imports FoundationEssentials only, so no ICU code or data is linked.
    /// The positive control is the toolchain's own ICU archive, so a check that can no longer see ICU fails here too.
    @Test("the executable holds no ICU (scripts/check-no-icu), and the check finds ICU where it is")
    func noICU() async throws {
        try Privilege.requireRoot()
        let deb = try await DebianPackage.built.value.path
        let root = try await Self.extracted(deb)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let script = Fixtures.repositoryRoot.appendingPathComponent("scripts/check-no-icu").path
        let shipped = try await DebianPackage.run(script, [root + "/usr/bin/openclaw"])
        #expect(shipped.status == 0, "\(shipped.stderr)")
        // The toolchain that built the package: `swift` on PATH, its usr/lib/swift_static/linux.
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"
        let swift = path.split(separator: ":").map { $0 + "/swift" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        let icu = swift.map {
            URL(fileURLWithPath: $0).resolvingSymlinksInPath().deletingLastPathComponent()
                .appendingPathComponent("../lib/swift_static/linux/lib_FoundationICU.a").standardized.path
        }
        try #require(icu.map { FileManager.default.fileExists(atPath: $0) } == true,
                     "no lib_FoundationICU.a beside \(swift ?? "swift (not on PATH)") for the positive control")
        let control = try await DebianPackage.run(script, [icu!])
        #expect(control.status == 1 && control.stderr.contains("'icudt'"), "\(control.status): \(control.stderr)")
    }

    @Test("Depends: names the package of every library the executable loads (dpkg-shlibdeps), glibc versioned")
    func depends() async throws {
        try Privilege.requireRoot()
        let deb = try await DebianPackage.built.value.path
        let depends = try await DebianPackage.field(deb, "Depends")
        let names = Set(depends.split(separator: ",").map {
            String($0.trimmingCharacters(in: .whitespaces).prefix { $0 != " " && $0 != "(" && $0 != ":" })
        })
        #expect(depends.range(of: #"libc6 \(>= 2\.[0-9]+\)"#, options: .regularExpression) != nil, "\(depends)")
        let root = try await Self.extracted(deb)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let dynamic = try await DebianPackage.run("/usr/bin/readelf", ["-d", "-W", root + "/usr/bin/openclaw"])
        let needed = dynamic.stdout.split(separator: "\n").filter { $0.contains("(NEEDED)") }.compactMap { line -> String? in
            guard let open = line.firstIndex(of: "["), let close = line.lastIndex(of: "]") else { return nil }
            return String(line[line.index(after: open)..<close])
        }
        #expect(needed.contains("libnl-route-3.so.200") && needed.contains("libc.so.6"), "\(needed)")
        // Packed relative relocations need glibc 2.36's loader: Depends says so (dpkg-shlibdeps alone says 2.35).
        let versions = try await DebianPackage.run("/usr/bin/readelf", ["-V", "-W", root + "/usr/bin/openclaw"])
        if versions.stdout.contains("GLIBC_ABI_DT_RELR") {
            #expect(depends.contains("libc6 (>= 2.36)") || depends.range(of: #"libc6 \(>= 2\.(3[6-9]|[4-9][0-9])"#, options: .regularExpression) != nil,
                    "\(depends)")
        }
        for library in needed {
            // The package that ships the library on this machine (the one the executable was linked against).
            let owner = try await DebianPackage.run("/usr/bin/dpkg", ["-S", "*/\(library)"])
            try #require(owner.status == 0, "no package ships \(library): \(owner.stderr)")
            let packages = Set(owner.stdout.split(separator: "\n").compactMap { $0.split(separator: ":").first.map(String.init) })
            #expect(!packages.isDisjoint(with: names), "\(library) comes from \(packages), not in Depends: \(depends)")
        }
    }

    @Test("man pages, completions and the unit template come from the commands' own definitions")
    func generatedFiles() async throws {
        try Privilege.requireRoot()
        let deb = try await DebianPackage.built.value.path
        let root = try await Self.extracted(deb)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let manOpenclaw = try await Self.gunzip(root + "/usr/share/man/man1/openclaw.1.gz")
        #expect(manOpenclaw.contains(".Dt OPENCLAW 1") && manOpenclaw.contains("gateway") && manOpenclaw.contains("Fl -probe-timeout"),
                "\(manOpenclaw.prefix(400))")
        let manDoctor = try await Self.gunzip(root + "/usr/share/man/man1/openclaw-doctor.1.gz")
        #expect(manDoctor.contains(".Dt OPENCLAW-DOCTOR 1") && manDoctor.contains("triage") && manDoctor.contains("Fl -snapshot"),
                "\(manDoctor.prefix(400))")
        for name in ["openclaw", "openclaw-doctor"] {
            let bash = root + "/usr/share/bash-completion/completions/" + name
            let syntax = try await DebianPackage.run("/bin/bash", ["-n", bash])
            #expect(syntax.status == 0, "bash -n \(bash): \(syntax.stderr)")
            // Loaded into bash, the script registers a completion for the name.
            let loaded = try await DebianPackage.run("/bin/bash", ["-c", "source \(bash) && complete -p \(name)"])
            #expect(loaded.status == 0 && loaded.stdout.hasSuffix(" \(name)\n"), "\(loaded.stdout)\(loaded.stderr)")
            let zsh = try String(contentsOfFile: root + "/usr/share/zsh/vendor-completions/_" + name, encoding: .utf8)
            #expect(zsh.hasPrefix("#compdef \(name)"), "\(zsh.prefix(100))")
            let fish = try String(contentsOfFile: root + "/usr/share/fish/vendor_completions.d/\(name).fish", encoding: .utf8)
            #expect(fish.contains("complete -c '\(name)'") || fish.contains("complete -c \(name)"), "\(fish.prefix(300))")
        }
        // The template is exactly what `openclaw gateway unit` prints, run from /usr/bin.
        let template = try String(contentsOfFile: root + "/usr/share/\(Self.package)/openclaw-gateway.service", encoding: .utf8)
        let printed = try await DebianPackage.run(BuiltExecutables.openclaw, ["gateway", "unit", "--port", "18789"])
        try #require(printed.status == 0, "\(printed.stderr)")
        let expected = printed.stdout.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("ExecStart=") ? "ExecStart=/usr/bin/openclaw " + line.split(separator: " ", maxSplits: 1)[1] : String(line)
        }.joined(separator: "\n")
        #expect(template == expected, "template:\n\(template)\nopenclaw gateway unit:\n\(expected)")
    }

    @Test("lintian finds no error")
    func lintian() async throws {
        try Privilege.requireRoot()
        let deb = try await DebianPackage.built.value.path
        let result = try await DebianPackage.run("/usr/bin/lintian", ["--fail-on", "error", "--tag-display-limit", "0", deb])
        #expect(result.status == 0, "lintian exit \(result.status):\n\(result.stdout)\(result.stderr)")
        let errors = result.stdout.split(separator: "\n").filter { $0.hasPrefix("E: ") }
        #expect(errors.isEmpty, "\(errors.joined(separator: "\n"))")
    }
}
