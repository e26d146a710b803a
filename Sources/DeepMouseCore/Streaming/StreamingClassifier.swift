/// The board's classifier: prepared once from a validated `ModelFile` and a caller-owned
/// arena, then fed one 100 Hz sample at a time. It returns a decision over the last W samples
/// every `hop` samples (once W samples have been seen) and allocates nothing after `init`.
///
/// How it streams (see firmware-models/README.md):
/// - each conv+pool level keeps a ring of its input rows; a new sample advances every level by
///   at most one conv output and one pooled row, and every new GRU feature gets its input
///   projection `x·Wx + b_x` computed once and cached (ring of T);
/// - "same" padding at the window's edges matches the float model exactly: the few positions
///   that depend on the zero padding (`leftEdges`/`rightEdges` per level, 1-2 with k=3) are
///   recomputed per decision from the window's own values; the interior comes from the caches;
/// - the GRU re-runs from a zero state over the T cached projections per decision (what the
///   network was trained on). That is T recurrent steps, ~95% of the decision's cost;
/// - the no-motion rule runs on running integer sums of the quantized input.
public struct StreamingClassifier {
    let layout: StreamingLayout
    let base: UnsafeMutableRawPointer
    public let window: Int32
    public let hop: Int32
    let convCount: Int
    var convs: InlineArray<3, Conv1DS16Parameters>
    let gru: GRUS16Parameters
    let denseBias: Int32
    let denseMultiplier: QuantizedMultiplier
    let stillBound: (Int64, Int64)

    // Streaming state (ring contents live in the arena).
    var heads = InlineArray<4, Int>(repeating: 0)
    var seen = InlineArray<4, Int>(repeating: 0)
    var pooledOdd = InlineArray<4, Bool>(repeating: false)
    var projectionHead = 0
    var untilDecision = 0
    var sum = (Int32(0), Int32(0))
    var sumOfSquares = (Int64(0), Int64(0))

    /// Arena bytes needed to run `model` (any alignment of the arena's base is fine).
    public static func arenaByteCount(for model: ModelFile, hop: Int32? = nil) throws(ModelFileError) -> Int {
        try StreamingLayout(model.architecture, hop: hop ?? model.architecture.defaultHop).byteCount
    }

    /// Prepares the classifier: validates the hop, sizes and carves the arena, widens and
    /// re-lays the weights into it, runs the model's golden self-test, and resets.
    public init(model: ModelFile, arena: UnsafeMutableRawBufferPointer, hop: Int32? = nil) throws(ModelFileError) {
        let a = model.architecture
        let hop = hop ?? a.defaultHop
        let layout = try StreamingLayout(a, hop: hop)
        guard let raw = arena.baseAddress, arena.count >= layout.byteCount else {
            throw .arenaTooSmall(needed: layout.byteCount, available: arena.count)
        }
        let misalignment = Int(bitPattern: UInt(bitPattern: raw)) & (StreamingLayout.alignment - 1)
        let base = raw + (misalignment == 0 ? 0 : StreamingLayout.alignment - misalignment)
        self.layout = layout
        self.base = base
        self.window = a.window
        self.hop = hop
        self.convCount = Int(a.convCount)
        let t = model.tensors
        func i16(_ offset: Int) -> UnsafeMutablePointer<Int16> { (base + offset).assumingMemoryBound(to: Int16.self) }
        func i32(_ offset: Int) -> UnsafeMutablePointer<Int32> { (base + offset).assumingMemoryBound(to: Int32.self) }

        let placeholder = Conv1DS16Parameters(weights: i16(0), bias: i32(0), multipliers: i32(0), shifts: i32(0),
                                              kernel: 1, inChannels: 1, outChannels: 1)
        convs = InlineArray(repeating: placeholder)
        for l in 0..<convCount {
            let g = layout.levels[l], ct = t.conv[l]
            let (k, cin, cout) = (g.kernel, g.channels, g.outChannels)
            let w = i16(layout.convWeights[l])
            for o in 0..<cout { for kk in 0..<k { for c in 0..<cin {
                w[(o * k + kk) * cin + c] = Int16(model.int8(ct.weight, (kk * cin + c) * cout + o))
            } } }
            let b = i32(layout.convBias[l]), m = i32(layout.convMultipliers[l]), s = i32(layout.convShifts[l])
            for o in 0..<cout {
                b[o] = model.int32(ct.bias, o); m[o] = model.int32(ct.multipliers, o); s[o] = model.int32(ct.shifts, o)
            }
            convs[l] = Conv1DS16Parameters(weights: w, bias: b, multipliers: m, shifts: s,
                                           kernel: k, inChannels: cin, outChannels: cout)
        }
        let h = layout.hidden, g3 = 3 * h, features = layout.levels[convCount].channels
        let wx = i16(layout.gruInputWeights), wh = i16(layout.gruRecurrentWeights)
        let recurrentLayout = RecurrentLayout.preferred(hidden: h)
        for j in 0..<g3 {
            for c in 0..<features { wx[j * features + c] = Int16(model.int8(t.gruInputWeights, c * g3 + j)) }
            for i in 0..<h {
                wh[recurrentLayout.index(unit: i, row: j, hidden: h)] = Int16(model.int8(t.gruRecurrentWeights, i * g3 + j))
            }
        }
        let vectors = i32(layout.gruVectors)
        let sources = (t.gruInputBias, t.gruRecurrentBias, t.gruInputMultipliers, t.gruInputShifts,
                       t.gruRecurrentMultipliers, t.gruRecurrentShifts)
        for j in 0..<g3 {
            vectors[j] = model.int32(sources.0, j); vectors[g3 + j] = model.int32(sources.1, j)
            vectors[2 * g3 + j] = model.int32(sources.2, j); vectors[3 * g3 + j] = model.int32(sources.3, j)
            vectors[4 * g3 + j] = model.int32(sources.4, j); vectors[5 * g3 + j] = model.int32(sources.5, j)
        }
        let dense = i16(layout.denseWeights)
        for i in 0..<h { dense[i] = Int16(model.int8(t.denseWeight, i)) }
        let tables = i16(layout.tables), n = Int(ActivationTable.entryCount)
        for i in 0..<n { tables[i] = model.int16(t.sigmoidTable, i); tables[n + i] = model.int16(t.tanhTable, i) }
        var gru = GRUS16Parameters(
            inputWeights: wx, recurrentWeights: wh, inputBias: vectors, recurrentBias: vectors + g3,
            inputMultipliers: vectors + 2 * g3, inputShifts: vectors + 3 * g3,
            recurrentMultipliers: vectors + 4 * g3, recurrentShifts: vectors + 5 * g3,
            sigmoid: ActivationTable(entries: tables), tanh: ActivationTable(entries: tables + n),
            inChannels: features, hidden: h)
        gru.recurrentLayout = recurrentLayout
        self.gru = gru
        denseBias = model.int32(t.denseBias, 0)
        denseMultiplier = QuantizedMultiplier(multiplier: model.int32(t.denseMultiplier, 0),
                                              shift: model.int32(t.denseShift, 0))
        stillBound = (model.int64(t.stillBound, 0), model.int64(t.stillBound, 1))

        reset()
        try selfTest(model)
        reset()
    }

    /// Pushes the golden input and compares the decision with the stored golden output.
    private mutating func selfTest(_ model: ModelFile) throws(ModelFileError) {
        let input = model.tensors.goldenInput, output = model.tensors.goldenOutput
        var decision: StreamingDecision? = nil
        for i in 0..<Int(window) {
            decision = push(dx: model.int16(input, 2 * i), dy: model.int16(input, 2 * i + 1))
        }
        let expected = StreamingDecision(pLeftQ15: Int16(truncatingIfNeeded: model.int32(output, 0)),
                                         logitQ12: model.int32(output, 1), idle: model.int32(output, 2) != 0)
        guard let decision, decision == expected else {
            throw .selfTestFailed(expectedQ15: Int32(expected.pLeftQ15), actualQ15: Int32(decision?.pLeftQ15 ?? -1))
        }
    }

    /// Forgets every sample: the next decision comes after W new samples.
    public mutating func reset() {
        (base + layout.stateStart).initializeMemory(as: UInt8.self, repeating: 0,
                                                    count: layout.byteCount - StreamingLayout.alignment - layout.stateStart)
        heads = InlineArray(repeating: 0)
        seen = InlineArray(repeating: 0)
        pooledOdd = InlineArray(repeating: false)
        projectionHead = 0
        untilDecision = Int(window)
        sum = (0, 0)
        sumOfSquares = (0, 0)
    }

    /// Bytes of the arena in use (parameters + state + scratch).
    public var arenaBytesUsed: Int { layout.byteCount - StreamingLayout.alignment }

    @inline(__always) func ring(_ l: Int) -> UnsafeMutablePointer<Int16> {
        (base + layout.rings[l]).assumingMemoryBound(to: Int16.self)
    }
    @inline(__always) func row(_ offset: Int) -> UnsafeMutablePointer<Int16> {
        (base + offset).assumingMemoryBound(to: Int16.self)
    }
    @inline(__always) var projections: UnsafeMutablePointer<Int32> {
        (base + layout.projections).assumingMemoryBound(to: Int32.self)
    }
}
