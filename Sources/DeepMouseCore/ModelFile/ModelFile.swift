/// A validated, read-only view over the bytes of a `.dmm` model file (format in
/// `ModelFileFormat`). `init(bytes:)` checks the header, the CRC-32, every entry's bounds and
/// every tensor's shape against the architecture, and the quantization parameters' ranges; the
/// golden self-test runs when a `StreamingClassifier` is prepared (it needs the arena).
///
/// The view does not copy: the caller keeps the bytes alive and unchanged while it is used.
public struct ModelFile {
    public let bytes: UnsafeRawBufferPointer
    public let architecture: ModelArchitecture
    public let version: UInt16
    public let entryCount: Int
    public let tensors: ModelTensors

    public init(bytes: UnsafeRawBufferPointer) throws(ModelFileError) {
        let header = ModelFileFormat.headerSize
        guard bytes.count >= 4 else { throw .truncated(field: "header.magic", needed: 4, available: bytes.count) }
        let m = ModelFileFormat.magic
        guard bytes[0] == m.0, bytes[1] == m.1, bytes[2] == m.2, bytes[3] == m.3 else { throw .badMagic }
        guard bytes.count >= header + ModelFileFormat.checksumSize else {
            throw .truncated(field: "header", needed: header + ModelFileFormat.checksumSize, available: bytes.count)
        }
        let bom = bytes.u16LE(6)
        guard bom == ModelFileFormat.byteOrderMark else {
            if bom == 0xFFFE { throw .wrongByteOrder }
            throw .invalidField(field: "header.byteOrderMark", value: Int32(bom))
        }
        let version = bytes.u16LE(4)
        guard version == ModelFileFormat.version else {
            throw .unsupportedVersion(found: version, supported: ModelFileFormat.version)
        }
        guard Int(bytes.u16LE(8)) == header else {
            throw .invalidField(field: "header.headerSize", value: Int32(bytes.u16LE(8)))
        }
        guard Int(bytes.u16LE(10)) == ModelFileFormat.entrySize else {
            throw .invalidField(field: "header.entrySize", value: Int32(bytes.u16LE(10)))
        }
        let declared = bytes.u32LE(12)
        guard declared <= UInt32(Int32.max), Int(declared) == bytes.count else {
            if declared > UInt32(bytes.count), declared <= UInt32(Int32.max) {
                throw .truncated(field: "file", needed: Int(declared), available: bytes.count)
            }
            throw .sizeMismatch(declared: Int(truncatingIfNeeded: declared), actual: bytes.count)
        }
        let end = bytes.count - ModelFileFormat.checksumSize
        let stored = bytes.u32LE(end)
        let computed = CRC32.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<end]))
        guard stored == computed else { throw .checksumMismatch(stored: stored, computed: computed) }

        let count = bytes.u32LE(16)
        guard count >= 1, count <= UInt32(ModelFileFormat.maxEntries) else {
            throw .invalidField(field: "header.entryCount", value: Int32(bitPattern: count))
        }
        guard Int(bytes.u32LE(20)) == header else {
            throw .invalidField(field: "header.entriesOffset", value: Int32(bitPattern: bytes.u32LE(20)))
        }
        let tableEnd = header + Int(count) * ModelFileFormat.entrySize
        guard tableEnd <= end else { throw .truncated(field: "entry table", needed: tableEnd, available: end) }
        let table = ModelFileTable(bytes: bytes, count: Int(count), dataStart: tableEnd, dataEnd: end)
        for i in 0..<Int(count) { _ = try table.entry(i) }

        let archRef = try table.require("arch", .int32, Int32(ArchitectureField.count))
        let architecture = try ModelArchitecture.parse { f in bytes.i32LE(archRef.offset + 4 * f.rawValue) }
        self.bytes = bytes
        self.version = version
        self.entryCount = Int(count)
        self.architecture = architecture
        self.tensors = try ModelTensors(table: table, architecture: architecture)
        try validateQuantization()
    }

    // MARK: Typed element access (bounds were checked at load)

    @inline(__always) public func int8(_ t: TensorRef, _ i: Int) -> Int8 {
        Int8(bitPattern: bytes[t.offset + i])
    }
    @inline(__always) public func int16(_ t: TensorRef, _ i: Int) -> Int16 { bytes.i16LE(t.offset + 2 * i) }
    @inline(__always) public func int32(_ t: TensorRef, _ i: Int) -> Int32 { bytes.i32LE(t.offset + 4 * i) }
    @inline(__always) public func int64(_ t: TensorRef, _ i: Int) -> Int64 { bytes.i64LE(t.offset + 8 * i) }
    @inline(__always) public func float32(_ t: TensorRef, _ i: Int) -> Float { bytes.f32LE(t.offset + 4 * i) }

    /// The raw bytes of a tensor (e.g. the provenance text).
    public func raw(_ t: TensorRef, byteCount: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[t.offset..<t.offset + byteCount])
    }

    /// Entry `index` of the table (for tools that list the file).
    public func entry(at index: Int) throws(ModelFileError) -> ModelFileEntry {
        try ModelFileTable(
            bytes: bytes, count: entryCount, dataStart: 0,
            dataEnd: bytes.count - ModelFileFormat.checksumSize
        ).entry(index)
    }

    /// The NUL-trimmed name bytes of entry `index`.
    public func entryName(at index: Int) -> UnsafeRawBufferPointer {
        let base = ModelFileFormat.headerSize + index * ModelFileFormat.entrySize
        var n = 0
        while n < ModelFileFormat.nameSize && bytes[base + n] != 0 { n += 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[base..<base + n])
    }

    /// Multipliers and shifts within the recipe's ranges, the still bounds non-negative,
    /// the tables monotone where they must be.
    private func validateQuantization() throws(ModelFileError) {
        let t = tensors
        func check(_ name: StaticString, _ m: TensorRef, _ s: TensorRef) throws(ModelFileError) {
            for i in 0..<m.count {
                let q = QuantizedMultiplier(multiplier: int32(m, i), shift: int32(s, i))
                guard q.isValid else { throw .badMultiplier(name: name, index: Int32(truncatingIfNeeded: i)) }
            }
        }
        for i in 0..<Int(architecture.convCount) {
            try check("conv.multiplier", t.conv[i].multipliers, t.conv[i].shifts)
        }
        try check("gru.x_multiplier", t.gruInputMultipliers, t.gruInputShifts)
        try check("gru.h_multiplier", t.gruRecurrentMultipliers, t.gruRecurrentShifts)
        try check("dense.multiplier", t.denseMultiplier, t.denseShift)
        for axis in 0..<2 where int64(t.stillBound, axis) < 0 {
            throw .invalidField(field: "input.still_bound", value: Int32(truncatingIfNeeded: axis))
        }
        let golden = int32(t.goldenOutput, 0)
        guard golden >= 0 && golden <= 32767 else { throw .invalidField(field: "golden.output", value: golden) }
        // The stored parameters must be exactly the ranges `DecisionParameters.sanitized` keeps (cap before threshold,
        // whose bound it is).
        if let p = decisionParameters {
            let s = p.sanitized
            guard p.retentionQ15 == s.retentionQ15 else {
                throw .invalidField(field: "decision.retention", value: p.retentionQ15)
            }
            guard p.capQ8 == s.capQ8 else { throw .invalidField(field: "decision.cap", value: p.capQ8) }
            guard p.thresholdQ8 == s.thresholdQ8 else {
                throw .invalidField(field: "decision.threshold", value: p.thresholdQ8)
            }
            guard p.idleHopsToUnknown == s.idleHopsToUnknown else {
                throw .invalidField(field: "decision.idle_hops", value: p.idleHopsToUnknown)
            }
            guard p.minimumHopsBetweenChanges == s.minimumHopsBetweenChanges else {
                throw .invalidField(field: "decision.min_hops", value: p.minimumHopsBetweenChanges)
            }
        }
        if let p = changeDetectorParameters {
            let s = p.sanitized
            guard p.plattScaleQ16 == s.plattScaleQ16 else {
                throw .invalidField(field: "decision.cusum.platt_scale", value: p.plattScaleQ16)
            }
            guard p.plattOffsetQ16 == s.plattOffsetQ16 else {
                throw .invalidField(field: "decision.cusum.platt_offset", value: p.plattOffsetQ16)
            }
            guard p.thresholdQ12 == s.thresholdQ12 else {
                throw .invalidField(field: "decision.cusum.threshold", value: p.thresholdQ12)
            }
            guard p.headStartQ12 == s.headStartQ12 else {
                throw .invalidField(field: "decision.cusum.head_start", value: p.headStartQ12)
            }
            guard p.pauseHops == s.pauseHops else {
                throw .invalidField(field: "decision.cusum.pause_hops", value: p.pauseHops)
            }
            guard p.idleHopsToUnknown == s.idleHopsToUnknown else {
                throw .invalidField(field: "decision.cusum.idle_hops", value: p.idleHopsToUnknown)
            }
        }
    }

    /// The change detector's parameters stored with the model (`deepmouse calibrate`), or nil when the file carries
    /// none and the vote decides. Validated at load.
    public var changeDetectorParameters: ChangeDetectorParameters? {
        guard let d = tensors.changeDetector else { return nil }
        func f(_ field: ChangeDetectorField) -> Int32 { int32(d, field.rawValue) }
        return ChangeDetectorParameters(
            plattScaleQ16: f(.plattScaleQ16), plattOffsetQ16: f(.plattOffsetQ16), thresholdQ12: f(.thresholdQ12),
            headStartQ12: f(.headStartQ12), pauseHops: f(.pauseHops), idleHopsToUnknown: f(.idleHopsToUnknown))
    }

    /// The decision layer's parameters stored with the model (chosen for it, e.g. by `hand-switch-bench` on its dev
    /// part), or nil when the file carries none and the defaults apply. Validated at load.
    public var decisionParameters: DecisionParameters? {
        guard let d = tensors.decision else { return nil }
        return DecisionParameters(
            retentionQ15: int32(d, 0), thresholdQ8: int32(d, 1), capQ8: int32(d, 2),
            idleHopsToUnknown: int32(d, 3), minimumHopsBetweenChanges: int32(d, 4))
    }
}
