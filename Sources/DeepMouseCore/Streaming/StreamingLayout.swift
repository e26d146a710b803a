/// The geometry of one level of the streaming pipeline: the sequence entering conv layer `l`
/// (level 0 = the raw input samples; level L = the GRU's features) and the conv reading it.
struct LevelGeometry {
    /// Positions of this level inside one window (W >> l).
    var length: Int = 0
    /// Channels of this level's rows.
    var channels: Int = 0
    /// The conv reading this level (unused at level L): kernel, padding, output channels.
    var kernel: Int = 1
    var padLeft: Int = 0
    var padRight: Int = 0
    var outChannels: Int = 0
    /// Window positions at the left / right whose value depends on the zero padding of some
    /// earlier conv: recomputed per decision; everything between is cached from the stream.
    var leftEdges: Int = 0
    var rightEdges: Int = 0
    /// The window's first rows, recomputed per decision from the raw samples (level 0) with the
    /// window's zero padding: the left edge, plus the interior rows the next level's left edge
    /// reads (0 at level 0, whose ring holds the whole window; `leftEdges` at level L).
    var prefixRows: Int = 0
    /// Rows the ring keeps: the whole window at level 0 (the no-motion sums and every left
    /// prefix start there); at the levels between, only the newest rows that the next conv and
    /// the right edge read.
    var ringLength: Int = 0
    /// Rows of the ring (mirrored: `ringLength + kernel - 1` rows are stored).
    var ringRows: Int { ringLength &+ kernel &- 1 }
    /// Conv outputs per decision at each side (2 per next-level edge position).
    var edgeConvRows: Int = 0
}

/// Where the engine keeps its weights and what it caches: a memory/speed trade-off chosen at
/// prepare time.
public enum EngineMemory: Sendable {
    /// Weights copied into the arena in SIMD-friendly layouts (conv and GRU input weights
    /// widened to int16, recurrent weights int8), and the GRU input projection cached per
    /// feature (T x 3H int32): fastest, most RAM.
    case fast
    /// Weights, biases and tables used in place from the model bytes (which must be 4-aligned,
    /// e.g. a `.dmm` embedded in a microcontroller's flash); the GRU input projections are
    /// recomputed per step from cached features (T x Cin int16): a fraction of the RAM, about
    /// T x 3H x Cin more MACs per decision.
    case compact
}

/// Byte offsets of everything the streaming classifier keeps in its arena; computed the same
/// way by `arenaByteCount(for:)` and by `init`, so they always agree.
struct StreamingLayout {
    static let alignment = 64

    var levels = InlineArray<4, LevelGeometry>(repeating: LevelGeometry())
    var levelCount = 0  // L + 1
    var hidden = 0
    var steps = 0
    var byteCount = 0
    /// Everything from here on is state or scratch, zeroed by `reset()`.
    var stateStart = 0

    // Prepared parameters.
    var convWeights = InlineArray<3, Int>(repeating: 0)
    var convBias = InlineArray<3, Int>(repeating: 0)
    var convMultipliers = InlineArray<3, Int>(repeating: 0)
    var convShifts = InlineArray<3, Int>(repeating: 0)
    var gruInputWeights = 0, gruRecurrentWeights = 0
    var gruVectors = 0  // 6 x (3H) int32: b_x, b_h, x mult, x shift, h mult, h shift
    var denseWeights = 0, tables = 0
    // State.
    var rings = InlineArray<4, Int>(repeating: 0)
    var convOut = InlineArray<4, Int>(repeating: 0)
    var poolPrevious = InlineArray<4, Int>(repeating: 0)
    var projections = 0  // fast: (T, 3H) int32 ring of GRU input projections
    var features = 0  // compact: (T, Cin) int16 ring of GRU input features
    var stepProjection = 0  // compact: (3H) int32, the current step's input projection
    var memory = EngineMemory.fast
    /// The recurrent weights' layout (the kernel's in `.fast` memory, the file's in `.compact`).
    var recurrentLayout = RecurrentLayout.rowsS8
    /// The conv and GRU input weights in `PairsLayoutS8` (`GRUKernel.inputProductsUsePairs`), with scratch for one
    /// conv position's sums.
    var pairs = false
    /// The conv and GRU input weights in `RowQuadsLayoutS8` (`GRUKernel.inputProductsUseRowQuads`), read with `sdot`
    /// when `dotProduct`; the same scratch.
    var rowQuads = false
    var dotProduct = false
    var convAccumulators = 0
    // Per-decision scratch.
    /// Per level: the window's first `prefixRows` rows, recomputed per decision.
    var leftPrefixes = InlineArray<4, Int>(repeating: 0)
    var rightEdges = InlineArray<4, Int>(repeating: 0)
    var gather = 0, edgeConv = 0
    var edgeProjections = 0
    var hiddenState = 0, gruScratch = 0
    var hiddenSums = 0  // mean readout: (H) int32 Σ h_t over the decision's steps
    var readout = ReadoutKind.last

    /// Bytes of a conv's or the GRU input's (rows x inputs) weights in `.fast` memory: the kernel's int8 layout, or
    /// int16 rows.
    private func inputWeightBytes(rows: Int, inputs: Int) -> Int {
        if pairs { return PairsLayoutS8.byteCount(rows: rows, inputs: inputs) }
        if rowQuads { return RowQuadsLayoutS8.byteCount(rows: rows, inputs: inputs) }
        return rows &* inputs &* 2
    }

    private mutating func reserve(_ bytes: Int) -> Int {
        let offset = byteCount
        byteCount = (byteCount &+ bytes &+ Self.alignment &- 1) / Self.alignment &* Self.alignment
        return offset
    }

    init(_ a: ModelArchitecture, hop: Int32, memory: EngineMemory = .fast, kernel: GRUKernel = .portable)
        throws(ModelFileError)
    {
        guard hop > 0, hop % a.poolingFactor == 0 else { throw .badHop(hop: hop) }
        self.memory = memory
        recurrentLayout = memory == .fast ? kernel.recurrentLayout : .unitsS8
        pairs = memory == .fast && kernel.inputProductsUsePairs
        rowQuads = memory == .fast && kernel.inputProductsUseRowQuads
        dotProduct = rowQuads && kernel.usesDotProduct
        let fast = memory == .fast
        let convCount = Int(a.convCount)
        levelCount = convCount &+ 1
        hidden = Int(a.hidden)
        steps = Int(a.steps)
        for l in 0...convCount {
            var g = LevelGeometry()
            g.length = Int(a.sequenceLength(enteringLayer: l))
            g.channels = Int(a.channels(enteringLayer: l))
            if l < convCount {
                g.kernel = Int(a.convKernel[l])
                g.padLeft = Int(a.padLeft(l))
                g.padRight = Int(a.padRight(l))
                g.outChannels = Int(a.convFilters[l])
            }
            if l > 0 {
                let p = levels[l &- 1]
                g.leftEdges = (p.leftEdges &+ p.padLeft &+ 1) / 2
                g.rightEdges = (p.rightEdges &+ p.padRight &+ 1) / 2
            }
            guard g.leftEdges &+ g.rightEdges <= g.length else {
                throw .invalidField(field: "arch.window (too short for the conv stack)", value: a.window)
            }
            levels[l] = g
        }
        // Prefix rows from the top down: level l must hold what the conv at level l reads to
        // produce the 2 x prefixRows(l+1) outputs that pool into level l+1's prefix.
        levels[convCount].prefixRows = levels[convCount].leftEdges
        var l = convCount &- 1
        while l >= 1 {
            levels[l].prefixRows = min(levels[l].length, 2 &* levels[l &+ 1].prefixRows &+ levels[l].padRight)
            l &-= 1
        }
        for l in 0...convCount {
            let g = levels[l]
            if l == 0 || l == convCount {
                levels[l].ringLength = g.length
            } else {  // the newest K rows for the next conv; the rows the right edge reads
                let rightEdgeRows = 2 &* levels[l &+ 1].rightEdges &+ g.padLeft &- g.rightEdges
                // no variadic max: it allocates
                levels[l].ringLength = min(g.length, max(g.kernel, max(rightEdgeRows, 1)))
            }
        }
        for l in 0..<convCount {
            levels[l].edgeConvRows = 2 &* max(levels[l &+ 1].prefixRows, levels[l &+ 1].rightEdges)
        }
        let g3 = 3 &* hidden
        let featureChannels = levels[convCount].channels
        if fast {
            for l in 0..<convCount {
                let g = levels[l]
                let taps = g.kernel &* g.channels
                convWeights[l] = reserve(inputWeightBytes(rows: g.outChannels, inputs: taps))
                convBias[l] = reserve(g.outChannels &* 4)
                convMultipliers[l] = reserve(g.outChannels &* 4)
                convShifts[l] = reserve(g.outChannels &* 4)
            }
            gruInputWeights = reserve(inputWeightBytes(rows: g3, inputs: featureChannels))
            gruRecurrentWeights = reserve(recurrentLayout.byteCount(hidden: hidden))
            gruVectors = reserve(6 &* g3 &* 4)
            denseWeights = reserve(hidden &* 2)
            tables = reserve(2 &* Int(ActivationTable.entryCount) &* 2)
        }
        var gatherRows = 0
        var edgeConvRows = 0
        var edgeConvChannels = 0
        stateStart = byteCount
        for l in 0..<levelCount {
            let g = levels[l]
            if l < convCount || l == 0 { rings[l] = reserve(g.ringRows &* g.channels &* 2) }
            if l == convCount { convOut[l] = reserve(g.channels &* 2) }  // the newest feature row
            if l < convCount {
                convOut[l] = reserve(g.outChannels &* 2)
                poolPrevious[l] = reserve(g.outChannels &* 2)
                gatherRows = max(gatherRows, (g.edgeConvRows &+ g.kernel &- 1) &* g.channels)
                edgeConvRows = max(edgeConvRows, g.edgeConvRows &* g.outChannels)
                edgeConvChannels = max(edgeConvChannels, g.outChannels)
            }
            leftPrefixes[l] = reserve(g.prefixRows &* g.channels &* 2)
            rightEdges[l] = reserve(g.rightEdges &* g.channels &* 2)
        }
        if pairs || rowQuads { convAccumulators = reserve(edgeConvChannels &* 4) }
        if fast {
            projections = reserve(steps &* g3 &* 4)
        } else {
            features = reserve(steps &* featureChannels &* 2)
            stepProjection = reserve(g3 &* 4)
        }
        gather = reserve(gatherRows &* 2)
        edgeConv = reserve(edgeConvRows &* 2)
        let last = levels[convCount]
        if fast { edgeProjections = reserve((last.leftEdges &+ last.rightEdges) &* g3 &* 4) }
        hiddenState = reserve(hidden &* 2)
        gruScratch = reserve(gruStepS16ScratchByteCount(hidden: hidden))
        readout = a.readout
        if readout == .mean { hiddenSums = reserve(hidden &* 4) }
        byteCount &+= Self.alignment  // room to align the caller's base address
    }
}
