// Which implementation runs the GRU steps of `.fast` memory. Every kernel gives the same bits
// (tests/GRUKernelTests and StreamingClassifierTests check each one the CPU can run against the
// straightforward reference); they differ in speed and in the recurrent weight layout.
//
// Swift cannot compile one function for another instruction set than its module, so the x86
// kernels live in their own modules compiled with their `-march` (Package.swift), are imported
// only in SwiftPM builds on x86-64 hosts, and run only after a CPUID check: the default
// `swift build -c release` binary runs on any x86-64 CPU and uses AVX2 or AVX-512 VNNI where they exist.
// The Embedded builds of the core for microcontrollers see none of this and run the portable kernel. On arm64
// (tools/embedded-daemon --target aarch64) the NEON kernels are C (Sources/CAArch64NEON: Swift has no NEON
// intrinsics), the `sdot` one run after the kernel's hwcaps say the CPU has the dot-product extension.
#if canImport(CX86CPUID) && arch(x86_64)
    import CX86CPUID
#endif
#if canImport(DeepMouseX86AVX2) && arch(x86_64)
    import DeepMouseX86AVX2
#endif
#if canImport(DeepMouseX86AVX512) && arch(x86_64)
    import DeepMouseX86AVX512
#endif
#if canImport(CAArch64NEON) && arch(arm64)
    import CAArch64NEON
#endif

/// A GRU step implementation (`.fast` memory); `best` is the fastest this CPU runs.
public enum GRUKernel: Sendable {
    /// Generic Swift (SIMD types and loops LLVM vectorizes for the build's target: NEON on arm64,
    /// SSE2 on a default x86-64 build, whatever `-target-cpu` allows): recurrent weights `.rowsS8`.
    case portable
    /// x86-64-v3 (AVX2, FMA, BMI2; Intel since Haswell, AMD since Zen): int8 weights sign-extended in
    /// registers into `vpmaddwd` (16 MACs), 8 rows x 2 units per load; `.pairsS8`.
    case x86AVX2
    /// x86-64 with AVX-512 F/BW/CD/DQ/VL and VNNI (x86-64-v4 + VNNI; Intel since Ice Lake Xeon, AMD
    /// since Zen 4): int8 weights straight into `vpdpbusd`, 16-lane gates; `.quadsS8`.
    case x86AVX512VNNI
    /// arm64 NEON (every ARMv8-A core): int8 weights sign-extended in registers into `smlal` (4 MACs), 4 rows x 4
    /// inputs per load, for the GRU step, the convolutions and the GRU input projection; `.rowQuadsS8`.
    case arm64NEON
    /// arm64 with the dot-product extension (FEAT_DotProd, `sdot`: Cortex-A55/A75 and later, Apple M1, Neoverse;
    /// not the Cortex-A53/A72 of older boards): the int16 inputs split into bytes, two `sdot` (16 MACs each) per 16
    /// weights, otherwise as `arm64NEON`; `.rowQuadsS8`.
    case arm64DotProduct

    /// True when this build contains the kernel and this CPU (and OS) can run it.
    public var isAvailable: Bool {
        switch self {
        case .portable: return true
        case .x86AVX2:
            #if canImport(CX86CPUID) && canImport(DeepMouseX86AVX2) && arch(x86_64)
                return Self.x86Features & DEEPMOUSE_X86_AVX2 != 0
            #else
                return false
            #endif
        case .x86AVX512VNNI:
            #if canImport(CX86CPUID) && canImport(DeepMouseX86AVX512) && arch(x86_64)
                return Self.x86Features & DEEPMOUSE_X86_AVX512_VNNI != 0
            #else
                return false
            #endif
        case .arm64NEON:
            #if canImport(CAArch64NEON) && arch(arm64)
                return true
            #else
                return false
            #endif
        case .arm64DotProduct:
            #if canImport(CAArch64NEON) && arch(arm64)
                return Self.arm64Features & DEEPMOUSE_ARM64_DOTPROD != 0
            #else
                return false
            #endif
        }
    }

    #if canImport(CX86CPUID) && arch(x86_64)
        /// CPUID once per process (it traps to the hypervisor in a VM).
        private static let x86Features: UInt32 = deepmouse_x86_features()
    #endif
    #if canImport(CAArch64NEON) && arch(arm64)
        /// The kernel's hwcaps once per process.
        private static let arm64Features: UInt32 = deepmouse_arm64_features()
    #endif

    /// The fastest available kernel.
    public static var best: GRUKernel {
        if x86AVX512VNNI.isAvailable { return .x86AVX512VNNI }
        if x86AVX2.isAvailable { return .x86AVX2 }
        if arm64DotProduct.isAvailable { return .arm64DotProduct }
        return arm64NEON.isAvailable ? .arm64NEON : .portable
    }

    /// The recurrent weight layout the kernel reads.
    public var recurrentLayout: RecurrentLayout {
        switch self {
        case .portable: return .rowsS8
        case .x86AVX2: return .pairsS8
        case .x86AVX512VNNI: return .quadsS8
        case .arm64NEON, .arm64DotProduct: return .rowQuadsS8
        }
    }

    /// The kernel's multiply instruction on registers, 8 independent chains per iteration, for a benchmark to
    /// time: `macs` int16 x int8 MACs per iteration at that instruction's width (portable: SSE2 `pmaddwd`, 8 per
    /// instruction, the x86-64 baseline; AVX2 `vpmaddwd`, 16; AVX-512 VNNI `vpdpbusd`, 32 of the engine's MACs).
    /// Nil where this build has no such loop (the portable kernel off x86-64, or the CPU cannot run it).
    public func peakLoop(iterations: Int) -> (macs: Int, checksum: Int32)? {
        #if canImport(DeepMouseX86AVX2) && canImport(DeepMouseX86AVX512) && arch(x86_64)
            guard GRUKernel.x86AVX2.isAvailable, isAvailable else { return nil }
            switch self {
            case .portable: return (64, PairsProductAVX2.peakLoopSSE2(iterations: iterations, seed: 3))
            case .x86AVX2: return (128, PairsProductAVX2.peakLoop(iterations: iterations, seed: 3))
            case .x86AVX512VNNI: return (256, GRUStepAVX512VNNI.peakLoop(iterations: iterations, seed: 3))
            case .arm64NEON, .arm64DotProduct: return nil
            }
        #else
            return nil
        #endif
    }

    /// The conv and GRU input weights of `.fast` memory in `PairsLayoutS8` for the AVX2 product (every x86
    /// kernel: a CPU with AVX-512 VNNI has AVX2), else widened to int16 rows for the portable dot products.
    public var inputProductsUsePairs: Bool { self == .x86AVX2 || self == .x86AVX512VNNI }

    /// The conv and GRU input weights of `.fast` memory in `RowQuadsLayoutS8` for the NEON products (the arm64
    /// kernels).
    public var inputProductsUseRowQuads: Bool { self == .arm64NEON || self == .arm64DotProduct }

    /// The `RowQuadsLayoutS8` products run `sdot`.
    public var usesDotProduct: Bool { self == .arm64DotProduct }

    /// A short name for people (benchmarks, `deepmouse inspect`).
    public var name: String {
        switch self {
        case .portable: return "portable"
        case .x86AVX2: return "x86 AVX2"
        case .x86AVX512VNNI: return "x86 AVX-512 VNNI"
        case .arm64NEON: return "arm64 NEON"
        case .arm64DotProduct: return "arm64 NEON dot product"
        }
    }
}

// `allCases` is an array: not in the Embedded builds (-no-allocations).
#if !hasFeature(Embedded)
    extension GRUKernel: CaseIterable {}
#endif
