// The engine's arm64 kernels (DeepMouseCore's `GRUKernel.arm64NEON` and `.arm64DotProduct`), header only.
// Swift has no NEON intrinsics and cannot compile one function for an extension its module is not built for
// (the dot-product instructions are ARMv8.2's optional FEAT_DotProd), so these are C: static inline functions
// over <arm_neon.h>, the `sdot` ones marked `target("dotprod")` and run only after `deepmouse_arm64_features()`
// (getauxval(AT_HWCAP) & HWCAP_ASIMDDP) says the CPU has it. Imported by DeepMouseCore only; the recipe is
// DeepMouseCore's (QuantizedMultiplier.swift, GRUS16.swift, GRUGatesS16.swift) and every function gives its bits
// (tools/kernel-check runs them against it under qemu-aarch64, with and without the extension).
//
// Weight layout (DeepMouseCore's `RowQuadsLayoutS8`): a (rows x inputs) int8 matrix with rows padded to 16 and
// inputs to 4 (zeros in the padding), [block of 16 rows][input quad][16 rows][4 inputs], so 16 consecutive bytes
// are 4 rows x 4 consecutive inputs (one `sdot` operand, or two `smlal` pairs); after the weights, one int32
// per padded row, 128 * sum_i w_ij (the dot-product kernel's offset, below).
#ifndef DEEPMOUSE_AARCH64_NEON_KERNELS_H
#define DEEPMOUSE_AARCH64_NEON_KERNELS_H

#include <stdint.h>

/// `deepmouse_arm64_features()`: the CPU has the dot-product instructions (FEAT_DotProd: sdot, udot).
#define DEEPMOUSE_ARM64_DOTPROD 1u
/// The longest product the kernels take (DeepMouseCore's `ModelArchitecture.maxDotProductLength`).
#define DEEPMOUSE_ARM64_MAX_INPUTS 512

#if defined(__aarch64__)
#include <arm_neon.h>
#include <sys/auxv.h>

/// The DEEPMOUSE_ARM64_* bits of what this CPU runs (Linux: the kernel's hwcaps).
static inline unsigned deepmouse_arm64_features(void) {
    const unsigned long asimddp = 1ul << 20;  // HWCAP_ASIMDDP in <asm/hwcap.h>
    return (getauxval(AT_HWCAP) & asimddp) ? DEEPMOUSE_ARM64_DOTPROD : 0u;
}

/// Input quad q of x as 4 lanes; past `count` the lanes are 0 (never read beyond x).
static inline int16x4_t deepmouse_neon_quad_s16(const int16_t *x, int q, int count) {
    const int i = 4 * q;
    if (i + 4 <= count) return vld1_s16(x + i);
    int16x4_t v = vdup_n_s16(0);
    v = vset_lane_s16(x[i], v, 0);  // i < count
    if (i + 1 < count) v = vset_lane_s16(x[i + 1], v, 1);
    if (i + 2 < count) v = vset_lane_s16(x[i + 2], v, 2);
    return v;
}

/// Stores four row sums of a block (rows row ..< row+4), the real ones only.
static inline void deepmouse_neon_store_rows(int32_t *out, int32x4_t v, int row, int rows) {
    if (row + 4 <= rows) {
        vst1q_s32(out + row, v);
    } else {
        int32_t t[4];
        vst1q_s32(t, v);
        for (int k = 0; row + k < rows; k++) out[row + k] = t[k];
    }
}

/// out[j] = sum_i x[i] * W[i][j] (int32, exact, wrapping like the portable sums) with plain NEON: each 16 weight
/// bytes are sign-extended to int16 (sxtl, sxtl2) and multiplied by the input quad into one int32x4 per row
/// (smlal, smlal2: 4 MACs each); the 16 rows of a block stay in 16 accumulators, added pairwise at the end.
///
/// - out: (rows) int32
/// - x: (count) int16, count <= DEEPMOUSE_ARM64_MAX_INPUTS
/// - w: RowQuadsLayoutS8 of (rows x count)
static inline void deepmouse_neon_product_s16s8(int32_t *out, const int16_t *x, const int8_t *w, int count,
                                                int rows) {
    // (Named accumulators and straight-line code: the daemon is built -Osize, which keeps an array of vectors in
    // memory and does not unroll loops over it.)
    const int quads = (count + 3) / 4;
    const int blocks = (rows + 15) / 16;
    for (int b = 0; b < blocks; b++) {
        int32x4_t a0 = vdupq_n_s32(0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        int32x4_t a8 = a0, a9 = a0, a10 = a0, a11 = a0, a12 = a0, a13 = a0, a14 = a0, a15 = a0;
        const int8_t *p = w + (long)b * 64 * quads;
        for (int q = 0; q < quads; q++, p += 64) {
            const int16x4_t xq = deepmouse_neon_quad_s16(x, q, count);
            const int16x8_t xx = vcombine_s16(xq, xq);
#define DEEPMOUSE_SMLAL_GROUP(g, r0, r1, r2, r3)                   \
    do {                                                          \
        const int8x16_t wv = vld1q_s8(p + 16 * (g));              \
        const int16x8_t lo = vmovl_s8(vget_low_s8(wv));           \
        const int16x8_t hi = vmovl_high_s8(wv);                   \
        r0 = vmlal_s16(r0, vget_low_s16(lo), xq);                 \
        r1 = vmlal_high_s16(r1, lo, xx);                          \
        r2 = vmlal_s16(r2, vget_low_s16(hi), xq);                 \
        r3 = vmlal_high_s16(r3, hi, xx);                          \
    } while (0)
            DEEPMOUSE_SMLAL_GROUP(0, a0, a1, a2, a3);
            DEEPMOUSE_SMLAL_GROUP(1, a4, a5, a6, a7);
            DEEPMOUSE_SMLAL_GROUP(2, a8, a9, a10, a11);
            DEEPMOUSE_SMLAL_GROUP(3, a12, a13, a14, a15);
#undef DEEPMOUSE_SMLAL_GROUP
        }
        deepmouse_neon_store_rows(out, vpaddq_s32(vpaddq_s32(a0, a1), vpaddq_s32(a2, a3)), 16 * b, rows);
        deepmouse_neon_store_rows(out, vpaddq_s32(vpaddq_s32(a4, a5), vpaddq_s32(a6, a7)), 16 * b + 4, rows);
        deepmouse_neon_store_rows(out, vpaddq_s32(vpaddq_s32(a8, a9), vpaddq_s32(a10, a11)), 16 * b + 8, rows);
        deepmouse_neon_store_rows(out, vpaddq_s32(vpaddq_s32(a12, a13), vpaddq_s32(a14, a15)), 16 * b + 12, rows);
    }
}

/// The same product with `sdot` (16 int8 MACs per instruction). The int16 inputs are split into bytes,
/// x = 256 * hi + lo' + 128 with hi = x >> 8 and lo' = (x & 255) - 128 (both int8), so
/// sum_i x_i w_ij = 256 * sum hi_i w_ij + sum lo'_i w_ij + 128 * sum_i w_ij, the last term stored after the
/// weights: two `sdot` (by lane of a quad of inputs) per 16 weight bytes. Needs the CPU's FEAT_DotProd.
__attribute__((target("dotprod")))
static inline void deepmouse_neon_dot_product_s16s8(int32_t *out, const int16_t *x, const int8_t *w, int count,
                                                    int rows) {
    const int quads = (count + 3) / 4;
    const int blocks = (rows + 15) / 16;
    // The inputs' bytes, 4 per quad, padded with zeros to a multiple of 4 quads (16 bytes).
    int8_t hiBytes[DEEPMOUSE_ARM64_MAX_INPUTS + 16] __attribute__((aligned(16)));
    int8_t loBytes[DEEPMOUSE_ARM64_MAX_INPUTS + 16] __attribute__((aligned(16)));
    int i = 0;
    for (; i + 8 <= count; i += 8) {
        const int16x8_t v = vld1q_s16(x + i);
        vst1_s8(hiBytes + i, vshrn_n_s16(v, 8));
        vst1_s8(loBytes + i, veor_s8(vmovn_s16(v), vdup_n_s8((int8_t)0x80)));
    }
    for (; i < count; i++) {
        hiBytes[i] = (int8_t)(x[i] >> 8);
        loBytes[i] = (int8_t)(((uint8_t)x[i]) ^ 0x80u);
    }
    for (; i < 4 * quads + 16; i++) hiBytes[i] = loBytes[i] = 0;
    const int32_t *corrections = (const int32_t *)(w + (long)16 * blocks * 4 * quads);
    for (int b = 0; b < blocks; b++) {
        int32x4_t h0 = vdupq_n_s32(0), h1 = h0, h2 = h0, h3 = h0, l0 = h0, l1 = h0, l2 = h0, l3 = h0;
        const int8_t *p = w + (long)b * 64 * quads;
        int q = 0;
        for (; q + 4 <= quads; q += 4) {
            const int8x16_t hv = vld1q_s8(hiBytes + 4 * q);
            const int8x16_t lv = vld1q_s8(loBytes + 4 * q);
#define DEEPMOUSE_DOT_QUAD(lane)                                                  \
    do {                                                                          \
        const int8x16_t w0 = vld1q_s8(p), w1 = vld1q_s8(p + 16);                  \
        const int8x16_t w2 = vld1q_s8(p + 32), w3 = vld1q_s8(p + 48);             \
        h0 = vdotq_laneq_s32(h0, w0, hv, lane);                                   \
        l0 = vdotq_laneq_s32(l0, w0, lv, lane);                                   \
        h1 = vdotq_laneq_s32(h1, w1, hv, lane);                                   \
        l1 = vdotq_laneq_s32(l1, w1, lv, lane);                                   \
        h2 = vdotq_laneq_s32(h2, w2, hv, lane);                                   \
        l2 = vdotq_laneq_s32(l2, w2, lv, lane);                                   \
        h3 = vdotq_laneq_s32(h3, w3, hv, lane);                                   \
        l3 = vdotq_laneq_s32(l3, w3, lv, lane);                                   \
        p += 64;                                                                  \
    } while (0)
            DEEPMOUSE_DOT_QUAD(0);
            DEEPMOUSE_DOT_QUAD(1);
            DEEPMOUSE_DOT_QUAD(2);
            DEEPMOUSE_DOT_QUAD(3);
        }
        if (q < quads) {  // the last 1 to 3 quads: lanes past `quads` hold zeros, never paired with weights
            const int8x16_t hv = vld1q_s8(hiBytes + 4 * q);
            const int8x16_t lv = vld1q_s8(loBytes + 4 * q);
            DEEPMOUSE_DOT_QUAD(0);
            if (q + 1 < quads) DEEPMOUSE_DOT_QUAD(1);
            if (q + 2 < quads) DEEPMOUSE_DOT_QUAD(2);
        }
#undef DEEPMOUSE_DOT_QUAD
        const int32_t *c = corrections + 16 * b;
        const int32x4_t s0 = vaddq_s32(vaddq_s32(vshlq_n_s32(h0, 8), l0), vld1q_s32(c));
        const int32x4_t s1 = vaddq_s32(vaddq_s32(vshlq_n_s32(h1, 8), l1), vld1q_s32(c + 4));
        const int32x4_t s2 = vaddq_s32(vaddq_s32(vshlq_n_s32(h2, 8), l2), vld1q_s32(c + 8));
        const int32x4_t s3 = vaddq_s32(vaddq_s32(vshlq_n_s32(h3, 8), l3), vld1q_s32(c + 12));
        deepmouse_neon_store_rows(out, s0, 16 * b, rows);
        deepmouse_neon_store_rows(out, s1, 16 * b + 4, rows);
        deepmouse_neon_store_rows(out, s2, 16 * b + 8, rows);
        deepmouse_neon_store_rows(out, s3, 16 * b + 12, rows);
    }
}

/// ((acc + bias) * m + 2^(s-1)) >> s for four rows in 64-bit lanes (smull, srshl by -s: the rounding shift
/// adds 2^(s-1) exactly), saturated to int32 (sqxtn; the callers clamp further).
static inline int32x4_t deepmouse_neon_requantized(const int32_t *acc, const int32_t *bias, const int32_t *m,
                                                   const int32_t *s) {
    const int32x4_t a = vaddq_s32(vld1q_s32(acc), vld1q_s32(bias));
    const int32x4_t mv = vld1q_s32(m);
    const int32x4_t minus = vnegq_s32(vld1q_s32(s));
    const int64x2_t lo = vrshlq_s64(vmull_s32(vget_low_s32(a), vget_low_s32(mv)), vmovl_s32(vget_low_s32(minus)));
    const int64x2_t hi = vrshlq_s64(vmull_high_s32(a, mv), vmovl_high_s32(minus));
    return vcombine_s32(vqmovn_s64(lo), vqmovn_s64(hi));
}

/// The same rule for one row (the tails), in 64 bits.
static inline int64_t deepmouse_requantized_one(int32_t acc, int32_t bias, int32_t m, int32_t s) {
    const int64_t v = (int64_t)(int32_t)((uint32_t)acc + (uint32_t)bias) * (int64_t)m;
    return (v + ((int64_t)1 << (s - 1))) >> s;
}

/// acc[j] = clamp(requant(acc[j] + bias[j]), -2^24, 2^24): DeepMouseCore's `requantizeRowsToGateS32`.
static inline void deepmouse_neon_requantize_to_gate(int32_t *acc, const int32_t *bias, const int32_t *m,
                                                     const int32_t *s, int count) {
    const int32x4_t low = vdupq_n_s32(-16777216), high = vdupq_n_s32(16777216);
    int j = 0;
    for (; j + 4 <= count; j += 4) {
        const int32x4_t v = deepmouse_neon_requantized(acc + j, bias + j, m + j, s + j);
        vst1q_s32(acc + j, vminq_s32(vmaxq_s32(v, low), high));
    }
    for (; j < count; j++) {
        const int64_t v = deepmouse_requantized_one(acc[j], bias[j], m[j], s[j]);
        acc[j] = (int32_t)(v < -16777216 ? -16777216 : v > 16777216 ? 16777216 : v);
    }
}

/// out[o] = clamp(requant(acc[o] + bias[o]), 0, 32767): a conv position's requantization and ReLU
/// (DeepMouseCore's `conv1dS16`).
static inline void deepmouse_neon_requantize_relu_s16(int16_t *out, const int32_t *acc, const int32_t *bias,
                                                      const int32_t *m, const int32_t *s, int count) {
    int j = 0;
    for (; j + 4 <= count; j += 4) {
        const int32x4_t v = vmaxq_s32(deepmouse_neon_requantized(acc + j, bias + j, m + j, s + j), vdupq_n_s32(0));
        vst1_s16(out + j, vqmovn_s32(v));
    }
    for (; j < count; j++) {
        const int64_t v = deepmouse_requantized_one(acc[j], bias[j], m[j], s[j]);
        out[j] = (int16_t)(v < 0 ? 0 : v > 32767 ? 32767 : v);
    }
}

/// The activation-table rule (ActivationTable.lookupS16(saturating:)) in four lanes: one 32-bit load of
/// (t[i], t[i+1]) per lane, interpolated in the lanes.
static inline int32x4_t deepmouse_neon_lookup(const int16_t *table, int32x4_t v) {
    const int32x4_t u = vaddq_s32(vmovl_s16(vqmovn_s32(v)), vdupq_n_s32(32768));
    const int32x4_t index = vshrq_n_s32(u, 7);
    const int32x4_t fraction = vandq_s32(u, vdupq_n_s32(127));
    int32_t pairs[4];
    __builtin_memcpy(&pairs[0], table + vgetq_lane_s32(index, 0), 4);
    __builtin_memcpy(&pairs[1], table + vgetq_lane_s32(index, 1), 4);
    __builtin_memcpy(&pairs[2], table + vgetq_lane_s32(index, 2), 4);
    __builtin_memcpy(&pairs[3], table + vgetq_lane_s32(index, 3), 4);
    const int32x4_t pair = vld1q_s32(pairs);
    const int32x4_t a = vshrq_n_s32(vshlq_n_s32(pair, 16), 16);
    const int32x4_t b = vshrq_n_s32(pair, 16);
    return vaddq_s32(a, vshrq_n_s32(vaddq_s32(vmulq_s32(vsubq_s32(b, a), fraction), vdupq_n_s32(64)), 7));
}

/// One lane's table rule (the tails).
static inline int32_t deepmouse_lookup_one(const int16_t *table, int32_t v) {
    const int32_t u = (v < -32768 ? -32768 : v > 32767 ? 32767 : v) + 32768;
    const int32_t a = table[u >> 7], b = table[(u >> 7) + 1];
    return a + (((b - a) * (u & 127) + 64) >> 7);
}

/// The gates and update of all H units in place on h (DeepMouseCore's `gruGatesS16`, four units at a time):
/// z = sigma(xz + hz), r = sigma(xr + hr), n = tanh(xn + round(r * hn / 2^15)), h' = sat16(n + round(z (h - n) / 2^15)),
/// r * hn split exactly in 32-bit lanes as there (hn = 2^15 a + b).
static inline void deepmouse_neon_gates(int16_t *h, const int32_t *x, const int32_t *rec, const int16_t *sigmoid,
                                        const int16_t *tanh, int count) {
    const int32_t *xz = x, *xr = x + count, *xn = x + 2 * count;
    const int32_t *hz = rec, *hr = rec + count, *hn = rec + 2 * count;
    int i = 0;
    for (; i + 4 <= count; i += 4) {
        const int32x4_t z = deepmouse_neon_lookup(sigmoid, vaddq_s32(vld1q_s32(xz + i), vld1q_s32(hz + i)));
        const int32x4_t r = deepmouse_neon_lookup(sigmoid, vaddq_s32(vld1q_s32(xr + i), vld1q_s32(hr + i)));
        const int32x4_t n0 = vld1q_s32(hn + i);
        const int32x4_t low = vshrq_n_s32(
            vaddq_s32(vmulq_s32(r, vandq_s32(n0, vdupq_n_s32(0x7fff))), vdupq_n_s32(0x4000)), 15);
        const int32x4_t gated = vaddq_s32(vmulq_s32(r, vshrq_n_s32(n0, 15)), low);
        const int32x4_t n = deepmouse_neon_lookup(tanh, vaddq_s32(vld1q_s32(xn + i), gated));
        const int32x4_t old = vmovl_s16(vld1_s16(h + i));
        const int32x4_t updated =
            vaddq_s32(n, vshrq_n_s32(vaddq_s32(vmulq_s32(z, vsubq_s32(old, n)), vdupq_n_s32(0x4000)), 15));
        vst1_s16(h + i, vqmovn_s32(updated));
    }
    for (; i < count; i++) {
        const int32_t z = deepmouse_lookup_one(sigmoid, xz[i] + hz[i]);
        const int32_t r = deepmouse_lookup_one(sigmoid, xr[i] + hr[i]);
        const int32_t gated = (int32_t)(((int64_t)r * hn[i] + 16384) >> 15);
        const int32_t n = deepmouse_lookup_one(tanh, xn[i] + gated);
        const int32_t updated = n + ((z * (h[i] - n) + 0x4000) >> 15);
        h[i] = (int16_t)(updated < -32768 ? -32768 : updated > 32767 ? 32767 : updated);
    }
}

/// One GRU step in place on h (DeepMouseCore's `gruStepS16`) with plain NEON: the recurrent product, its
/// requantization into Q.12 and the gates.
///
/// - h: (H) int16 Q0.15; x: (3H) int32 Q.12 input projections; w: RowQuadsLayoutS8 of (3H x H)
/// - bias, m, s: (3H) int32; sigmoid, tanh: 513 entries; scratch: (3H) int32
/// - hiddenIsZero: h is all zeros (the first step): the product is not computed
static inline void deepmouse_neon_gru_step(int16_t *h, const int32_t *x, const int8_t *w, const int32_t *bias,
                                           const int32_t *m, const int32_t *s, const int16_t *sigmoid,
                                           const int16_t *tanh, int count, int32_t *scratch, int hiddenIsZero) {
    const int rows = 3 * count;
    if (hiddenIsZero) {
        for (int j = 0; j < rows; j++) scratch[j] = 0;
    } else {
        deepmouse_neon_product_s16s8(scratch, h, w, count, rows);
    }
    deepmouse_neon_requantize_to_gate(scratch, bias, m, s, rows);
    deepmouse_neon_gates(h, x, scratch, sigmoid, tanh, count);
}

/// The same step with the `sdot` product (the CPU must have FEAT_DotProd).
__attribute__((target("dotprod")))
static inline void deepmouse_neon_dot_gru_step(int16_t *h, const int32_t *x, const int8_t *w, const int32_t *bias,
                                               const int32_t *m, const int32_t *s, const int16_t *sigmoid,
                                               const int16_t *tanh, int count, int32_t *scratch, int hiddenIsZero) {
    const int rows = 3 * count;
    if (hiddenIsZero) {
        for (int j = 0; j < rows; j++) scratch[j] = 0;
    } else {
        deepmouse_neon_dot_product_s16s8(scratch, h, w, count, rows);
    }
    deepmouse_neon_requantize_to_gate(scratch, bias, m, s, rows);
    deepmouse_neon_gates(h, x, scratch, sigmoid, tanh, count);
}

#else
static inline unsigned deepmouse_arm64_features(void) { return 0; }
#endif

#endif
