extension StreamingClassifier {
    typealias Prepared = (
        convs: InlineArray<3, Conv1DS16Parameters>, gru: GRUS16Parameters, denseS8: UnsafePointer<Int8>?
    )

    /// `.fast`: widens the conv and GRU input weights to int16 in the arena (conv (Cout, K, Cin),
    /// GRU input rows (3H, Cin)), re-lays the int8 recurrent weights for the GRU kernel
    /// (`GRUKernel.recurrentLayout`), and copies the int32 vectors and the tables next to them.
    static func prepareFast(_ model: ModelFile, _ layout: StreamingLayout, _ base: UnsafeMutableRawPointer) -> Prepared
    {
        let t = model.tensors
        let convCount = layout.levelCount - 1
        func i16(_ offset: Int) -> UnsafeMutablePointer<Int16> { (base + offset).assumingMemoryBound(to: Int16.self) }
        func i32(_ offset: Int) -> UnsafeMutablePointer<Int32> { (base + offset).assumingMemoryBound(to: Int32.self) }

        let placeholder = Conv1DS16Parameters(
            weights: i16(0), bias: i32(0), multipliers: i32(0), shifts: i32(0),
            kernel: 1, inChannels: 1, outChannels: 1)
        var convs = InlineArray<3, Conv1DS16Parameters>(repeating: placeholder)
        for l in 0..<convCount {
            let g = layout.levels[l]
            let ct = t.conv[l]
            let (k, cin, cout) = (g.kernel, g.channels, g.outChannels)
            let w = i16(layout.convWeights[l])
            if layout.pairs {  // (K·Cin, Cout) in the file is (inputs, rows)
                PairsLayoutS8.prepare(rows: cout, inputs: k * cin, into: base + layout.convWeights[l]) { i, o in
                    model.int8(ct.weight, i * cout + o)
                }
            } else if layout.rowQuads {
                RowQuadsLayoutS8.prepare(rows: cout, inputs: k * cin, into: base + layout.convWeights[l]) { i, o in
                    model.int8(ct.weight, i * cout + o)
                }
            } else {
                for o in 0..<cout {
                    for kk in 0..<k {
                        for c in 0..<cin {
                            w[(o * k + kk) * cin + c] = Int16(model.int8(ct.weight, (kk * cin + c) * cout + o))
                        }
                    }
                }
            }
            let b = i32(layout.convBias[l])
            let m = i32(layout.convMultipliers[l])
            let s = i32(layout.convShifts[l])
            for o in 0..<cout {
                b[o] = model.int32(ct.bias, o)
                m[o] = model.int32(ct.multipliers, o)
                s[o] = model.int32(ct.shifts, o)
            }
            convs[l] = Conv1DS16Parameters(
                weights: w, bias: b, multipliers: m, shifts: s,
                kernel: k, inChannels: cin, outChannels: cout)
            if layout.pairs {
                convs[l].weightsPairsS8 = UnsafePointer(
                    (base + layout.convWeights[l]).assumingMemoryBound(to: Int8.self))
                convs[l].accumulators = i32(layout.convAccumulators)
            }
            if layout.rowQuads {
                convs[l].weightsRowQuadsS8 = UnsafePointer(
                    (base + layout.convWeights[l]).assumingMemoryBound(to: Int8.self))
                convs[l].accumulators = i32(layout.convAccumulators)
                convs[l].dotProduct = layout.dotProduct
            }
        }
        let h = layout.hidden
        let g3 = 3 * h
        let features = layout.levels[convCount].channels
        let wx = i16(layout.gruInputWeights)
        let wh = base + layout.gruRecurrentWeights
        if layout.pairs {  // (Cin, 3H) in the file is (inputs, rows)
            PairsLayoutS8.prepare(rows: g3, inputs: features, into: base + layout.gruInputWeights) { c, j in
                model.int8(t.gruInputWeights, c * g3 + j)
            }
        } else if layout.rowQuads {
            RowQuadsLayoutS8.prepare(rows: g3, inputs: features, into: base + layout.gruInputWeights) { c, j in
                model.int8(t.gruInputWeights, c * g3 + j)
            }
        } else {
            for j in 0..<g3 {
                for c in 0..<features { wx[j * features + c] = Int16(model.int8(t.gruInputWeights, c * g3 + j)) }
            }
        }
        // (H, 3H) int8 in the file (bounds checked by the reader): re-laid for the kernel.
        let fileWeights = (model.bytes.baseAddress! + t.gruRecurrentWeights.offset).assumingMemoryBound(to: Int8.self)
        layout.recurrentLayout.prepare(weights: fileWeights, hidden: h, into: wh)
        let vectors = i32(layout.gruVectors)
        let sources = (
            t.gruInputBias, t.gruRecurrentBias, t.gruInputMultipliers, t.gruInputShifts,
            t.gruRecurrentMultipliers, t.gruRecurrentShifts
        )
        for j in 0..<g3 {
            vectors[j] = model.int32(sources.0, j)
            vectors[g3 + j] = model.int32(sources.1, j)
            vectors[2 * g3 + j] = model.int32(sources.2, j)
            vectors[3 * g3 + j] = model.int32(sources.3, j)
            vectors[4 * g3 + j] = model.int32(sources.4, j)
            vectors[5 * g3 + j] = model.int32(sources.5, j)
        }
        let dense = i16(layout.denseWeights)
        for i in 0..<h { dense[i] = Int16(model.int8(t.denseWeight, i)) }
        let tables = i16(layout.tables)
        let n = Int(ActivationTable.entryCount)
        for i in 0..<n {
            tables[i] = model.int16(t.sigmoidTable, i)
            tables[n + i] = model.int16(t.tanhTable, i)
        }
        var gru = GRUS16Parameters(
            inputWeights: wx, recurrentWeights: UnsafeRawPointer(wh), recurrentLayout: layout.recurrentLayout,
            inputBias: vectors, recurrentBias: vectors + g3,
            inputMultipliers: vectors + 2 * g3, inputShifts: vectors + 3 * g3,
            recurrentMultipliers: vectors + 4 * g3, recurrentShifts: vectors + 5 * g3,
            sigmoid: ActivationTable(entries: tables), tanh: ActivationTable(entries: tables + n),
            inChannels: features, hidden: h)
        if layout.pairs {
            gru.inputWeightsPairsS8 = UnsafePointer((base + layout.gruInputWeights).assumingMemoryBound(to: Int8.self))
        }
        if layout.rowQuads {
            gru.inputWeightsRowQuadsS8 = UnsafePointer(
                (base + layout.gruInputWeights).assumingMemoryBound(to: Int8.self))
        }
        gru.dotProduct = layout.dotProduct
        return (convs, gru, nil)
    }

    /// `.compact`: every parameter is used in place from the model bytes (int8 weights in the
    /// file's layouts), so the arena holds only state and scratch. Needs 4-aligned bytes.
    static func prepareCompact(_ model: ModelFile, _ layout: StreamingLayout) throws(ModelFileError) -> Prepared {
        #if _endian(big)
            throw .unsupported(field: "compact memory on a big-endian host", value: 0)
        #else
            guard let file = model.bytes.baseAddress, Int(bitPattern: UInt(bitPattern: file)) & 3 == 0 else {
                throw .invalidField(field: "model bytes alignment (compact memory needs 4)", value: 0)
            }
            let t = model.tensors
            func i8(_ r: TensorRef) -> UnsafePointer<Int8> { (file + r.offset).assumingMemoryBound(to: Int8.self) }
            func i16(_ r: TensorRef) -> UnsafePointer<Int16> { (file + r.offset).assumingMemoryBound(to: Int16.self) }
            func i32(_ r: TensorRef) -> UnsafePointer<Int32> { (file + r.offset).assumingMemoryBound(to: Int32.self) }
            let unused = i16(t.sigmoidTable)
            var convs = InlineArray<3, Conv1DS16Parameters>(
                repeating: Conv1DS16Parameters(
                    weights: unused, bias: i32(t.denseBias), multipliers: i32(t.denseBias), shifts: i32(t.denseBias),
                    kernel: 1, inChannels: 1, outChannels: 1))
            for l in 0..<(layout.levelCount - 1) {
                let g = layout.levels[l]
                let ct = t.conv[l]
                var c = Conv1DS16Parameters(
                    weights: unused, bias: i32(ct.bias), multipliers: i32(ct.multipliers),
                    shifts: i32(ct.shifts), kernel: g.kernel, inChannels: g.channels,
                    outChannels: g.outChannels)
                c.weightsS8 = i8(ct.weight)
                convs[l] = c
            }
            var gru = GRUS16Parameters(
                inputWeights: unused, recurrentWeights: UnsafeRawPointer(i8(t.gruRecurrentWeights)),
                recurrentLayout: .unitsS8,
                inputBias: i32(t.gruInputBias),
                recurrentBias: i32(t.gruRecurrentBias), inputMultipliers: i32(t.gruInputMultipliers),
                inputShifts: i32(t.gruInputShifts), recurrentMultipliers: i32(t.gruRecurrentMultipliers),
                recurrentShifts: i32(t.gruRecurrentShifts), sigmoid: ActivationTable(entries: i16(t.sigmoidTable)),
                tanh: ActivationTable(entries: i16(t.tanhTable)),
                inChannels: layout.levels[layout.levelCount - 1].channels,
                hidden: layout.hidden)
            gru.inputWeightsS8 = i8(t.gruInputWeights)
            return (convs, gru, i8(t.denseWeight))
        #endif
    }
}
