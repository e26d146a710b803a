import DeepMouseCore
import Foundation

/// Everything a `.dmm` file holds, as Swift values: what `Quantizer` produces, what
/// `ModelFileWriter` serialises and what `FixedPointReference` runs.
public struct QuantizedModel: Sendable {
    /// One quantized Conv1D layer: int8 weights with per-output-channel scales, int32 biases.
    public struct Conv: Sendable {
        public var kernel: Int, inChannels: Int, outChannels: Int
        public var weight: [Int8]  // (K, Cin, Cout)
        public var bias: [Int32]  // (Cout), scale inputScale * weightScale[o]
        public var multipliers: [QuantizedMultiplier]  // (Cout) -> output scale
        public var weightScale: [Float]  // (Cout)
        public var inputScale: Float
        public var outputScale: Float
    }

    /// The quantized GRU: int8 kernels with a scale per output column, int32 biases, multipliers into Q.12 gate inputs.
    public struct GRU: Sendable {
        public var inChannels: Int, hidden: Int
        public var inputWeight: [Int8]  // (Cin, 3H)
        public var recurrentWeight: [Int8]  // (H, 3H)
        public var inputBias: [Int32]  // (3H), scale featureScale * inputWeightScale[j]
        public var recurrentBias: [Int32]  // (3H), scale 2^-15 * recurrentWeightScale[j]
        public var inputMultipliers: [QuantizedMultiplier]  // -> Q.12
        public var recurrentMultipliers: [QuantizedMultiplier]  // -> Q.12
        public var inputWeightScale: [Float]
        public var recurrentWeightScale: [Float]
        public var featureScale: Float
    }

    /// The quantized output layer: one unit whose Q.12 logit goes through the sigmoid table.
    public struct Dense: Sendable {
        public var weight: [Int8]  // (H)
        public var bias: Int32  // scale 2^-15 * weightScale
        public var multiplier: QuantizedMultiplier  // -> Q.12
        public var weightScale: Float
    }

    public var architecture: ModelArchitecture
    public var convs: [Conv]
    public var gru: GRU
    public var dense: Dense
    public var sigmoidTable: [Int16]
    public var tanhTable: [Int16]
    /// offset x, y, scale x, y, still threshold (stream unit), input scale (normalised units per q).
    public var normalization: [Float]
    /// Per axis: the window is still when W·Σq² − (Σq)² <= bound.
    public var stillBound: [Int64]
    public var goldenInput: [Int16]  // (W, 2)
    public var goldenOutput: [Int32]  // p_left Q15, logit Q.12, idle
    public var provenance: String
    /// The decision layer's parameters chosen for this model (the `decision` entry), or nil for the defaults.
    public var decision: DecisionParameters? = nil
    /// The calibrated change detector's parameters (the `decision.cusum` entry), or nil: the vote decides.
    public var changeDetector: ChangeDetectorParameters? = nil

    public var inputScale: Float { normalization[5] }
}

/// The sigmoid and tanh tables of the engine (513 entries over [-8, 8], Q0.15 outputs).
public enum ActivationTables {
    public static func table(_ f: (Double) -> Double) -> [Int16] {
        (0..<Int(ActivationTable.entryCount)).map { i in
            let x = -8.0 + Double(i) / 32.0
            return Int16(max(-32768, min(32767, (f(x) * 32768).rounded())))
        }
    }
    public static let sigmoid: [Int16] = table { 1 / (1 + exp(-$0)) }
    public static let tanh: [Int16] = table { Foundation.tanh($0) }
}
