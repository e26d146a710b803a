// swift-tools-version:6.1
// DeepMouse: tells which hand moves a pointing device, from the motion alone.
//
// Dependency direction (nothing imports an executable; docs/architecture.md):
//   DeepMouseCore             vocabulary, fixed-point engine, model files, decisions (no Foundation)
//     <- DeepMouseMotion      events, evemu, tracking, 100 Hz grid, the board chain (no Foundation)
//       <- DeepMouseInput     libudev, libevdev, files, clocks, poll, output sinks (no Foundation)
//         <- DeepMouseDaemon  deepmoused's commands: live, replay, record, devices, stats
//           <- deepmoused     the board executable (entry point only)
//       <- DeepMouseTraining (Foundation, BLAS) <- DeepMouseQuantization <- DeepMouseExperiments
//         <- deepmouse        the workstation CLI
import PackageDescription

// The engine's x86-64 kernels: Swift compiles a whole module for one instruction set, so each
// kernel that needs more than the x86-64 baseline is a module of its own, compiled for its `-march`,
// imported by DeepMouseCore only and run after a CPUID check (CX86CPUID): the default build runs on
// every x86-64 CPU and uses AVX2 or AVX-512 VNNI where there is one. (`#if arch` is the machine building
// the package; cross-compiling from x86-64 to another architecture with SwiftPM would need these
// flags removed. The Embedded builds compile DeepMouseCore without them; the aarch64 one with CAArch64NEON.)
#if arch(x86_64)
    let vectorKernels: [Target.Dependency] = ["CX86CPUID", "DeepMouseX86AVX2", "DeepMouseX86AVX512"]
    let vectorKernelTargets: [Target] = [
        .systemLibrary(name: "CX86CPUID"),  // cpuid and xgetbv (header only)
        .target(
            name: "DeepMouseX86AVX2",
            swiftSettings: [.unsafeFlags(["-enable-builtin-module", "-Xcc", "-march=x86-64-v3"])]),
        .target(
            name: "DeepMouseX86AVX512",
            swiftSettings: [
                .unsafeFlags(["-enable-builtin-module", "-Xcc", "-march=x86-64-v4", "-Xcc", "-mavx512vnni"])
            ])
    ]
#elseif arch(arm64)
    // The arm64 NEON kernels are C (Swift has no NEON intrinsics): header only, the `sdot` ones compiled for the
    // dot-product extension per function and run after a hwcap check.
    let vectorKernels: [Target.Dependency] = ["CAArch64NEON"]
    let vectorKernelTargets: [Target] = [.systemLibrary(name: "CAArch64NEON")]
#else
    let vectorKernels: [Target.Dependency] = []
    let vectorKernelTargets: [Target] = []
#endif

let package = Package(
    name: "DeepMouse",
    products: [
        .executable(name: "deepmouse", targets: ["deepmouse"]),
        .executable(name: "deepmoused", targets: ["deepmoused"]),
        .executable(name: "deepmouse-follow", targets: ["deepmouse-follow"]),
        .library(name: "DeepMouseCore", targets: ["DeepMouseCore"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // SHA-256 of recordings and checkpoints (provenance records checked with sha256sum).
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3")
    ],
    targets: [
        // MARK: C system libraries (each imported by exactly one Swift target)
        .systemLibrary(
            name: "CLibevdev", pkgConfig: "libevdev",
            providers: [.apt(["libevdev-dev"])]),
        .systemLibrary(
            name: "CLibudev", pkgConfig: "libudev",
            providers: [.apt(["libudev-dev"])]),
        .systemLibrary(name: "CLinux"),  // timerfd, signalfd, stat macros (DeepMouseInput only)
        .systemLibrary(
            name: "CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),

        // MARK: Board side: no Foundation
        .target(name: "DeepMouseCore", dependencies: vectorKernels),
        .target(name: "DeepMouseMotion", dependencies: ["DeepMouseCore"]),
        .target(
            name: "DeepMouseInput",
            dependencies: ["DeepMouseCore", "DeepMouseMotion", "CLibevdev", "CLibudev", "CLinux"]),
        .target(
            name: "DeepMouseDaemon",
            dependencies: ["DeepMouseCore", "DeepMouseMotion", "DeepMouseInput", "CLinux"]),
        .executableTarget(name: "deepmoused", dependencies: ["DeepMouseDaemon"]),

        // MARK: Desktop side: follows the daemon's stream (Foundation)
        .target(name: "DeepMouseFollow", dependencies: ["DeepMouseCore", "DeepMouseMotion"]),
        .executableTarget(
            name: "deepmouse-follow",
            dependencies: ["DeepMouseFollow", .product(name: "ArgumentParser", package: "swift-argument-parser")]),

        // MARK: Workstation side
        .target(
            name: "DeepMouseTraining",
            dependencies: [
                "DeepMouseCore", "DeepMouseMotion", "CBLAS", .product(name: "Crypto", package: "swift-crypto")
            ],
            exclude: ["Network/README.md"]),
        .target(
            name: "DeepMouseQuantization",
            dependencies: ["DeepMouseCore", "DeepMouseTraining"]),
        .target(name: "DeepMouseExperiments", dependencies: ["DeepMouseTraining"]),
        .executableTarget(
            name: "deepmouse",
            dependencies: [
                "DeepMouseTraining", "DeepMouseQuantization", "DeepMouseExperiments",
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ]),

        // MARK: Tools
        .executableTarget(
            name: "engine-bench", dependencies: ["DeepMouseQuantization", "DeepMouseTraining"],
            path: "tools/bench/engine-bench"),
        // The x86 side of the Cortex-M4 firmware check: writes its input windows from ../shared and
        // prints the decisions the firmware must reproduce bit for bit (tools/firmware).
        .executableTarget(
            name: "firmware-reference", dependencies: ["DeepMouseCore"],
            path: "tools/firmware-reference"),

        // Writes the model files and golden vectors of Tests/Fixtures/models (GoldenFixtures).
        .executableTarget(
            name: "test-fixtures", dependencies: ["DeepMouseQuantization"],
            path: "tools/test-fixtures"),

        // MARK: Tests
        .target(name: "MallocCounter", path: "Tests/MallocCounter"),
        // Shared by the test targets: the process runner, the test devices, the fixture models.
        .target(name: "TestSupport", dependencies: ["DeepMouseCore", "DeepMouseMotion"], path: "Tests/TestSupport"),
        // How fast deepmoused notices a change of hand (benchmark, not a test).
        .executableTarget(
            name: "hand-switch-bench",
            dependencies: ["DeepMouseInput", "DeepMouseQuantization", "DeepMouseExperiments"],
            path: "tools/bench/hand-switch-bench"),
        // umockdev-run with a hotplug timeline, for the daemon's end-to-end tests (Glibc only).
        .executableTarget(name: "umockdev-timeline", path: "Tests/UmockdevTimeline"),
        .testTarget(
            name: "DeepMouseCoreTests",
            dependencies: ["DeepMouseCore", "TestSupport", "MallocCounter"]),
        .testTarget(
            name: "DeepMouseMotionTests",
            dependencies: ["DeepMouseMotion", "TestSupport", "MallocCounter"]),
        .testTarget(name: "DeepMouseInputTests", dependencies: ["DeepMouseInput", "TestSupport"]),
        .testTarget(
            name: "DeepMouseDaemonTests",
            dependencies: ["DeepMouseDaemon", "TestSupport", "MallocCounter"]),
        .testTarget(
            name: "DeepMouseTrainingTests",
            dependencies: ["DeepMouseTraining", "TestSupport"]),
        .testTarget(
            name: "DeepMouseQuantizationTests",
            dependencies: ["DeepMouseQuantization", "DeepMouseTraining", "TestSupport", "MallocCounter"]),
        .testTarget(
            name: "DeepMouseExperimentsTests",
            dependencies: ["DeepMouseExperiments", "TestSupport"]),
        .testTarget(
            name: "DeepMouseFollowTests",
            dependencies: ["DeepMouseFollow", "DeepMouseDaemon", "TestSupport", "deepmouse-follow"]),
        .testTarget(
            name: "DeepMouseCLITests",
            dependencies: ["TestSupport", "deepmouse"])
    ] + vectorKernelTargets
)
