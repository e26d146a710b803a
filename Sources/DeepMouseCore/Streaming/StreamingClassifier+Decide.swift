extension StreamingClassifier {
    /// Ring slot of window position `q` at level `l` (interior positions the ring still holds:
    /// the newest row is window position `length - rightEdges - 1`, just before `heads[l]`).
    ///
    /// `g` is `layout.levels[l]`, passed in: the Embedded daemon's -Osize copies the whole `levels` array (352
    /// bytes) on each access, which cost it 10% of a touchpad replay here, per row.
    @inline(__always)
    func slot(level l: Int, _ g: LevelGeometry, position q: Int) -> Int {
        var s = heads[l] &- g.length &+ g.rightEdges &+ q
        while s < 0 { s &+= g.ringLength }
        return s
    }

    /// Row `q` of level `l` inside the current window: a prefix or right-edge row recomputed for
    /// this decision, or a cached interior row from the ring.
    /// (`g` as in `slot`.)
    @inline(__always)
    func windowRow(level l: Int, _ g: LevelGeometry, position q: Int) -> UnsafePointer<Int16> {
        if q < g.prefixRows { return UnsafePointer(row(layout.leftPrefixes[l]) + q &* g.channels) }
        let right = g.length &- g.rightEdges
        if q >= right { return UnsafePointer(row(layout.rightEdges[l]) + (q &- right) &* g.channels) }
        return UnsafePointer(ring(l) + slot(level: l, g, position: q) &* g.channels)
    }

    /// Recomputes the conv outputs at window positions `first ..< first + count` of level `l`
    /// with the window's zero padding, pools them pairwise into `destination` rows.
    @inline(__always)
    func recomputeEdge(level l: Int, first: Int, count: Int, destination: UnsafeMutablePointer<Int16>) {
        if count == 0 { return }
        let g = layout.levels[l]
        let gather = row(layout.gather)
        let rows = count &+ g.kernel &- 1
        for i in 0..<rows {
            let q = first &+ i &- g.padLeft
            let target = gather + i &* g.channels
            if q < 0 || q >= g.length {
                target.update(repeating: 0, count: g.channels)
            } else {
                copyRow(target, from: windowRow(level: l, g, position: q), count: g.channels)
            }
        }
        let out = row(layout.edgeConv)
        conv1dS16(output: out, input: gather, outputCount: count, parameters: convs[l])
        var j = 0
        while j &* 2 < count {
            maxPool2S16(
                output: destination + j &* g.outChannels, a: out + 2 &* j &* g.outChannels,
                b: out + (2 &* j &+ 1) &* g.outChannels, channels: g.outChannels)
            j &+= 1
        }
    }

    /// The decision over the current window (or idle).
    mutating func decide() -> StreamingDecision {
        if windowIsStill { return .idleDecision }
        return classifyCurrentWindow()
    }

    /// Edges, then the GRU from zero state over T steps, the readout (h_T, or the mean of the
    /// T states summed while stepping), then Dense + sigmoid.
    func classifyCurrentWindow() -> StreamingDecision {
        for l in 0..<convCount {
            let g = layout.levels[l]
            let next = layout.levels[l &+ 1]
            recomputeEdge(
                level: l, first: 0, count: 2 &* next.prefixRows, destination: row(layout.leftPrefixes[l &+ 1]))
            recomputeEdge(
                level: l, first: g.length &- 2 &* next.rightEdges, count: 2 &* next.rightEdges,
                destination: row(layout.rightEdges[l &+ 1]))
        }
        let h = row(layout.hiddenState)
        h.update(repeating: 0, count: layout.hidden)
        let sums = layout.readout == .mean ? (base + layout.hiddenSums).assumingMemoryBound(to: Int32.self) : nil
        sums?.update(repeating: 0, count: layout.hidden)
        if memory == .compact {
            runGRUFromFeatures(h, sums: sums)
        } else {
            runGRUFromProjections(h, sums: sums)
        }
        if let sums {  // h_T is no longer needed: h becomes the mean (1/T) Σ h_t, Dense reads it
            meanReadoutS16(
                mean: h, sums: UnsafePointer(sums), steps: Int32(truncatingIfNeeded: layout.steps),
                count: layout.hidden)
        }
        let logit: Int32
        if let weights = denseWeightsS8 {
            logit = denseS16S8(
                hidden: h, weights: weights, bias: denseBias, multiplier: denseMultiplier, count: layout.hidden)
        } else {
            logit = denseS16(
                hidden: h, weights: row(layout.denseWeights), bias: denseBias,
                multiplier: denseMultiplier, count: layout.hidden)
        }
        let p = gru.sigmoid.lookupS16(saturating: logit)
        return StreamingDecision(pLeftQ15: p, logitQ12: logit, idle: false)
    }
}

extension StreamingClassifier {
    /// `.fast`: the GRU from zero state over the cached input projections (interior) and the
    /// edge features' projections computed now.
    /// With `sums` (mean readout), every step's h is added into them.
    func runGRUFromProjections(_ h: UnsafeMutablePointer<Int16>, sums: UnsafeMutablePointer<Int32>?) {
        let last = layout.levels[convCount]
        let g3 = 3 &* layout.hidden
        let edgeProjections = (base + layout.edgeProjections).assumingMemoryBound(to: Int32.self)
        for i in 0..<(last.leftEdges &+ last.rightEdges) {
            let source =
                i < last.leftEdges
                ? row(layout.leftPrefixes[convCount]) + i &* last.channels
                : row(layout.rightEdges[convCount]) + (i &- last.leftEdges) &* last.channels
            gruInputProjectionS16(output: edgeProjections + i &* g3, input: source, parameters: gru)
        }
        let scratch = base + layout.gruScratch
        let steps = layout.steps
        let right = steps &- last.rightEdges
        var s = projectionHead &+ last.rightEdges
        while s >= steps { s &-= steps }
        for t in 0..<steps {
            let x: UnsafePointer<Int32>
            if t < last.leftEdges {
                x = UnsafePointer(edgeProjections + t &* g3)
            } else if t >= right {
                x = UnsafePointer(edgeProjections + (last.leftEdges &+ t &- right) &* g3)
            } else {
                x = UnsafePointer(projections + s &* g3)
            }
            gruStepS16(hidden: h, inputProjection: x, parameters: gru, scratch: scratch, hiddenIsZero: t == 0)
            if let sums { accumulateHiddenS16(sums: sums, hidden: UnsafePointer(h), count: layout.hidden) }
            s &+= 1
            if s == steps { s = 0 }
        }
    }

    /// `.compact`: the GRU from zero state, each step's input projection computed from the
    /// cached (interior) or recomputed (edge) feature row.
    /// With `sums` (mean readout), every step's h is added into them.
    func runGRUFromFeatures(_ h: UnsafeMutablePointer<Int16>, sums: UnsafeMutablePointer<Int32>?) {
        let last = layout.levels[convCount]
        let c = last.channels
        let projection = (base + layout.stepProjection).assumingMemoryBound(to: Int32.self)
        let scratch = base + layout.gruScratch
        let steps = layout.steps
        let right = steps &- last.rightEdges
        let features = row(layout.features)
        var s = projectionHead &+ last.rightEdges
        while s >= steps { s &-= steps }
        for t in 0..<steps {
            let x: UnsafePointer<Int16>
            if t < last.leftEdges {
                x = UnsafePointer(row(layout.leftPrefixes[convCount]) + t &* c)
            } else if t >= right {
                x = UnsafePointer(row(layout.rightEdges[convCount]) + (t &- right) &* c)
            } else {
                x = UnsafePointer(features + s &* c)
            }
            gruInputProjectionS16(output: projection, input: x, parameters: gru)
            gruStepS16(hidden: h, inputProjection: projection, parameters: gru, scratch: scratch, hiddenIsZero: t == 0)
            if let sums { accumulateHiddenS16(sums: sums, hidden: UnsafePointer(h), count: layout.hidden) }
            s &+= 1
            if s == steps { s = 0 }
        }
    }

    /// The network's decision over the current window even if it is still (for evaluation
    /// against float pipelines that filter still windows themselves). Needs W samples pushed.
    public func decisionIgnoringStillRule() -> StreamingDecision { classifyCurrentWindow() }
}
