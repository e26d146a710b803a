/// Activations, backward scratch and a private gradient buffer for up to `capacity` samples: one per thread.
/// Forward reads the shared parameters; backward accumulates into this workspace's `grads` only, so threads never
/// write to shared memory and the caller reduces the gradients in a fixed order.
final class Workspace<S: NetworkScalar>: @unchecked Sendable {
    let config: ModelConfig
    let layout: ParameterLayout
    let capacity: Int
    let grads: FlatBuffer<S>  // (P)

    /// Buffers of conv block i; T_i is the block's input length, T_i/2 its output length.
    struct ConvBlock {
        var act: FlatBuffer<S>  // (B, T_i, F) after ReLU
        var pooled: FlatBuffer<S>  // (B, T_i/2, F)
        var dropped: FlatBuffer<S>?  // (B, T_i/2, F) after dropout, when the block has a mask
        var dact: FlatBuffer<S>  // (B, T_i, F)
        var dpooled: FlatBuffer<S>  // (B, T_i/2, F)
        var dout: FlatBuffer<S>  // (B, T_i/2, F) gradient of the block's output (aliases dpooled without a mask)
    }
    private(set) var blocks: [ConvBlock] = []

    let recurrentInput: FlatBuffer<S>?  // (B, T, Cin_r) after input dropout
    let dRecurrentInput: FlatBuffer<S>?  // (B, T, Cin_r)
    let hs, hm, gates, gx, gh: FlatBuffer<S>
    let extra: FlatBuffer<S>  // GRU: ghn (T, B, H); LSTM: tanh(c) (T, B, H)
    let cs: FlatBuffer<S>?  // LSTM only: (T+1, B, H)
    let dgx, dgh, dh, dc, dhm: FlatBuffer<S>
    let logits, dlogits: FlatBuffer<S>  // (B), (B)
    let readoutOut, dReadout: FlatBuffer<S>  // (B, H) the dense layer's input (mean readout) and its gradient

    init(config: ModelConfig, layout: ParameterLayout, capacity B: Int) {
        self.config = config
        self.layout = layout
        self.capacity = B
        grads = FlatBuffer(count: layout.count)
        var T = config.window
        for (i, layer) in config.conv.enumerated() {
            let F = layer.filters
            let To = T / 2
            let pooled = FlatBuffer<S>(count: B * To * F)
            let hasMask = config.convDropout > 0 && i < config.conv.count - 1
            let dpooled = FlatBuffer<S>(count: B * To * F)
            blocks.append(
                ConvBlock(
                    act: FlatBuffer(count: B * T * F),
                    pooled: pooled,
                    dropped: hasMask ? FlatBuffer(count: B * To * F) : nil,
                    dact: FlatBuffer(count: B * T * F),
                    dpooled: dpooled,
                    dout: hasMask ? FlatBuffer(count: B * To * F) : dpooled))
            T = To
        }
        let H = config.hidden
        let G = config.recurrent.gateCount * H
        let cin = config.recurrentInputs
        recurrentInput = config.inputDropout > 0 ? FlatBuffer(count: B * T * cin) : nil
        dRecurrentInput = config.inputDropout > 0 && !config.conv.isEmpty ? FlatBuffer(count: B * T * cin) : nil
        hs = FlatBuffer(count: (T + 1) * B * H)
        hm = FlatBuffer(count: config.recurrentDropout > 0 ? T * B * H : 0)
        gates = FlatBuffer(count: T * B * G)
        gx = FlatBuffer(count: B * T * G)
        gh = FlatBuffer(count: B * G)
        extra = FlatBuffer(count: T * B * H)
        cs = config.recurrent == .lstm ? FlatBuffer(count: (T + 1) * B * H) : nil
        dgx = FlatBuffer(count: B * T * G)
        dgh = FlatBuffer(count: T * B * G)
        dh = FlatBuffer(count: B * H)
        dc = FlatBuffer(count: B * H)
        dhm = FlatBuffer(count: B * H)
        logits = FlatBuffer(count: B)
        dlogits = FlatBuffer(count: B)
        readoutOut = FlatBuffer(count: config.readout == .mean ? B * H : 0)
        dReadout = FlatBuffer(count: B * H)
    }

    private func p(_ params: UnsafePointer<S>, _ name: String) -> UnsafePointer<S> { params + layout.offset(name) }
    private func g(_ name: String) -> UnsafeMutablePointer<S> { grads.pointer + layout.offset(name) }

    /// Runs the network on `B` samples and returns their logits (B). Masks nil: inference (no dropout).
    @discardableResult
    func forward(
        params: UnsafePointer<S>, inputs: UnsafePointer<S>, count B: Int,
        masks: MaskSlice<S>?
    ) -> UnsafePointer<S> {
        precondition(B <= capacity)
        var cur = inputs
        var T = config.window
        for (i, layer) in config.conv.enumerated() {
            let blk = blocks[i]
            let cin = config.channels(intoConvBlock: i)
            let F = layer.filters
            Conv1D.forward(
                out: blk.act.pointer, inp: cur,
                weight: p(params, "conv\(i).weight"), bias: p(params, "conv\(i).bias"), relu: true,
                B: B, T: T, Cin: cin, Cout: F, K: layer.kernel)
            MaxPool1D.forward(out: blk.pooled.pointer, inp: blk.act.pointer, B: B, T: T, C: F)
            T /= 2
            cur = UnsafePointer(blk.pooled.pointer)
            if let mask = masks?.conv[i], let dropped = blk.dropped {
                Dropout.forward(out: dropped.pointer, inp: cur, mask: mask, N: B * T * F)
                cur = UnsafePointer(dropped.pointer)
            }
        }
        let H = config.hidden
        let cin = config.recurrentInputs
        if let mask = masks?.input, let buffer = recurrentInput {
            Dropout.forwardPerSequence(out: buffer.pointer, inp: cur, mask: mask, B: B, T: T, C: cin)
            cur = UnsafePointer(buffer.pointer)
        }
        let recurrentMask = masks?.recurrent
        switch config.recurrent {
        case .gru:
            GRU.forward(
                cache: gruCache, inp: cur, wx: p(params, "gru.w_x"), wh: p(params, "gru.w_h"),
                bx: p(params, "gru.b_x"), bh: p(params, "gru.b_h"), mask: recurrentMask,
                B: B, T: T, Cin: cin, H: H)
        case .lstm:
            LSTM.forward(
                cache: lstmCache, inp: cur, wx: p(params, "lstm.w_x"), wh: p(params, "lstm.w_h"),
                bias: p(params, "lstm.b"), mask: recurrentMask, B: B, T: T, Cin: cin, H: H)
        }
        let features = RecurrentReadout.forward(
            out: readoutOut.pointer, hs: hs.pointer, readout: config.readout,
            B: B, T: T, H: H)
        Dense.forward(
            out: logits.pointer, inp: features, weight: p(params, "dense.weight"),
            bias: p(params, "dense.bias"), B: B, I: H, O: 1)
        return UnsafePointer(logits.pointer)
    }

    /// Backward pass after ``forward(params:inputs:count:masks:)`` with the same arguments: the gradient of
    /// `scale * Σ_b w_b BCE(logit_b, label_b)` is accumulated into `grads` (w_b = 1 without weights).
    func backward(
        params: UnsafePointer<S>, inputs: UnsafePointer<S>, labels: UnsafePointer<S>,
        weights: UnsafePointer<S>?, count B: Int, scale: S, masks: MaskSlice<S>?
    ) {
        let H = config.hidden
        let T = config.recurrentSteps
        let cin = config.recurrentInputs
        dlogits.zero()
        BinaryCrossEntropy.backward(
            dlogits: dlogits.pointer, logits: logits.pointer, labels: labels, weights: weights,
            scale: scale, B: B)
        dReadout.pointer.update(repeating: 0, count: B * H)
        let features =
            config.readout == .mean ? UnsafePointer(readoutOut.pointer) : UnsafePointer(hs.pointer + T * B * H)
        Dense.backward(
            dinp: dReadout.pointer, dweight: g("dense.weight"), dbias: g("dense.bias"), dout: dlogits.pointer,
            inp: features, weight: p(params, "dense.weight"), B: B, I: H, O: 1)

        // The recurrent layer's input, and where its gradient goes.
        var rnnInput: UnsafePointer<S> = inputs
        if let last = blocks.last { rnnInput = UnsafePointer(last.dropped?.pointer ?? last.pooled.pointer) }
        let inputMask = masks?.input
        if inputMask != nil, let buffer = recurrentInput { rnnInput = UnsafePointer(buffer.pointer) }
        var dRnnInput: UnsafeMutablePointer<S>? = nil
        if let last = blocks.last {
            dRnnInput = inputMask != nil ? dRecurrentInput!.pointer : last.dout.pointer
            dRnnInput!.update(repeating: 0, count: B * T * cin)
        }
        let recurrentMask = masks?.recurrent
        switch config.recurrent {
        case .gru:
            GRU.backward(
                dinp: dRnnInput, dwx: g("gru.w_x"), dwh: g("gru.w_h"), dbx: g("gru.b_x"), dbh: g("gru.b_h"),
                scratch: GRU.BackwardScratch(
                    dgx: dgx.pointer, dgh: dgh.pointer, dh: dh.pointer,
                    dhm: dhm.pointer),
                dReadout: dReadout.pointer, readout: config.readout, inp: rnnInput, cache: gruCache,
                wx: p(params, "gru.w_x"), wh: p(params, "gru.w_h"), mask: recurrentMask,
                B: B, T: T, Cin: cin, H: H)
        case .lstm:
            LSTM.backward(
                dinp: dRnnInput, dwx: g("lstm.w_x"), dwh: g("lstm.w_h"), dbias: g("lstm.b"),
                scratch: LSTM.BackwardScratch(
                    dgx: dgx.pointer, dgh: dgh.pointer, dh: dh.pointer,
                    dc: dc.pointer, dhm: dhm.pointer),
                dReadout: dReadout.pointer, readout: config.readout, inp: rnnInput, cache: lstmCache,
                wx: p(params, "lstm.w_x"), wh: p(params, "lstm.w_h"), mask: recurrentMask,
                B: B, T: T, Cin: cin, H: H)
        }
        guard let last = blocks.last else { return }
        if let inputMask, let dRecurrentInput {
            last.dout.pointer.update(repeating: 0, count: B * T * cin)
            Dropout.backwardPerSequence(
                dinp: last.dout.pointer, dout: dRecurrentInput.pointer, mask: inputMask,
                B: B, T: T, C: cin)
        }

        var Ti = config.window
        var blockInputs: [UnsafePointer<S>] = [inputs]
        for blk in blocks.dropLast() { blockInputs.append(UnsafePointer(blk.dropped?.pointer ?? blk.pooled.pointer)) }
        var lengths: [Int] = []
        for _ in blocks {
            lengths.append(Ti)
            Ti /= 2
        }
        for i in stride(from: blocks.count - 1, through: 0, by: -1) {
            let blk = blocks[i]
            let layer = config.conv[i]
            let F = layer.filters
            let T = lengths[i]
            let To = T / 2
            let cinBlock = config.channels(intoConvBlock: i)
            if let mask = masks?.conv[i], blk.dropped != nil {
                blk.dpooled.pointer.update(repeating: 0, count: B * To * F)
                Dropout.backward(dinp: blk.dpooled.pointer, dout: blk.dout.pointer, mask: mask, N: B * To * F)
            }
            blk.dact.pointer.update(repeating: 0, count: B * T * F)
            MaxPool1D.backward(
                dinp: blk.dact.pointer, dout: blk.dpooled.pointer, inp: blk.act.pointer, B: B, T: T, C: F)
            var dinp: UnsafeMutablePointer<S>? = nil
            if i > 0 {
                dinp = blocks[i - 1].dout.pointer
                dinp!.update(repeating: 0, count: B * T * cinBlock)
            }
            Conv1D.backward(
                dinp: dinp, dweight: g("conv\(i).weight"), dbias: g("conv\(i).bias"),
                dout: blk.dact.pointer, out: blk.act.pointer, inp: blockInputs[i],
                weight: p(params, "conv\(i).weight"), relu: true,
                B: B, T: T, Cin: cinBlock, Cout: F, K: layer.kernel)
        }
    }

    private var gruCache: GRU.Cache<S> {
        GRU.Cache(
            hs: hs.pointer, hm: hm.pointer, gates: gates.pointer, ghn: extra.pointer, gx: gx.pointer,
            gh: gh.pointer)
    }

    private var lstmCache: LSTM.Cache<S> {
        LSTM.Cache(
            hs: hs.pointer, cs: cs!.pointer, hm: hm.pointer, gates: gates.pointer, tanhC: extra.pointer,
            gx: gx.pointer, gh: gh.pointer)
    }
}
