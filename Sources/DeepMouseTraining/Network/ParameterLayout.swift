/// One named tensor inside the flat parameter buffer: the checkpoint's name, its shape (row-major), and where it
/// lives. Gradients and Adam moments use the same offsets in their own flat buffers.
public struct TensorSpec: Sendable, Equatable {
    /// How the tensor is initialised (Keras's defaults for each kind of weight).
    public enum Initializer: Sendable, Equatable {
        case glorotUniform(fanIn: Int, fanOut: Int)
        /// Orthonormal rows (shape (rows, cols), rows <= cols), as Keras's `Orthogonal` for recurrent kernels.
        case orthogonal
        case zeros
        /// LSTM bias: zeros except the forget gate's slice [H, 2H), which is 1 (Keras `unit_forget_bias=True`).
        case lstmBias(hidden: Int)
    }

    public var name: String
    public var shape: [Int]
    public var offset: Int
    /// Weights get the L1/L2 penalty; biases do not.
    public var isPenalized: Bool
    public var initializer: Initializer

    public var count: Int { shape.reduce(1, *) }
}

/// Every parameter tensor of a ``ModelConfig`` in one flat buffer, in checkpoint order.
///
/// Names and layouts (shared with the exporter and the numpy reference; see ARCHITECTURE.md):
/// - `conv{i}.weight` (K, Cin, Cout), `conv{i}.bias` (Cout), i = 0, 1, 2
/// - GRU: `gru.w_x` (Cin, 3H), `gru.w_h` (H, 3H), `gru.b_x` (3H), `gru.b_h` (3H); gate order [z, r, n]
/// - LSTM: `lstm.w_x` (Cin, 4H), `lstm.w_h` (H, 4H), `lstm.b` (4H); gate order [i, f, g, o]
/// - `dense.weight` (H, 1), `dense.bias` (1)
/// Offsets are rounded up to 16 scalars (64-byte rows for SIMD); the padding stays zero.
public struct ParameterLayout: Sendable, Equatable {
    public private(set) var tensors: [TensorSpec] = []
    /// Scalars in the flat buffer, padding included.
    public private(set) var count = 0

    public init(config: ModelConfig) {
        for (i, layer) in config.conv.enumerated() {
            let cin = config.channels(intoConvBlock: i)
            add(
                "conv\(i).weight", [layer.kernel, cin, layer.filters], penalized: true,
                .glorotUniform(fanIn: layer.kernel * cin, fanOut: layer.kernel * layer.filters))
            add("conv\(i).bias", [layer.filters], penalized: false, .zeros)
        }
        let h = config.hidden
        let cin = config.recurrentInputs
        let g = config.recurrent.gateCount * h
        let recurrentInit: TensorSpec.Initializer =
            config.recurrentInitializer == .orthogonal
            ? .orthogonal : .glorotUniform(fanIn: h, fanOut: g)
        switch config.recurrent {
        case .gru:
            add("gru.w_x", [cin, g], penalized: true, .glorotUniform(fanIn: cin, fanOut: g))
            add("gru.w_h", [h, g], penalized: true, recurrentInit)
            add("gru.b_x", [g], penalized: false, .zeros)
            add("gru.b_h", [g], penalized: false, .zeros)
        case .lstm:
            add("lstm.w_x", [cin, g], penalized: true, .glorotUniform(fanIn: cin, fanOut: g))
            add("lstm.w_h", [h, g], penalized: true, recurrentInit)
            add("lstm.b", [g], penalized: false, .lstmBias(hidden: h))
        }
        add("dense.weight", [h, 1], penalized: true, .glorotUniform(fanIn: h, fanOut: 1))
        add("dense.bias", [1], penalized: false, .zeros)
    }

    private mutating func add(_ name: String, _ shape: [Int], penalized: Bool, _ initializer: TensorSpec.Initializer) {
        let spec = TensorSpec(name: name, shape: shape, offset: count, isPenalized: penalized, initializer: initializer)
        tensors.append(spec)
        count += (spec.count + 15) / 16 * 16
    }

    /// The tensor called `name`, if the architecture has one.
    public subscript(name: String) -> TensorSpec? { tensors.first { $0.name == name } }

    /// The offset of a tensor that must exist (internal wiring; a missing name is a programming error).
    func offset(_ name: String) -> Int {
        guard let spec = self[name] else { preconditionFailure("no tensor \(name) in this architecture") }
        return spec.offset
    }

    /// Scalars that are real parameters (padding excluded).
    public var parameterCount: Int { tensors.reduce(0) { $0 + $1.count } }
}
