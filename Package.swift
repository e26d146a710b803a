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
// flags removed. The Embedded builds compile DeepMouseCore without them.)
#if arch(x86_64)
    let x86Kernels: [Target.Dependency] = ["CX86CPUID", "DeepMouseX86AVX2", "DeepMouseX86AVX512"]
    let x86KernelTargets: [Target] = [
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
#else
    let x86Kernels: [Target.Dependency] = []
    let x86KernelTargets: [Target] = []
#endif

let package = Package(
    name: "DeepMouse",
    products: [
        .executable(name: "deepmouse", targets: ["deepmouse"]),
        .executable(name: "deepmoused", targets: ["deepmoused"]),
        .library(name: "DeepMouseCore", targets: ["DeepMouseCore"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
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
        .target(name: "DeepMouseCore", dependencies: x86Kernels),
        .target(name: "DeepMouseMotion", dependencies: ["DeepMouseCore"]),
        .target(
            name: "DeepMouseInput",
            dependencies: ["DeepMouseCore", "DeepMouseMotion", "CLibevdev", "CLibudev", "CLinux"]),
        .target(
            name: "DeepMouseDaemon",
            dependencies: ["DeepMouseCore", "DeepMouseMotion", "DeepMouseInput", "CLinux"]),
        .executableTarget(name: "deepmoused", dependencies: ["DeepMouseDaemon"]),

        // MARK: Workstation side
        .target(
            name: "DeepMouseTraining",
            dependencies: ["DeepMouseCore", "DeepMouseMotion", "CBLAS"],
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
            name: "hand-switch-bench", dependencies: ["DeepMouseInput", "DeepMouseQuantization"],
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
            name: "DeepMouseCLITests",
            dependencies: ["TestSupport", "deepmouse"])
    ] + x86KernelTargets
)
