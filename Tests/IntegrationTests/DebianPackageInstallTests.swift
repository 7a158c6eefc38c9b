import Foundation
import NetProbe
import Testing
import TestSupport

/// The Debian package installed the way a user installs it, into a fresh Debian root without Swift
/// (`scripts/debian-root`: bookworm made once by debootstrap and cached, booted as a throwaway overlay with
/// `systemd-nspawn -b`; the cached root itself is never written). Host networking, so apt reaches the archive for
/// `man-db`, which a minimal root lacks.
@Suite("the Debian package installed into a fresh root", .serialized,
       .enabled(if: Privilege.rootTestsEnabled, Privilege.rootSkipReason))
struct DebianPackageInstallTests {
    /// The root's extra packages: the same set as the real-systemd tests' root, so both use one cached root.
    static let rootPackages = "libnl-3-200,libnl-route-3-200"
    static let mountedDeb = "/srv/openclaw-netprobe.deb"

    /// Inside the container: the package's paths that exist before, apt-get install, the checks, apt-get purge, and
    /// the package's paths that exist after but did not before. Each part's output under `== NAME`.
    static let script = #"""
    set -u
    export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8
    deb=\#(mountedDeb)
    dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's#^\.##; s#/$##' | grep . > /run/paths
    while read -r p; do if [ -e "$p" ] || [ -L "$p" ]; then echo "$p"; fi; done < /run/paths > /run/before
    echo "== swift"; command -v swift swiftc || echo none; ls /usr/lib/swift 2>&1 | head -1
    echo "== install"
    apt-get update -qq > /run/apt.log 2>&1 && apt-get install -y -qq "$deb" man-db >> /run/apt.log 2>&1; echo "exit $?"
    tail -5 /run/apt.log; echo   # apt's last line may lack its newline
    echo "== status"; dpkg-query -W -f='${Status} ${Version}\n' openclaw-netprobe
    echo "== version"; openclaw-doctor --version; openclaw --version
    echo "== man"; MANPAGER=cat MANWIDTH=100 man openclaw > /run/man.txt 2>&1; echo "exit $?"; head -40 /run/man.txt
    echo "== doctor"; openclaw-doctor --json > /run/report.json 2> /run/report.err; echo "exit $?"
    echo "== environment"; grep -o '"kind" *: *"[a-z0-9]*"' /run/report.json | head -1; grep -o '"container" *: *"[a-z-]*"' /run/report.json | head -1
    echo "== completion"; bash -c '. /usr/share/bash-completion/completions/openclaw-doctor && complete -p openclaw-doctor'
    echo "== purge"; apt-get purge -y -qq openclaw-netprobe > /run/purge.log 2>&1; echo "exit $?"
    echo "== left"
    while read -r p; do
      if { [ -e "$p" ] || [ -L "$p" ]; } && ! grep -qxF "$p" /run/before; then echo "$p"; fi
    done < /run/paths
    dpkg-query -W -f='${Status}\n' openclaw-netprobe 2>/dev/null | grep -v not-installed || true
    echo "== end"
    """#

    static func sections(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        var name: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("== ") { name = String(line.dropFirst(3)); out[name!] = ""; continue }
            if let name { out[name, default: ""] += line + "\n" }
        }
        return out
    }

    @Test("apt-get install ./PACKAGE.deb in a root without Swift: both names run, man openclaw works, the doctor reads the container; apt-get purge leaves no file")
    func installAndPurge() async throws {
        try Privilege.requireRoot()
        let deb = try await DebianPackage.built.value.path
        let tool = Fixtures.repositoryRoot.appendingPathComponent("scripts/debian-root").path
        let made = try await SpawnedChild.run(tool, ["make", "--include", Self.rootPackages],
                                              timeout: TestDeadline.scaled(.seconds(900)))
        try #require(made.status == 0, "debian-root make: \(made)")
        let result = try await SpawnedChild.run(tool, [
            "run", "--root", made.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "--network", "host",
            "--bind-ro", "\(deb):\(Self.mountedDeb)", "--",
            "/usr/bin/env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root", "/bin/bash", "-c", Self.script,
        ], timeout: TestDeadline.scaled(.seconds(900)))
        let out = Self.sections(result.stdout)
        try #require(result.status == 0 && out["end"] != nil, "debian-root run: \(result)")
        #expect(out["swift"]?.hasPrefix("none\n") == true && out["swift"]?.contains("No such file") == true, "\(out["swift"] ?? "")")
        #expect(out["install"]?.hasPrefix("exit 0\n") == true, "\(out["install"] ?? "")")
        #expect(out["status"] == "install ok installed \(NetProbeVersion.string)\n", "\(out["status"] ?? "")")
        #expect(out["version"] == "openclaw-doctor \(NetProbeVersion.string)\nopenclaw \(NetProbeVersion.string)\n", "\(out["version"] ?? "")")
        let man = out["man"] ?? ""
        #expect(man.hasPrefix("exit 0\n") && man.contains("OPENCLAW") && man.contains("gateway"), "\(man)")
        // The doctor inside the container: a report (exit 0 or 1), the environment classified as a container.
        #expect(out["doctor"] == "exit 0\n" || out["doctor"] == "exit 1\n", "\(out["doctor"] ?? "")")
        #expect(out["environment"]?.contains("\"container\"") == true && out["environment"]?.contains("systemd-nspawn") == true,
                "\(out["environment"] ?? "")")
        #expect(out["completion"]?.hasSuffix(" openclaw-doctor\n") == true, "\(out["completion"] ?? "")")
        #expect(out["purge"] == "exit 0\n", "\(out["purge"] ?? "")")
        #expect(out["left"] == "", "files of the package left after apt-get purge:\n\(out["left"] ?? "")")
    }
}
