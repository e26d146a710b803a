extension StreamingClassifier {
    /// Feeds one sample (the model's int16 input, e.g. from `InputScaler`). Returns a decision
    /// when W samples have been seen and then every `hop` samples; nil otherwise.
    /// Allocation-free; cost per sample is a few small conv outputs (see the benchmark).
    @inline(__always)
    public mutating func push(dx: Int16, dy: Int16) -> StreamingDecision? {
        updateStillSums(dx: dx, dy: dy)
        let ring0 = ring(0)
        let slot = heads[0]
        ring0[2 &* slot] = dx
        ring0[2 &* slot &+ 1] = dy
        commitRow(level: 0)
        advanceLevels()
        untilDecision &-= 1
        if untilDecision > 0 { return nil }
        untilDecision = Int(hop)
        return decide()
    }

    /// Running sums of the window's samples: the oldest sample leaves as the new one enters.
    @inline(__always)
    mutating func updateStillSums(dx: Int16, dy: Int16) {
        let ring0 = ring(0)
        let slot = heads[0]
        let oldX = Int32(ring0[2 &* slot])
        let oldY = Int32(ring0[2 &* slot &+ 1])
        let x = Int32(dx)
        let y = Int32(dy)
        sum.0 = sum.0 &+ x &- oldX
        sum.1 = sum.1 &+ y &- oldY
        sumOfSquares.0 = sumOfSquares.0 &+ widenedS64(x &* x) &- widenedS64(oldX &* oldX)
        sumOfSquares.1 = sumOfSquares.1 &+ widenedS64(y &* y) &- widenedS64(oldY &* oldY)
    }

    /// True when the window fails the no-motion rule: W·Σq² − (Σq)² <= bound, for x or y.
    var windowIsStill: Bool {
        let w = widenedS64(window)
        let varianceX = w &* sumOfSquares.0 &- productS64(sum.0, sum.0)
        let varianceY = w &* sumOfSquares.1 &- productS64(sum.1, sum.1)
        return varianceX <= stillBound.0 || varianceY <= stillBound.1
    }

    /// The row just written at `heads[l]` is also written to the ring's mirror (so that any K
    /// consecutive rows are contiguous), and the head advances.
    @inline(__always)
    mutating func commitRow(level l: Int) {
        let g = layout.levels[l]
        let slot = heads[l]
        if slot < g.kernel &- 1 {
            let r = ring(l)
            copyRow(r + (slot &+ g.ringLength) &* g.channels, from: r + slot &* g.channels, count: g.channels)
        }
        heads[l] = slot &+ 1 == g.ringLength ? 0 : slot &+ 1
    }

    /// Advances every conv level by at most one output, pools, and caches the GRU input
    /// projection of every new feature.
    @inline(__always)
    mutating func advanceLevels() {
        var l = 0
        var feature: UnsafePointer<Int16> = UnsafePointer(
            ring(0) + (heads[0] == 0 ? layout.levels[0].ringLength &- 1 : heads[0] &- 1) &* 2)
        while l < convCount {
            let g = layout.levels[l]
            if seen[l] <= g.padRight { seen[l] &+= 1 }
            if seen[l] <= g.padRight { return }  // the first conv output needs padRight more rows
            // Input rows newest-K+1 ... newest, contiguous thanks to the mirror.
            let newest = heads[l] == 0 ? g.ringLength &- 1 : heads[l] &- 1
            var start = newest &- g.kernel &+ 1
            if start < 0 { start &+= g.ringLength }
            let out = row(layout.convOut[l])
            conv1dS16(output: out, input: ring(l) + start &* g.channels, outputCount: 1, parameters: convs[l])
            let previous = row(layout.poolPrevious[l])
            if !pooledOdd[l] {
                copyRow(previous, from: out, count: g.outChannels)
                pooledOdd[l] = true
                return
            }
            pooledOdd[l] = false
            let next = l &+ 1
            let destination = next < convCount ? ring(next) + heads[next] &* g.outChannels : row(layout.convOut[next])
            maxPool2S16(output: destination, a: previous, b: out, channels: g.outChannels)
            if next < convCount { commitRow(level: next) }
            feature = UnsafePointer(destination)
            l = next
        }
        if memory == .compact {
            let c = layout.levels[convCount].channels
            copyRow(row(layout.features) + projectionHead &* c, from: feature, count: c)
        } else {
            gruInputProjectionS16(
                output: projections + projectionHead &* 3 &* layout.hidden, input: feature,
                parameters: gru)
        }
        projectionHead = projectionHead &+ 1 == layout.steps ? 0 : projectionHead &+ 1
    }
}
