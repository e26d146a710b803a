// What the x86-64 CPU and the operating system support, for the engine's run-time choice of
// kernels (DeepMouseCore's `GRUKernel.best`). Swift cannot execute cpuid or xgetbv, so this
// header-only module does (inline assembly through <cpuid.h>; nothing to link). Imported by
// DeepMouseCore only, and only in SwiftPM builds (`#if canImport(CX86CPUID)`): the Embedded
// builds of the core never see it and keep the portable kernels.
#ifndef DEEPMOUSE_X86_CPU_FEATURES_H
#define DEEPMOUSE_X86_CPU_FEATURES_H

/// Everything DeepMouseX86AVX2 is compiled for (`-march=x86-64-v3`, Package.swift): x86-64-v3 (AVX, AVX2,
/// BMI1, BMI2, F16C, FMA, LZCNT, MOVBE, and the v2 set) with the ymm register state enabled by the OS (XCR0).
#define DEEPMOUSE_X86_AVX2 2u
/// Everything DeepMouseX86AVX512 is compiled for (`-march=x86-64-v4 -mavx512vnni`, Package.swift):
/// x86-64-v3, AVX-512 F, BW, CD, DQ, VL and VNNI, with the zmm register state enabled by the OS (XCR0).
#define DEEPMOUSE_X86_AVX512_VNNI 1u

#if defined(__x86_64__)
#include <cpuid.h>

/// The DEEPMOUSE_X86_* bits of the kernels this CPU and OS run.
static inline unsigned deepmouse_x86_features(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    const unsigned v2 = (1u << 0) | (1u << 9) | (1u << 13) | (1u << 19) | (1u << 20) | (1u << 23);  // SSE3 SSSE3 CX16 SSE4.1 SSE4.2 POPCNT
    const unsigned v3 = (1u << 12) | (1u << 22) | (1u << 26) | (1u << 27) | (1u << 28) | (1u << 29); // FMA MOVBE XSAVE OSXSAVE AVX F16C
    if ((c & (v2 | v3)) != (v2 | v3)) return 0;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    (void)hi;
    const unsigned ymmState = (1u << 1) | (1u << 2);  // SSE AVX
    const unsigned zmmState = ymmState | (1u << 5) | (1u << 6) | (1u << 7);  // opmask ZMM_Hi256 Hi16_ZMM
    if ((lo & ymmState) != ymmState) return 0;
    if (!__get_cpuid(0x80000001, &a, &b, &c, &d) || (c & 0x21u) != 0x21u) return 0;  // LAHF-SAHF, LZCNT
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    const unsigned ebx3 = (1u << 3) | (1u << 5) | (1u << 8);                        // BMI1 AVX2 BMI2
    if ((b & ebx3) != ebx3) return 0;
    const unsigned ebx4 = ebx3 | (1u << 16) | (1u << 17) | (1u << 28) | (1u << 30) | (1u << 31);  // AVX-512 F DQ CD BW VL
    const unsigned ecx4 = 1u << 11;                                                   // AVX-512 VNNI
    if ((lo & zmmState) != zmmState || (b & ebx4) != ebx4 || (c & ecx4) != ecx4) return DEEPMOUSE_X86_AVX2;
    return DEEPMOUSE_X86_AVX2 | DEEPMOUSE_X86_AVX512_VNNI;
}
#else
static inline unsigned deepmouse_x86_features(void) { return 0; }
#endif

#endif
