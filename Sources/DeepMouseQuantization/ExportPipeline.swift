import DeepMouseCore

/// Float checkpoint -> quantized model with its golden self-test, from raw motion windows
/// ((W, 2) device deltas in the model's unit, row-major): calibrate through the float
/// reference, quantize, pick the first moving window as the golden input and store the
/// integer reference's output for it.
public enum ExportPipeline {
    /// `(d - offset) / scale` per axis, as the trainer normalises.
    public static func normalized(_ raw: [Float], _ p: FloatGRUModel.Preprocessing) -> [Double] {
        raw.enumerated().map { i, d in
            i % 2 == 0 ? (Double(d) - p.offset.x) / p.scale.x : (Double(d) - p.offset.y) / p.scale.y
        }
    }

    public static func normalized(_ raw: [Int32], _ p: FloatGRUModel.Preprocessing) -> [Double] {
        raw.enumerated().map { i, d in
            i % 2 == 0 ? (Double(d) - p.offset.x) / p.scale.x : (Double(d) - p.offset.y) / p.scale.y
        }
    }

    /// The no-motion rule of the float pipeline: population std of dx or dy <= threshold.
    public static func isStill(_ raw: [Int32], threshold: Double) -> Bool {
        isStill(raw.map(Float.init), threshold: threshold)
    }

    public static func isStill(_ raw: [Float], threshold: Double) -> Bool {
        let n = Double(raw.count / 2)
        for axis in 0..<2 {
            var s = 0.0
            var s2 = 0.0
            for i in stride(from: axis, to: raw.count, by: 2) {
                s += Double(raw[i])
                s2 += Double(raw[i]) * Double(raw[i])
            }
            let mean = s / n
            if (s2 / n - mean * mean).squareRoot() <= threshold { return true }
        }
        return false
    }

    public static func quantize(
        model: FloatGRUModel, calibrationWindows raw: [[Int32]], hop: Int = 8,
        provenance: String = ""
    ) throws(ExportError) -> QuantizedModel {
        try quantize(model: model, calibrationWindows: raw.map { $0.map(Float.init) }, hop: hop, provenance: provenance)
    }

    /// Raw windows ((W, 2) deltas in the model's unit, not normalised), any unit.
    public static func quantize(
        model: FloatGRUModel, calibrationWindows raw: [[Float]], hop: Int = 8,
        provenance: String = ""
    ) throws(ExportError) -> QuantizedModel {
        try model.validate()
        let moving = raw.filter {
            $0.count == 2 * model.window && !isStill($0, threshold: model.preprocessing.stillThreshold)
        }
        guard !moving.isEmpty else { throw .noCalibrationData }
        let quantizer = Quantizer(model: model)
        let ranges = quantizer.calibrate(moving.map { normalized($0, model.preprocessing) })
        var q = try quantizer.quantize(ranges: ranges, hop: hop, provenance: provenance)
        let scaler = try inputScaler(q)
        let reference = FixedPointReference(model: q)
        for window in moving {
            let input = quantizedInput(window, q, scaler)
            if reference.isStill(input) { continue }
            let out = reference.classify(input)
            q.goldenInput = input
            q.goldenOutput = [Int32(out.pLeftQ15), out.logitQ12, 0]
            return q
        }
        throw .noCalibrationData
    }

    /// The input scaler the board will build for this model (device unit = model unit).
    public static func inputScaler(_ q: QuantizedModel) throws(ExportError) -> InputScaler {
        let n = q.normalization.map(Double.init)
        guard let x = InputScaler.Axis(gain: 1 / (n[2] * n[5]), offset: n[0] / (n[2] * n[5])),
            let y = InputScaler.Axis(gain: 1 / (n[3] * n[5]), offset: n[1] / (n[3] * n[5]))
        else { throw .unsupported("input scale out of range") }
        return InputScaler(x: x, y: y)
    }

    public static func quantizedInput(_ raw: [Int32], _ scaler: InputScaler) -> [Int16] {
        raw.enumerated().map { i, d in i % 2 == 0 ? scaler.x.scaled(d) : scaler.y.scaled(d) }
    }

    /// Raw windows in any unit: integral values (px, counts) go through the board's
    /// `InputScaler`; fractional ones (mm) through the same formula in Double.
    public static func quantizedInput(_ raw: [Float], _ q: QuantizedModel, _ scaler: InputScaler) -> [Int16] {
        let n = q.normalization.map(Double.init)
        return raw.enumerated().map { i, v in
            let axis = i % 2
            if v == v.rounded(), abs(v) < 2e9 {
                return axis == 0 ? scaler.x.scaled(Int32(v)) : scaler.y.scaled(Int32(v))
            }
            let x = (Double(v) - n[axis]) / (n[2 + axis] * n[5])
            return Int16(max(-32768, min(32767, (x + 0.5).rounded(.down))))
        }
    }
}
