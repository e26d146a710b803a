/// The board's classifier: prepared once from a validated `ModelFile` and a caller-owned
/// arena, then fed one 100 Hz sample at a time. It returns a decision over the last W samples
/// every `hop` samples (once W samples have been seen) and allocates nothing after `init`.
///
/// How it streams (see firmware-models/README.md):
/// - the input level keeps a ring of the whole window, every level above it a ring of its newest
///   rows only; a new sample advances every level by at most one conv output and one pooled row,
///   and every new GRU feature gets its input projection `x·Wx + b_x` computed once and cached
///   (ring of T);
/// - "same" padding at the window's edges matches the float model exactly: the few positions
///   that depend on the zero padding (`leftEdges`/`rightEdges` per level, 1-2 with k=3) are
///   recomputed per decision from the window's own values -- the right edge from the newest
///   rows, the left edge as a prefix of every level (`prefixRows`) from the input ring; the GRU's
///   interior features come from the cache;
/// - the GRU re-runs from a zero state over the T cached projections per decision (what the
///   network was trained on). That is T recurrent steps, ~95% of the decision's cost;
/// - a mean-readout model adds each step's h into int32 sums (arena) and Dense reads their
///   mean `dividedRoundingHalfUp(Σ h_t, T)` instead of h_T;
/// - the no-motion rule runs on running integer sums of the quantized input.
public struct StreamingClassifier {
    let layout: StreamingLayout
    let base: UnsafeMutableRawPointer
    public let window: Int32
    public let hop: Int32
    let convCount: Int
    var convs: InlineArray<3, Conv1DS16Parameters>
    let gru: GRUS16Parameters
    let memory: EngineMemory
    /// The GRU kernel running the steps (`.portable` in compact memory).
    public let kernel: GRUKernel
    let denseWeightsS8: UnsafePointer<Int8>?
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
        try arenaByteCount(for: model, hop: hop, memory: .fast)
    }

    /// Arena bytes needed to run `model` with the given memory trade-off (and GRU kernel: the
    /// fastest this CPU runs unless given; it matters only in `.fast` memory).
    public static func arenaByteCount(
        for model: ModelFile, hop: Int32?, memory: EngineMemory,
        kernel: GRUKernel = .best
    ) throws(ModelFileError) -> Int {
        try StreamingLayout(
            model.architecture, hop: hop ?? model.architecture.defaultHop, memory: memory,
            kernel: kernel
        ).byteCount
    }

    /// Prepares a `.fast` classifier (see `init(model:arena:hop:memory:)`).
    public init(model: ModelFile, arena: UnsafeMutableRawBufferPointer, hop: Int32? = nil) throws(ModelFileError) {
        try self.init(model: model, arena: arena, hop: hop, memory: .fast)
    }

    /// Prepares the classifier: validates the hop, sizes and carves the arena, widens and
    /// re-lays the weights into it (`.fast`, for `kernel`: by default the fastest this CPU runs)
    /// or points at them in the model bytes (`.compact`), runs the model's golden self-test, and
    /// resets. A kernel this build or CPU cannot run is an `.unsupported` error.
    public init(
        model: ModelFile, arena: UnsafeMutableRawBufferPointer, hop: Int32?,
        memory: EngineMemory, kernel: GRUKernel = .best
    ) throws(ModelFileError) {
        let a = model.architecture
        let hop = hop ?? a.defaultHop
        guard kernel.isAvailable else {
            throw .unsupported(field: "GRU kernel (not available in this build or on this CPU)", value: 0)
        }
        let layout = try StreamingLayout(a, hop: hop, memory: memory, kernel: kernel)
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
        self.memory = memory
        self.kernel = memory == .fast ? kernel : .portable
        let prepared = memory == .fast ? Self.prepareFast(model, layout, base) : try Self.prepareCompact(model, layout)
        convs = prepared.convs
        gru = prepared.gru
        denseWeightsS8 = prepared.denseS8
        denseBias = model.int32(t.denseBias, 0)
        denseMultiplier = QuantizedMultiplier(
            multiplier: model.int32(t.denseMultiplier, 0),
            shift: model.int32(t.denseShift, 0))
        stillBound = (model.int64(t.stillBound, 0), model.int64(t.stillBound, 1))

        reset()
        try selfTest(model)
        reset()
    }

    /// Pushes the golden input and compares the decision with the stored golden output.
    private mutating func selfTest(_ model: ModelFile) throws(ModelFileError) {
        let input = model.tensors.goldenInput
        let output = model.tensors.goldenOutput
        var decision: StreamingDecision? = nil
        for i in 0..<Int(window) {
            decision = push(dx: model.int16(input, 2 * i), dy: model.int16(input, 2 * i + 1))
        }
        let expected = StreamingDecision(
            pLeftQ15: Int16(truncatingIfNeeded: model.int32(output, 0)),
            logitQ12: model.int32(output, 1), idle: model.int32(output, 2) != 0)
        guard let decision else {
            throw .selfTestFailed(field: "p_left Q15", expected: Int32(expected.pLeftQ15), computed: -1)
        }
        if decision.pLeftQ15 != expected.pLeftQ15 {
            throw .selfTestFailed(
                field: "p_left Q15", expected: Int32(expected.pLeftQ15), computed: Int32(decision.pLeftQ15))
        }
        if decision.logitQ12 != expected.logitQ12 {
            throw .selfTestFailed(field: "logit Q12", expected: expected.logitQ12, computed: decision.logitQ12)
        }
        if decision.idle != expected.idle {
            throw .selfTestFailed(field: "idle", expected: expected.idle ? 1 : 0, computed: decision.idle ? 1 : 0)
        }
    }

    /// Forgets every sample: the next decision comes after W new samples.
    public mutating func reset() {
        (base + layout.stateStart).initializeMemory(
            as: UInt8.self, repeating: 0,
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
    /// Copies `count` int16 values between rows that do not overlap, as one `memcpy`: the Embedded daemon's -Osize
    /// compiles `update(from:count:)` into a call per value (a tenth of a touchpad replay's time here).
    @inline(__always) func copyRow(
        _ destination: UnsafeMutablePointer<Int16>, from source: UnsafePointer<Int16>, count: Int
    ) {
        UnsafeMutableRawPointer(destination).copyMemory(from: source, byteCount: count &* 2)
    }

    @inline(__always) func row(_ offset: Int) -> UnsafeMutablePointer<Int16> {
        (base + offset).assumingMemoryBound(to: Int16.self)
    }
    @inline(__always) var projections: UnsafeMutablePointer<Int32> {
        (base + layout.projections).assumingMemoryBound(to: Int32.self)
    }
}
