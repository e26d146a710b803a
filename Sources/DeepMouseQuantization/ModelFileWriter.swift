import DeepMouseCore

/// Serialises a `QuantizedModel` into `.dmm` bytes (format: `ModelFileFormat`), little-endian,
/// 16-aligned entries, CRC-32 last.
public enum ModelFileWriter {
    struct Entry {
        var name: String
        var dtype: DType
        var dims: [Int]
        var data: [UInt8]
    }

    static func bytes<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(values.count * MemoryLayout<T>.size)
        for v in values { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        return out
    }

    static func floats(_ values: [Float]) -> [UInt8] { bytes(values.map { $0.bitPattern }) }

    static func entries(_ m: QuantizedModel) -> [Entry] {
        let a = m.architecture
        var arch = [Int32](repeating: 0, count: ArchitectureField.count)
        arch[ArchitectureField.window.rawValue] = a.window
        arch[ArchitectureField.hop.rawValue] = a.defaultHop
        arch[ArchitectureField.sampleRateHz.rawValue] = a.sampleRateHz
        arch[ArchitectureField.inputChannels.rawValue] = a.inputChannels
        arch[ArchitectureField.inputUnit.rawValue] = a.inputUnit.rawValue
        arch[ArchitectureField.convCount.rawValue] = a.convCount
        for i in 0..<3 {
            arch[ArchitectureField.conv0Kernel.rawValue + i] = a.convKernel[i]
            arch[ArchitectureField.conv0Filters.rawValue + i] = a.convFilters[i]
        }
        arch[ArchitectureField.poolSize.rawValue] = 2
        arch[ArchitectureField.recurrentKind.rawValue] = a.recurrentKind.rawValue
        arch[ArchitectureField.hidden.rawValue] = a.hidden
        arch[ArchitectureField.denseOutputs.rawValue] = 1
        arch[ArchitectureField.gateFractionBits.rawValue] = ActivationTable.inputFractionBits
        arch[ArchitectureField.tableEntries.rawValue] = ActivationTable.entryCount
        arch[ArchitectureField.inputCells.rawValue] = a.inputCells.rawValue
        arch[ArchitectureField.readout.rawValue] = a.readout.rawValue
        var e: [Entry] = [Entry(name: "arch", dtype: .int32, dims: [arch.count], data: bytes(arch))]
        for (i, c) in m.convs.enumerated() {
            e.append(
                Entry(
                    name: "conv\(i).weight", dtype: .int8, dims: [c.kernel, c.inChannels, c.outChannels],
                    data: bytes(c.weight)))
            e.append(Entry(name: "conv\(i).bias", dtype: .int32, dims: [c.outChannels], data: bytes(c.bias)))
            e.append(
                Entry(
                    name: "conv\(i).multiplier", dtype: .int32, dims: [c.outChannels],
                    data: bytes(c.multipliers.map(\.multiplier))))
            e.append(
                Entry(
                    name: "conv\(i).shift", dtype: .int32, dims: [c.outChannels],
                    data: bytes(c.multipliers.map(\.shift))))
            e.append(
                Entry(
                    name: "conv\(i).weight_scale", dtype: .float32, dims: [c.outChannels], data: floats(c.weightScale)))
            e.append(Entry(name: "conv\(i).output_scale", dtype: .float32, dims: [1], data: floats([c.outputScale])))
        }
        let g = m.gru
        let rows = 3 * g.hidden
        e += [
            Entry(name: "gru.w_x", dtype: .int8, dims: [g.inChannels, rows], data: bytes(g.inputWeight)),
            Entry(name: "gru.w_h", dtype: .int8, dims: [g.hidden, rows], data: bytes(g.recurrentWeight)),
            Entry(name: "gru.b_x", dtype: .int32, dims: [rows], data: bytes(g.inputBias)),
            Entry(name: "gru.b_h", dtype: .int32, dims: [rows], data: bytes(g.recurrentBias)),
            Entry(
                name: "gru.x_multiplier", dtype: .int32, dims: [rows], data: bytes(g.inputMultipliers.map(\.multiplier))
            ),
            Entry(name: "gru.x_shift", dtype: .int32, dims: [rows], data: bytes(g.inputMultipliers.map(\.shift))),
            Entry(
                name: "gru.h_multiplier", dtype: .int32, dims: [rows],
                data: bytes(g.recurrentMultipliers.map(\.multiplier))),
            Entry(name: "gru.h_shift", dtype: .int32, dims: [rows], data: bytes(g.recurrentMultipliers.map(\.shift))),
            Entry(name: "gru.w_x_scale", dtype: .float32, dims: [rows], data: floats(g.inputWeightScale)),
            Entry(name: "gru.w_h_scale", dtype: .float32, dims: [rows], data: floats(g.recurrentWeightScale)),
            Entry(name: "dense.weight", dtype: .int8, dims: [g.hidden, 1], data: bytes(m.dense.weight)),
            Entry(name: "dense.bias", dtype: .int32, dims: [1], data: bytes([m.dense.bias])),
            Entry(name: "dense.multiplier", dtype: .int32, dims: [1], data: bytes([m.dense.multiplier.multiplier])),
            Entry(name: "dense.shift", dtype: .int32, dims: [1], data: bytes([m.dense.multiplier.shift])),
            Entry(name: "dense.weight_scale", dtype: .float32, dims: [1], data: floats([m.dense.weightScale])),
            Entry(name: "lut.sigmoid", dtype: .int16, dims: [m.sigmoidTable.count], data: bytes(m.sigmoidTable)),
            Entry(name: "lut.tanh", dtype: .int16, dims: [m.tanhTable.count], data: bytes(m.tanhTable)),
            Entry(name: "input.normalization", dtype: .float32, dims: [6], data: floats(m.normalization)),
            Entry(name: "input.still_bound", dtype: .int64, dims: [2], data: bytes(m.stillBound)),
            Entry(name: "golden.input", dtype: .int16, dims: [Int(a.window), 2], data: bytes(m.goldenInput)),
            Entry(name: "golden.output", dtype: .int32, dims: [3], data: bytes(m.goldenOutput)),
            Entry(name: "provenance", dtype: .uint8, dims: [m.provenance.utf8.count], data: Array(m.provenance.utf8))
        ]
        if let d = m.decision {
            e.append(
                Entry(
                    name: "decision", dtype: .int32, dims: [5],
                    data: bytes([
                        d.retentionQ15, d.thresholdQ8, d.capQ8, d.idleHopsToUnknown, d.minimumHopsBetweenChanges
                    ])))
        }
        if let c = m.changeDetector { e.append(changeDetectorEntry(c)) }
        return e
    }

    /// The `decision.cusum` entry (fields in `ChangeDetectorField` order).
    static func changeDetectorEntry(_ c: ChangeDetectorParameters) -> Entry {
        var v = [Int32](repeating: 0, count: ChangeDetectorField.count)
        v[ChangeDetectorField.plattScaleQ16.rawValue] = c.plattScaleQ16
        v[ChangeDetectorField.plattOffsetQ16.rawValue] = c.plattOffsetQ16
        v[ChangeDetectorField.thresholdQ12.rawValue] = c.thresholdQ12
        v[ChangeDetectorField.headStartQ12.rawValue] = c.headStartQ12
        v[ChangeDetectorField.pauseHops.rawValue] = c.pauseHops
        v[ChangeDetectorField.idleHopsToUnknown.rawValue] = c.idleHopsToUnknown
        return Entry(name: "decision.cusum", dtype: .int32, dims: [v.count], data: bytes(v))
    }

    /// The file's bytes.
    public static func write(_ model: QuantizedModel) -> [UInt8] { write(entries(model)) }

    /// `file`'s entries, in order and byte for byte, with the `decision.cusum` entry set to `changeDetector`
    /// (replaced if present, appended if not, removed when nil): how `deepmouse calibrate` stores its fit.
    public static func write(_ file: ModelFile, changeDetector: ChangeDetectorParameters?) throws -> [UInt8] {
        var list: [Entry] = []
        for i in 0..<file.entryCount {
            let name = String(decoding: file.entryName(at: i), as: UTF8.self)
            guard name != "decision.cusum" else { continue }
            let e = try file.entry(at: i)
            list.append(
                Entry(
                    name: name, dtype: e.dtype, dims: (0..<e.rank).map { Int(e.dims[$0]) },
                    data: Array(file.raw(TensorRef(offset: e.offset, count: e.elementCount), byteCount: e.byteCount))))
        }
        if let changeDetector { list.append(changeDetectorEntry(changeDetector)) }
        return write(list)
    }

    static func write(_ list: [Entry]) -> [UInt8] {
        let align = ModelFileFormat.dataAlignment
        func aligned(_ n: Int) -> Int { (n + align - 1) / align * align }
        var offset = aligned(ModelFileFormat.headerSize + list.count * ModelFileFormat.entrySize)
        var offsets: [Int] = []
        for e in list {
            offsets.append(offset)
            offset = aligned(offset + e.data.count)
        }
        let fileSize = offset + ModelFileFormat.checksumSize
        var out = [UInt8](repeating: 0, count: fileSize)
        func put<T: FixedWidthInteger>(_ v: T, at: Int) {
            withUnsafeBytes(of: v.littleEndian) { for (i, b) in $0.enumerated() { out[at + i] = b } }
        }
        let m = ModelFileFormat.magic
        out[0] = m.0
        out[1] = m.1
        out[2] = m.2
        out[3] = m.3
        put(ModelFileFormat.version, at: 4)
        put(ModelFileFormat.byteOrderMark, at: 6)
        put(UInt16(ModelFileFormat.headerSize), at: 8)
        put(UInt16(ModelFileFormat.entrySize), at: 10)
        put(UInt32(fileSize), at: 12)
        put(UInt32(list.count), at: 16)
        put(UInt32(ModelFileFormat.headerSize), at: 20)
        for (i, e) in list.enumerated() {
            let base = ModelFileFormat.headerSize + i * ModelFileFormat.entrySize
            for (j, b) in e.name.utf8.prefix(ModelFileFormat.nameSize - 1).enumerated() { out[base + j] = b }
            out[base + 32] = e.dtype.rawValue
            out[base + 33] = UInt8(e.dims.count)
            for d in 0..<4 { put(UInt32(d < e.dims.count ? e.dims[d] : 1), at: base + 36 + 4 * d) }
            put(UInt32(offsets[i]), at: base + 52)
            put(UInt32(e.data.count), at: base + 56)
            for (j, b) in e.data.enumerated() { out[offsets[i] + j] = b }
        }
        let crc = out.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<(fileSize - 4)])) }
        put(crc, at: fileSize - 4)
        return out
    }
}
