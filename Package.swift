// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "openclaw-netprobe",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "NetProbe", targets: ["NetProbe"]),
        .library(name: "NetProbeLive", targets: ["NetProbeLive"]),
        .library(name: "Gateway", targets: ["Gateway"]),
        .library(name: "GatewayLive", targets: ["GatewayLive"]),
        .library(name: "GatewayServer", targets: ["GatewayServer"]),
        // One executable, two names: `openclaw-doctor` is a link to `openclaw` (the Makefile, scripts/package and
        // the tests' `BuiltExecutables` make it); argv[0] picks the tool (`ProgramName`).
        .executable(name: "openclaw", targets: ["openclaw"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.65.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        // `Errno` and `FileDescriptor` (SystemPackage): the edges' errno texts and descriptor reads. No Foundation.
        .package(url: "https://github.com/apple/swift-system", from: "1.4.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CNetlink",
            pkgConfig: "libnl-route-3.0",
            providers: [.apt(["libnl-3-dev", "libnl-route-3-dev"])]
        ),
        // NetProbe's pure part: facts, parsers, classification, redaction, triage (every file fuzzable).
        .target(name: "NetProbe"),
        // NetProbe's edges: the live reader (files, netlink through libnl, programs), sockets, standard streams.
        .target(
            name: "NetProbeLive",
            dependencies: ["NetProbe", "CNetlink", .product(name: "SystemPackage", package: "swift-system")]
        ),
        // glibc's malloc_trim (<malloc.h>), for the gateway's heap trim after a burst of connections.
        .systemLibrary(name: "CMalloc"),
        // The Swift runtime's global enqueue hook, reached by the linker (works in a static build; docs/performance.md).
        .target(name: "CConcurrencyHook"),
        // openat2(2) through syscall(2) (glibc 2.36 has no wrapper), and the argument-vector wipe of `--token`.
        .target(name: "CSystemShim"),
        // The gateway's pure core: plan, configuration, lock model, clash decision, status, admission, protocol,
        // unit text. No server library and no NetProbeLive: the doctor plans and judges with it alone. SystemPackage
        // for `Errno` only (a value: the codes its rules compare and their text in its messages).
        .target(
            name: "Gateway",
            dependencies: ["NetProbe", .product(name: "SystemPackage", package: "swift-system")]
        ),
        // The gateway's edges: the status and reach probes, the start's live dependencies, the configuration file's
        // and the token file's reads, the state directory's `stat`, the instance lock's files and `flock`, the
        // `/proc` reads of the lock holder, `gateway stop`'s signals, the descriptor limit, the `[::1]:0` bind.
        .target(
            name: "GatewayLive",
            dependencies: ["Gateway", "NetProbe", "NetProbeLive", .product(name: "SystemPackage", package: "swift-system")]
        ),
        // The gateway's server (swift-nio) and its start: binds, serves HTTP and WebSocket, runs the event loops.
        .target(
            name: "GatewayServer",
            dependencies: [
                "Gateway", "GatewayLive", "NetProbe", "NetProbeLive", "CConcurrencyHook", "CMalloc", "CSystemShim",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "DoctorKit",
            dependencies: [
                "NetProbe", "NetProbeLive", "Gateway", "GatewayLive", .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .target(
            name: "OpenClawCLI",
            dependencies: [
                "NetProbe", "NetProbeLive", "Gateway", "GatewayLive", "GatewayServer", "DoctorKit", "CSystemShim",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "openclaw", dependencies: ["OpenClawCLI"]),
        // A WebSocket load client for the gateway (reliability tests, benchmarks): loopback targets only.
        .executableTarget(
            name: "openclaw-loadclient",
            dependencies: [
                "NetProbe", "NetProbeLive",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ]
        ),
        // Benchmarks (`make bench`, docs/performance.md): not products, used by no test.
        .executableTarget(
            name: "openclaw-bench",
            dependencies: ["NetProbe", "NetProbeLive", "CNetlink"],
            path: "bench/Sources/openclaw-bench"
        ),
        // The floor: a minimal swift-nio server speaking the gateway's conversation (load, instructions, readiness).
        .executableTarget(
            name: "bench-floor-server",
            dependencies: [
                "NetProbe", "NetProbeLive",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            path: "bench/Sources/bench-floor-server"
        ),
        // Shared by the test targets: fixture paths, root gating, subprocesses, temporary directories.
        .target(name: "TestSupport", dependencies: ["NetProbe", "NetProbeLive"], path: "Tests/TestSupport"),
        .testTarget(name: "NetProbeTests", dependencies: ["NetProbe", "NetProbeLive", "CNetlink", "TestSupport"]),
        .testTarget(
            name: "GatewayTests",
            dependencies: [
                "Gateway", "GatewayLive", "GatewayServer", "NetProbe", "NetProbeLive", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]),
        .testTarget(
            name: "DoctorKitTests", dependencies: ["DoctorKit", "Gateway", "GatewayLive", "NetProbe", "NetProbeLive", "TestSupport"]
        ),
        // End-to-end tests of the built executables (`openclaw`, `openclaw-doctor`) and the simulator.
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["NetProbe", "NetProbeLive", "Gateway", "GatewayLive", "TestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// Start-up (docs/performance.md, "Start-up: conformance scans"): every concrete generic type this project's code
// names (`Set<Signal>`, `Option<BindMode>`, a `Codable` container) is, by default, reached through its mangled name;
// the runtime demangles it and checks each generic requirement with a protocol-conformance lookup, a walk of every
// conformance record of the executable (about 6,200) the first time each pair is asked. Direct metadata accessors
// pass the witness tables instead. Release builds of the modules the command-line tools run at start only.
let directMetadataTargets: Set<String> = ["NetProbe", "NetProbeLive", "Gateway", "GatewayLive", "DoctorKit", "OpenClawCLI", "openclaw"]
for target in package.targets where directMetadataTargets.contains(target.name) {
    target.swiftSettings = (target.swiftSettings ?? []) + [
        .unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"], .when(configuration: .release)),
    ]
}

// Size (docs/performance.md, "One small binary"): the shipped executable is linked by lld with packed relative
// relocations (`DT_RELR`, glibc 2.36 and later: Debian 12): 1.5 MB of `.rela.dyn` becomes 13 KB, the loader applies
// fewer relocations at every start. gold, the driver's default, has no such option. Release builds only.
for target in package.targets where target.name == "openclaw" {
    target.linkerSettings = (target.linkerSettings ?? []) + [
        .unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"], .when(configuration: .release)),
    ]
}
