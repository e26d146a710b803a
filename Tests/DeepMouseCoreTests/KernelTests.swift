import DeepMouseCore
import Testing

/// Each integer kernel on a case small enough to compute by hand (the comments show how).
@Suite struct KernelTests {
    let half: (Int32, Int32) = (1 << 30, 31)  // multiplier 0.5

    @Test func conv1dAddsBiasRequantizesAndClampsAtZero() {
        let weights: [Int16] = [2, -1]  // (Cout 1, K 2, Cin 1)
        let bias: [Int32] = [10]
        let mult: [Int32] = [half.0]
        let shift: [Int32] = [half.1]
        var out = [Int16](repeating: -1, count: 3)
        let input: [Int16] = [3, 5, 1, 40]
        weights.withUnsafeBufferPointer { w in
            bias.withUnsafeBufferPointer { b in
                mult.withUnsafeBufferPointer { m in
                    shift.withUnsafeBufferPointer { s in
                        let p = Conv1DS16Parameters(
                            weights: w.baseAddress!, bias: b.baseAddress!, multipliers: m.baseAddress!,
                            shifts: s.baseAddress!, kernel: 2, inChannels: 1, outChannels: 1)
                        input.withUnsafeBufferPointer { x in
                            conv1dS16(output: &out, input: x.baseAddress!, outputCount: 3, parameters: p)
                        }
                    }
                }
            }
        }
        // 3*2 - 5 + 10 = 11 -> 5.5 -> 6;  5*2 - 1 + 10 = 19 -> 9.5 -> 10;  1*2 - 40 + 10 = -28 -> -14 -> ReLU 0
        #expect(out == [6, 10, 0])
    }

    @Test func maxPoolTakesTheLargerOfTwoRows() {
        var out = [Int16](repeating: 0, count: 3)
        maxPool2S16(output: &out, a: [1, -5, 7], b: [2, -6, 7], channels: 3)
        #expect(out == [2, -5, 7])
    }

    @Test func gruStepMatchesTheHandComputation() {
        // Linear stand-in tables: sigmoid t[i] = 64 i, tanh t[i] = 128 (i - 256) (clamped).
        let sigmoid = (0..<513).map { Int16(clamping: $0 * 64) }
        let tanh = (0..<513).map { Int16(clamping: ($0 - 256) * 128) }
        let wh: [Int8] = [2, 4, -8]  // rows z, r, n of (3H, H) with H = 1
        let wx: [Int16] = [0, 0, 0]
        let zeros: [Int32] = [0, 0, 0]
        let mults: [Int32] = [half.0, half.0, half.0]
        let shifts: [Int32] = [half.1, half.1, half.1]
        var h: [Int16] = [16384]  // 0.5
        let x: [Int32] = [-8192, -24576, 4096]  // xz = -2.0, xr = -6.0, xn = 1.0 (Q.12)
        var scratch = [Int32](repeating: 0, count: 3)
        sigmoid.withUnsafeBufferPointer { sg in
            tanh.withUnsafeBufferPointer { th in
                let p = GRUS16Parameters(
                    inputWeights: wx.withUnsafeBufferPointer { $0.baseAddress! },
                    recurrentWeights: UnsafeRawPointer(wh.withUnsafeBufferPointer { $0.baseAddress! }),
                    recurrentLayout: .rowsS8,
                    inputBias: zeros.withUnsafeBufferPointer { $0.baseAddress! },
                    recurrentBias: zeros.withUnsafeBufferPointer { $0.baseAddress! },
                    inputMultipliers: mults.withUnsafeBufferPointer { $0.baseAddress! },
                    inputShifts: shifts.withUnsafeBufferPointer { $0.baseAddress! },
                    recurrentMultipliers: mults.withUnsafeBufferPointer { $0.baseAddress! },
                    recurrentShifts: shifts.withUnsafeBufferPointer { $0.baseAddress! },
                    sigmoid: ActivationTable(entries: sg.baseAddress!),
                    tanh: ActivationTable(entries: th.baseAddress!), inChannels: 1, hidden: 1)
                withExtendedLifetime((wh, wx, zeros, mults, shifts)) {
                    scratch.withUnsafeMutableBytes { s in
                        gruStepS16(hidden: &h, inputProjection: x, parameters: p, scratch: s.baseAddress!)
                    }
                }
            }
        }
        // h·Wh * 0.5 = (16384, 32768, -65536) = (4.0, 8.0, -16.0) in Q.12
        // z = t[(8192 + 32768) >> 7 = 320] = 20480 (0.625), r = 20480 likewise
        // n = tanh(4096 + round(20480 * -65536 / 2^15) = 4096 - 40960 -> saturates -32768) = t[0] = -32768
        // h' = -32768 + round(20480 * (16384 + 32768) / 2^15) = -32768 + 30720 = -2048 (= -0.0625)
        #expect(h == [-2048])
        #expect(scratch == [16384, 32768, -65536])
    }

    @Test func denseIsADotProductRequantizedToQ12() {
        let h: [Int16] = [16384, -8192]
        let w: [Int16] = [3, 5]
        // 16384*3 - 8192*5 + 100 = 8292 -> * 0.5 = 4146
        let logit = denseS16(
            hidden: h, weights: w, bias: 100,
            multiplier: QuantizedMultiplier(multiplier: half.0, shift: half.1), count: 2)
        #expect(logit == 4146)
    }

    @Test func dotProductsAgreeWithANaiveSum() {
        var seed: UInt32 = 12345
        func next() -> Int16 {
            seed = seed &* 1_664_525 &+ 1_013_904_223
            return Int16(truncatingIfNeeded: seed >> 16)
        }
        let n = 131
        let a = (0..<n).map { _ in next() }
        let rows = (0..<(4 * n)).map { _ in next() % 128 }
        var expected = [Int64](repeating: 0, count: 4)
        for r in 0..<4 { for i in 0..<n { expected[r] += Int64(a[i]) * Int64(rows[r * n + i]) } }
        rows.withUnsafeBufferPointer { r in
            for k in 0..<4 { #expect(Int64(dotS16(a, r.baseAddress! + k * n, count: n)) == expected[k]) }
        }
    }

    @Test func crc32MatchesTheStandardCheckValue() {
        let bytes = Array("123456789".utf8)
        #expect(bytes.withUnsafeBytes { CRC32.checksum($0) } == 0xCBF4_3926)
    }
}
