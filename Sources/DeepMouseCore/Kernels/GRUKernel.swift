// Which implementation runs the GRU steps of `.fast` memory. Every kernel gives the same bits
// (tests/GRUKernelTests and StreamingClassifierTests check each one the CPU can run against the
// straightforward reference); they differ in speed and in the recurrent weight layout.
//
// Swift cannot compile one function for another instruction set than its module, so the x86
// kernels live in their own modules compiled with their `-march` (Package.swift), are imported
// only in SwiftPM builds on x86-64 hosts, and run only after a CPUID check: the default
// `swift build -c release` binary runs on any x86-64 CPU and uses AVX2 or AVX-512 VNNI where they exist.
// The Embedded builds of the core (microcontrollers, tools/embedded-daemon) see none of this and
// run the portable kernel.
#if canImport(CX86CPUID) && arch(x86_64)
    import CX86CPUID
#endif
#if canImport(DeepMouseX86AVX2) && arch(x86_64)
    import DeepMouseX86AVX2
#endif
#if canImport(DeepMouseX86AVX512) && arch(x86_64)
    import DeepMouseX86AVX512
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
        }
    }

    #if canImport(CX86CPUID) && arch(x86_64)
        /// CPUID once per process (it traps to the hypervisor in a VM).
        private static let x86Features: UInt32 = deepmouse_x86_features()
    #endif

    /// The fastest available kernel.
    public static var best: GRUKernel {
        x86AVX512VNNI.isAvailable ? .x86AVX512VNNI : x86AVX2.isAvailable ? .x86AVX2 : .portable
    }

    /// The recurrent weight layout the kernel reads.
    public var recurrentLayout: RecurrentLayout {
        switch self {
        case .portable: return .rowsS8
        case .x86AVX2: return .pairsS8
        case .x86AVX512VNNI: return .quadsS8
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
            }
        #else
            return nil
        #endif
    }

    /// The conv and GRU input weights of `.fast` memory in `PairsLayoutS8` for the AVX2 product (every x86
    /// kernel: a CPU with AVX-512 VNNI has AVX2), else widened to int16 rows for the portable dot products.
    public var inputProductsUsePairs: Bool { self != .portable }

    /// A short name for people (benchmarks, `deepmouse inspect`).
    public var name: String {
        switch self {
        case .portable: return "portable"
        case .x86AVX2: return "x86 AVX2"
        case .x86AVX512VNNI: return "x86 AVX-512 VNNI"
        }
    }
}

// `allCases` is an array: not in the Embedded builds (-no-allocations).
#if !hasFeature(Embedded)
    extension GRUKernel: CaseIterable {}
#endif
