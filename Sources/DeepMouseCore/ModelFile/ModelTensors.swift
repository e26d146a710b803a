/// The located tensors of one conv layer.
public struct ConvTensors: Sendable {
    public var weight: TensorRef  // int8 (K, Cin, Cout)
    public var bias: TensorRef  // int32 (Cout)
    public var multipliers: TensorRef  // int32 (Cout)
    public var shifts: TensorRef  // int32 (Cout)
    public var weightScale: TensorRef  // float32 (Cout), informational
    public var outputScale: TensorRef  // float32 (1), informational
    static let empty = ConvTensors(
        weight: .init(offset: 0, count: 0), bias: .init(offset: 0, count: 0),
        multipliers: .init(offset: 0, count: 0), shifts: .init(offset: 0, count: 0),
        weightScale: .init(offset: 0, count: 0), outputScale: .init(offset: 0, count: 0))
}

/// Every tensor a model needs, found by name and checked against the architecture.
/// Names (the exporter writes exactly these):
/// `conv{i}.weight|bias|multiplier|shift|weight_scale|output_scale`,
/// `gru.w_x|w_h|b_x|b_h|x_multiplier|x_shift|h_multiplier|h_shift|w_x_scale|w_h_scale`,
/// `dense.weight|bias|multiplier|shift|weight_scale`, `lut.sigmoid`, `lut.tanh`,
/// `input.normalization` (f32: offset x, y, scale x, y, still threshold, input scale),
/// `input.still_bound` (i64 x 2), `golden.input` (i16 W x 2), `golden.output`
/// (i32: p_left Q15, logit Q.12, idle), `provenance` (UTF-8 text, optional), `decision` (i32 x 5, optional: the
/// decision layer's parameters chosen for this model, see `DecisionParameters`), `decision.cusum` (i32 x 6, optional:
/// the calibrated change detector's, see `ChangeDetectorParameters`; when present the daemon decides with it),
/// `arch`. A reader ignores entries it does not know, so optional entries need no new format version.
public struct ModelTensors: Sendable {
    public var conv: InlineArray<3, ConvTensors>
    public var gruInputWeights: TensorRef, gruRecurrentWeights: TensorRef
    public var gruInputBias: TensorRef, gruRecurrentBias: TensorRef
    public var gruInputMultipliers: TensorRef, gruInputShifts: TensorRef
    public var gruRecurrentMultipliers: TensorRef, gruRecurrentShifts: TensorRef
    public var gruInputWeightScale: TensorRef, gruRecurrentWeightScale: TensorRef
    public var denseWeight: TensorRef, denseBias: TensorRef, denseMultiplier: TensorRef, denseShift: TensorRef
    public var denseWeightScale: TensorRef
    public var sigmoidTable: TensorRef, tanhTable: TensorRef
    public var normalization: TensorRef, stillBound: TensorRef
    public var goldenInput: TensorRef, goldenOutput: TensorRef
    public var provenance: TensorRef?
    /// i32 x 5: retention Q15, threshold Q8, cap Q8, idle hops to unknown, minimum hops between changes.
    public var decision: TensorRef?
    /// i32 x 6: Platt scale Q16, Platt offset Q16, threshold Q12, head start Q12, pause hops, idle hops to unknown.
    public var changeDetector: TensorRef?

    static func convName(_ layer: Int, _ part: Int) -> StaticString {
        switch (layer, part) {
        case (0, 0): return "conv0.weight"
        case (0, 1): return "conv0.bias"
        case (0, 2): return "conv0.multiplier"
        case (0, 3): return "conv0.shift"
        case (0, 4): return "conv0.weight_scale"
        case (0, 5): return "conv0.output_scale"
        case (1, 0): return "conv1.weight"
        case (1, 1): return "conv1.bias"
        case (1, 2): return "conv1.multiplier"
        case (1, 3): return "conv1.shift"
        case (1, 4): return "conv1.weight_scale"
        case (1, 5): return "conv1.output_scale"
        case (2, 0): return "conv2.weight"
        case (2, 1): return "conv2.bias"
        case (2, 2): return "conv2.multiplier"
        case (2, 3): return "conv2.shift"
        case (2, 4): return "conv2.weight_scale"
        default: return "conv2.output_scale"
        }
    }

    init(table: ModelFileTable, architecture a: ModelArchitecture) throws(ModelFileError) {
        conv = InlineArray(repeating: .empty)
        for i in 0..<Int(a.convCount) {
            let k = a.convKernel[i]
            let cin = a.channels(enteringLayer: i)
            let cout = a.convFilters[i]
            conv[i] = ConvTensors(
                weight: try table.require(Self.convName(i, 0), .int8, k, cin, cout),
                bias: try table.require(Self.convName(i, 1), .int32, cout),
                multipliers: try table.require(Self.convName(i, 2), .int32, cout),
                shifts: try table.require(Self.convName(i, 3), .int32, cout),
                weightScale: try table.require(Self.convName(i, 4), .float32, cout),
                outputScale: try table.require(Self.convName(i, 5), .float32, 1))
        }
        let h = a.hidden
        let g = 3 * a.hidden
        let cin = a.featureChannels
        gruInputWeights = try table.require("gru.w_x", .int8, cin, g)
        gruRecurrentWeights = try table.require("gru.w_h", .int8, h, g)
        gruInputBias = try table.require("gru.b_x", .int32, g)
        gruRecurrentBias = try table.require("gru.b_h", .int32, g)
        gruInputMultipliers = try table.require("gru.x_multiplier", .int32, g)
        gruInputShifts = try table.require("gru.x_shift", .int32, g)
        gruRecurrentMultipliers = try table.require("gru.h_multiplier", .int32, g)
        gruRecurrentShifts = try table.require("gru.h_shift", .int32, g)
        gruInputWeightScale = try table.require("gru.w_x_scale", .float32, g)
        gruRecurrentWeightScale = try table.require("gru.w_h_scale", .float32, g)
        denseWeight = try table.require("dense.weight", .int8, h, 1)
        denseBias = try table.require("dense.bias", .int32, 1)
        denseMultiplier = try table.require("dense.multiplier", .int32, 1)
        denseShift = try table.require("dense.shift", .int32, 1)
        denseWeightScale = try table.require("dense.weight_scale", .float32, 1)
        sigmoidTable = try table.require("lut.sigmoid", .int16, ActivationTable.entryCount)
        tanhTable = try table.require("lut.tanh", .int16, ActivationTable.entryCount)
        normalization = try table.require("input.normalization", .float32, 6)
        stillBound = try table.require("input.still_bound", .int64, 2)
        goldenInput = try table.require("golden.input", .int16, a.window, 2)
        goldenOutput = try table.require("golden.output", .int32, 3)
        if let index = table.find("provenance") {
            let e = try table.entry(index)
            guard e.dtype == .uint8, e.rank == 1 else { throw .badShape(name: "provenance") }
            provenance = TensorRef(offset: e.offset, count: e.elementCount)
        } else {
            provenance = nil
        }
        decision = table.find("decision") != nil ? try table.require("decision", .int32, 5) : nil
        changeDetector =
            table.find("decision.cusum") != nil
            ? try table.require("decision.cusum", .int32, Int32(ChangeDetectorField.count)) : nil
    }
}
