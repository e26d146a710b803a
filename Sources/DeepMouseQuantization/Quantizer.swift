import DeepMouseCore
import Foundation

/// Post-training quantization of a `FloatGRUModel` into the engine's 16x8 scheme:
/// int8 weights with per-output-channel scales (max |w| / 127), symmetric int16 activations
/// whose scales come from calibration (max |a| / 32767 over the calibration windows, through
/// the float reference), hidden state Q0.15, gate pre-activations Q3.12, int32 biases in each
/// accumulator's scale, and one `QuantizedMultiplier` per output channel or gate row.
public struct Quantizer {
    public let model: FloatGRUModel
    /// Activation ranges are the calibrated max |a| times this: windows outside the calibration
    /// set (bigger strokes) saturate less, at the price of one bit of the int16's fifteen.
    public var headroom: Double
    public init(model: FloatGRUModel, headroom: Double = 2) {
        self.model = model
        self.headroom = headroom
    }

    /// Largest |value| of the input and of each conv block's output over `windows`.
    public struct Ranges: Sendable {
        public var input: Double = 0
        public var convOutputs: [Double] = []
    }

    /// Runs the float reference over calibration windows ((W, 2) normalised each).
    public func calibrate(_ windows: [[Double]]) -> Ranges {
        var ranges = Ranges(input: 0, convOutputs: Array(repeating: 0, count: model.convs.count))
        let reference = FloatReference(model: model)
        for w in windows {
            for v in w { ranges.input = max(ranges.input, abs(v)) }
            let trace = reference.forward(w)
            for (i, out) in trace.convOutputs.enumerated() {
                for v in out { ranges.convOutputs[i] = max(ranges.convOutputs[i], abs(v)) }
            }
        }
        return ranges
    }

    static func weightScales(_ w: [Float], rows: Int, columns: Int) -> [Float] {
        // w is (rows, columns) row-major; one scale per column (output channel).
        (0..<columns).map { c in
            var m: Float = 0
            for r in 0..<rows { m = max(m, abs(w[r * columns + c])) }
            return m > 0 ? m / 127 : 1
        }
    }

    static func quantize(_ w: [Float], rows: Int, columns: Int, scales: [Float]) -> [Int8] {
        var q = [Int8](repeating: 0, count: w.count)
        for r in 0..<rows {
            for c in 0..<columns {
                q[r * columns + c] = Int8(max(-127, min(127, (w[r * columns + c] / scales[c]).rounded())))
            }
        }
        return q
    }

    static func bias(_ b: Float, scale: Double) -> Int32 {
        Int32(max(-1_073_741_824, min(1_073_741_824, (Double(b) / scale).rounded())))
    }

    static func multiplier(_ real: Double) throws(ExportError) -> QuantizedMultiplier {
        guard let m = QuantizedMultiplier.approximating(real) else {
            throw .unsupported("requantization factor \(real) out of range")
        }
        return m
    }

    /// Quantizes with the given ranges; golden input/output are filled by `Exporter`.
    public func quantize(ranges: Ranges, hop: Int = 8, provenance: String = "") throws(ExportError) -> QuantizedModel {
        try model.validate()
        let pre = model.preprocessing
        let inputScale = Double(Float(max(ranges.input * headroom, 1e-3) / 32767))  // as stored in the file
        var convs: [QuantizedModel.Conv] = []
        var scaleIn = inputScale
        for (i, c) in model.convs.enumerated() {
            let cin = model.channels(enteringLayer: i)
            let w = model.tensor("conv\(i).weight")
            let b = model.tensor("conv\(i).bias")
            let ws = Self.weightScales(w, rows: c.kernel * cin, columns: c.filters)
            let outScale = max(ranges.convOutputs[i] * headroom, 1e-3) / 32767
            var mults: [QuantizedMultiplier] = []
            for o in 0..<c.filters { mults.append(try Self.multiplier(scaleIn * Double(ws[o]) / outScale)) }
            convs.append(
                .init(
                    kernel: c.kernel, inChannels: cin, outChannels: c.filters,
                    weight: Self.quantize(w, rows: c.kernel * cin, columns: c.filters, scales: ws),
                    bias: (0..<c.filters).map { Self.bias(b[$0], scale: scaleIn * Double(ws[$0])) },
                    multipliers: mults, weightScale: ws,
                    inputScale: Float(scaleIn), outputScale: Float(outScale)))
            scaleIn = outScale
        }
        let h = model.hidden
        let g = 3 * h
        let cin = model.featureChannels
        let wx = model.tensor("gru.w_x")
        let wh = model.tensor("gru.w_h")
        let bx = model.tensor("gru.b_x")
        let bh = model.tensor("gru.b_h")
        let wxs = Self.weightScales(wx, rows: cin, columns: g)
        let whs = Self.weightScales(wh, rows: h, columns: g)
        let gate = Double(1 << ActivationTable.inputFractionBits)
        var xm: [QuantizedMultiplier] = []
        var hm: [QuantizedMultiplier] = []
        for j in 0..<g {
            xm.append(try Self.multiplier(scaleIn * Double(wxs[j]) * gate))
            hm.append(try Self.multiplier(Double(whs[j]) / 32768 * gate))
        }
        let gru = QuantizedModel.GRU(
            inChannels: cin, hidden: h,
            inputWeight: Self.quantize(wx, rows: cin, columns: g, scales: wxs),
            recurrentWeight: Self.quantize(wh, rows: h, columns: g, scales: whs),
            inputBias: (0..<g).map { Self.bias(bx[$0], scale: scaleIn * Double(wxs[$0])) },
            recurrentBias: (0..<g).map { Self.bias(bh[$0], scale: Double(whs[$0]) / 32768) },
            inputMultipliers: xm, recurrentMultipliers: hm, inputWeightScale: wxs, recurrentWeightScale: whs,
            featureScale: Float(scaleIn))
        let wd = model.tensor("dense.weight")
        let ds = Self.weightScales(wd, rows: h, columns: 1)[0]
        let dense = QuantizedModel.Dense(
            weight: Self.quantize(wd, rows: h, columns: 1, scales: [ds]),
            bias: Self.bias(model.tensor("dense.bias")[0], scale: Double(ds) / 32768),
            multiplier: try Self.multiplier(Double(ds) / 32768 * gate), weightScale: ds)

        var kernels = InlineArray<3, Int32>(repeating: 0)
        var filters = InlineArray<3, Int32>(repeating: 0)
        for (i, c) in model.convs.enumerated() {
            kernels[i] = Int32(c.kernel)
            filters[i] = Int32(c.filters)
        }
        guard model.convs.count <= 3 else { throw .unsupported("more than 3 conv layers") }
        guard hop > 0, hop % (1 << model.convs.count) == 0 else {
            throw .unsupported("hop \(hop) is not a positive multiple of 2^\(model.convs.count)")
        }
        let arch = ModelArchitecture(
            window: Int32(model.window), defaultHop: Int32(hop),
            sampleRateHz: Int32(pre.sampleRateHz), inputUnit: pre.unit,
            convKernel: kernels, convFilters: filters, convCount: Int32(model.convs.count),
            recurrentKind: .gru, hidden: Int32(h),
            inputCells: pre.movingSamplesOnly ? .moving : .every, readout: model.readout)
        // Still rule in q units: std(d) <= θ  <=>  W·Σq² − (Σq)² <= (W·θ/(scale·s_in))².
        let w = Double(model.window)
        let bound = { (scale: Double) -> Int64 in
            let v = w * pre.stillThreshold / (scale * inputScale)
            return Int64(min(v * v, 9e18).rounded(.down))
        }
        return QuantizedModel(
            architecture: arch, convs: convs, gru: gru, dense: dense,
            sigmoidTable: ActivationTables.sigmoid, tanhTable: ActivationTables.tanh,
            normalization: [
                Float(pre.offset.x), Float(pre.offset.y), Float(pre.scale.x), Float(pre.scale.y),
                Float(pre.stillThreshold), Float(inputScale)
            ],
            stillBound: [bound(pre.scale.x), bound(pre.scale.y)],
            goldenInput: [Int16](repeating: 0, count: 2 * model.window), goldenOutput: [16384, 0, 1],
            provenance: provenance)
    }
}
