/// The architecture and regularisation of a classifier: what `deepmouse train` flags build, what a checkpoint's
/// `architecture` block stores, and what ``ParameterLayout`` derives the tensor names and shapes from.
///
/// Input `(B, window, 2)` -> `conv.count` blocks of Conv1D(filters, kernel, "same", ReLU) + MaxPool1D(2) ->
/// GRU or LSTM (hidden units, zero initial state) over the remaining steps -> readout (the last hidden state, or the
/// mean of all of them) -> Dense(1) -> sigmoid = p_left. Conv blocks are numbered from 0 (`conv0.weight` is the first).
public struct ModelConfig: Codable, Sendable, Equatable, Hashable {
    /// One Conv1D + ReLU + MaxPool1D(2) block.
    public struct ConvLayer: Codable, Sendable, Equatable, Hashable {
        public var filters: Int
        public var kernel: Int
        public init(filters: Int, kernel: Int) {
            self.filters = filters
            self.kernel = kernel
        }
    }

    /// The recurrent layer: GRU (Keras `reset_after=True`, gates [z, r, n]) or LSTM (gates [i, f, g, o]).
    public enum RecurrentKind: String, Codable, Sendable, CaseIterable {
        case gru, lstm
        /// Gates per hidden unit: the width of the recurrent kernels is `gateCount * hidden`.
        public var gateCount: Int { self == .gru ? 3 : 4 }
    }

    /// What the dense layer reads from the recurrent layer's hidden states h_1 ... h_T.
    public enum Readout: String, Codable, Sendable, CaseIterable {
        /// h_T, the last hidden state (the original network; Keras `GRU(return_sequences=False)`).
        case last
        /// (1/T) Σ_t h_t, the mean over all T steps (Keras `return_sequences=True` + `GlobalAveragePooling1D`):
        /// every step reaches the output directly, which generalises better across recordings.
        case mean
    }

    /// How the recurrent kernel `w_h` is initialised (the input kernels and convs are always Glorot-uniform).
    public enum RecurrentInitializer: String, Codable, Sendable {
        /// Keras's default for recurrent kernels: orthonormal rows.
        case orthogonal
        case glorotUniform = "glorot_uniform"
    }

    /// Samples per window W (time steps of the input).
    public var window: Int
    /// Input channels: (dx, dy).
    public var inputChannels: Int
    /// 0-3 conv blocks, in order.
    public var conv: [ConvLayer]
    public var recurrent: RecurrentKind
    /// Hidden units H of the recurrent layer.
    public var hidden: Int
    /// Dropout on the recurrent layer's input (Keras `GRU(dropout=)`): one mask per sequence, shared by all steps.
    public var inputDropout: Float
    /// Dropout on h inside the recurrent matmul (Keras `recurrent_dropout=`): one mask per sequence.
    public var recurrentDropout: Float
    /// Element-wise dropout after each conv block's pooling, except the last block (whose output is the recurrent
    /// input, covered by `inputDropout`).
    public var convDropout: Float
    /// L1 and L2 penalties on every weight tensor (conv weights, recurrent `w_x`/`w_h`, dense weight; not biases):
    /// `l1 * Σ|w| + l2 * Σw²`, added to the loss (Keras `kernel_regularizer` + `recurrent_regularizer`).
    public var l1: Float
    public var l2: Float
    public var recurrentInitializer: RecurrentInitializer
    /// The dense layer's input: h_T or the mean of h_1 ... h_T.
    public var readout: Readout

    public init(
        window: Int, inputChannels: Int = 2, conv: [ConvLayer], recurrent: RecurrentKind = .gru,
        hidden: Int, inputDropout: Float = 0, recurrentDropout: Float = 0, convDropout: Float = 0,
        l1: Float = 0, l2: Float = 0, recurrentInitializer: RecurrentInitializer = .orthogonal,
        readout: Readout = .last
    ) {
        self.window = window
        self.inputChannels = inputChannels
        self.conv = conv
        self.recurrent = recurrent
        self.hidden = hidden
        self.inputDropout = inputDropout
        self.recurrentDropout = recurrentDropout
        self.convDropout = convDropout
        self.l1 = l1
        self.l2 = l2
        self.recurrentInitializer = recurrentInitializer
        self.readout = readout
    }

    /// The original DeepMouse model: W=800, 3 x (Conv1D(32, k3, ReLU) + MaxPool(2)), GRU(128), Dense(1, sigmoid).
    public static let original = ModelConfig(
        window: 800, conv: Array(repeating: ConvLayer(filters: 32, kernel: 3), count: 3), recurrent: .gru, hidden: 128)

    /// Time steps after conv block `i` (its pooled output); `convSteps(-1)` is the window.
    public func steps(afterConvBlock i: Int) -> Int {
        var t = window
        if i >= 0 { for _ in 0...i { t /= 2 } }
        return t
    }

    /// Channels entering conv block `i` (`inputChannels` for block 0).
    public func channels(intoConvBlock i: Int) -> Int { i == 0 ? inputChannels : conv[i - 1].filters }

    /// Steps the recurrent layer runs: `window / 2^conv.count` (floor at each pooling).
    public var recurrentSteps: Int { steps(afterConvBlock: conv.count - 1) }

    /// Features per step entering the recurrent layer.
    public var recurrentInputs: Int { conv.last?.filters ?? inputChannels }

    /// Checks the configuration describes a network we can build; the message names the field.
    public func validate() throws(ModelConfigError) {
        func fail(_ field: String, _ why: String) -> ModelConfigError { ModelConfigError(field: field, reason: why) }
        guard window >= 1 else { throw fail("window", "must be >= 1, got \(window)") }
        guard inputChannels >= 1 else { throw fail("input_channels", "must be >= 1, got \(inputChannels)") }
        guard conv.count <= 3 else { throw fail("conv", "at most 3 conv blocks, got \(conv.count)") }
        for (i, layer) in conv.enumerated() {
            guard layer.filters >= 1 else { throw fail("conv[\(i)].filters", "must be >= 1, got \(layer.filters)") }
            guard layer.kernel >= 1 else { throw fail("conv[\(i)].kernel", "must be >= 1, got \(layer.kernel)") }
        }
        guard recurrentSteps >= 1 else {
            throw fail("window", "window \(window) leaves no time steps after \(conv.count) poolings by 2")
        }
        guard hidden >= 1 else { throw fail("hidden", "must be >= 1, got \(hidden)") }
        for (name, p) in [
            ("input_dropout", inputDropout), ("recurrent_dropout", recurrentDropout),
            ("conv_dropout", convDropout)
        ] {
            guard p >= 0, p < 1 else { throw fail(name, "must be in [0, 1), got \(p)") }
        }
        guard l1 >= 0, l1.isFinite else { throw fail("l1", "must be finite and >= 0, got \(l1)") }
        guard l2 >= 0, l2.isFinite else { throw fail("l2", "must be finite and >= 0, got \(l2)") }
    }

    // MARK: Codable (snake_case keys; fixed facts written for readers of the checkpoint, checked when read)

    enum CodingKeys: String, CodingKey {
        case window
        case inputChannels = "input_channels"
        case conv, recurrent, hidden
        case inputDropout = "input_dropout"
        case recurrentDropout = "recurrent_dropout"
        case convDropout = "conv_dropout"
        case l1, l2
        case recurrentInitializer = "recurrent_initializer"
        case readout
        case convPadding = "conv_padding"
        case convActivation = "conv_activation"
        case poolSize = "pool_size"
        case gruVariant = "gru_variant"
        case gateOrder = "gate_order"
        case output
    }

    /// What this trainer always builds, spelled out in the JSON for readers (the exporter, the numpy reference).
    var fixedFacts: [(CodingKeys, String)] {
        var facts: [(CodingKeys, String)] = [
            (.convPadding, "same"), (.convActivation, "relu"), (.output, "dense1_sigmoid"),
            (.gateOrder, recurrent == .gru ? "zrn" : "ifgo")
        ]
        if recurrent == .gru { facts.append((.gruVariant, "reset_after")) }
        return facts
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        window = try c.decode(Int.self, forKey: .window)
        inputChannels = try c.decodeIfPresent(Int.self, forKey: .inputChannels) ?? 2
        conv = try c.decode([ConvLayer].self, forKey: .conv)
        recurrent = try c.decode(RecurrentKind.self, forKey: .recurrent)
        hidden = try c.decode(Int.self, forKey: .hidden)
        inputDropout = try c.decodeIfPresent(Float.self, forKey: .inputDropout) ?? 0
        recurrentDropout = try c.decodeIfPresent(Float.self, forKey: .recurrentDropout) ?? 0
        convDropout = try c.decodeIfPresent(Float.self, forKey: .convDropout) ?? 0
        l1 = try c.decodeIfPresent(Float.self, forKey: .l1) ?? 0
        l2 = try c.decodeIfPresent(Float.self, forKey: .l2) ?? 0
        recurrentInitializer =
            try c.decodeIfPresent(RecurrentInitializer.self, forKey: .recurrentInitializer)
            ?? .orthogonal
        readout = try c.decodeIfPresent(Readout.self, forKey: .readout) ?? .last  // absent: checkpoints before it
        for (key, expected) in fixedFacts {
            if let found = try c.decodeIfPresent(String.self, forKey: key), found != expected {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: c, debugDescription: "this trainer only builds '\(expected)', found '\(found)'")
            }
        }
        if let pool = try c.decodeIfPresent(Int.self, forKey: .poolSize), pool != 2 {
            throw DecodingError.dataCorruptedError(
                forKey: .poolSize, in: c, debugDescription: "this trainer only builds MaxPool1D(2), found \(pool)")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(window, forKey: .window)
        try c.encode(inputChannels, forKey: .inputChannels)
        try c.encode(conv, forKey: .conv)
        try c.encode(recurrent, forKey: .recurrent)
        try c.encode(hidden, forKey: .hidden)
        try c.encode(inputDropout, forKey: .inputDropout)
        try c.encode(recurrentDropout, forKey: .recurrentDropout)
        try c.encode(convDropout, forKey: .convDropout)
        try c.encode(l1, forKey: .l1)
        try c.encode(l2, forKey: .l2)
        try c.encode(recurrentInitializer, forKey: .recurrentInitializer)
        // Written only when it is not the default, so last-readout checkpoints stay version 1 (see `Checkpoint`).
        if readout != .last { try c.encode(readout, forKey: .readout) }
        for (key, value) in fixedFacts { try c.encode(value, forKey: key) }
        try c.encode(2, forKey: .poolSize)
    }
}

/// A ``ModelConfig`` that cannot be built; `field` is the JSON key (as in the checkpoint's `architecture`).
public struct ModelConfigError: Error, CustomStringConvertible, Equatable {
    public var field: String
    public var reason: String
    public var description: String { "invalid model configuration: \(field): \(reason)" }
}
