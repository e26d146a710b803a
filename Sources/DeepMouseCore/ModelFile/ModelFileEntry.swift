/// One entry of a model file's table: a named, typed, shaped run of bytes (validated).
public struct ModelFileEntry: Sendable {
    public var dtype: DType
    public var rank: Int
    public var dims: InlineArray<4, Int32>
    /// Offset of the data from the file start.
    public var offset: Int
    public var byteCount: Int
    public var elementCount: Int { byteCount / dtype.byteSize }
}

/// Where a typed tensor lies in the file (offset of element 0, element count).
public struct TensorRef: Sendable {
    public var offset: Int
    public var count: Int
    public init(offset: Int, count: Int) {
        self.offset = offset
        self.count = count
    }
}

extension UnsafeRawBufferPointer {
    @inline(__always) func u16LE(_ at: Int) -> UInt16 {
        UInt16(littleEndian: loadUnaligned(fromByteOffset: at, as: UInt16.self))
    }
    @inline(__always) func u32LE(_ at: Int) -> UInt32 {
        UInt32(littleEndian: loadUnaligned(fromByteOffset: at, as: UInt32.self))
    }
    @inline(__always) func i32LE(_ at: Int) -> Int32 {
        Int32(littleEndian: loadUnaligned(fromByteOffset: at, as: Int32.self))
    }
    @inline(__always) func i16LE(_ at: Int) -> Int16 {
        Int16(littleEndian: loadUnaligned(fromByteOffset: at, as: Int16.self))
    }
    @inline(__always) func i64LE(_ at: Int) -> Int64 {
        Int64(littleEndian: loadUnaligned(fromByteOffset: at, as: Int64.self))
    }
    @inline(__always) func f32LE(_ at: Int) -> Float { Float(bitPattern: u32LE(at)) }
}

/// Reads the entry table of a file whose header was checked. Nothing here traps.
struct ModelFileTable {
    let bytes: UnsafeRawBufferPointer
    let count: Int
    let dataStart: Int
    let dataEnd: Int

    func nameMatches(_ index: Int, _ name: StaticString) -> Bool {
        let base = ModelFileFormat.headerSize + index * ModelFileFormat.entrySize
        let n = name.utf8CodeUnitCount
        guard n < ModelFileFormat.nameSize else { return false }
        let p = name.utf8Start
        for i in 0..<n where bytes[base + i] != p[i] { return false }
        return bytes[base + n] == 0
    }

    func find(_ name: StaticString) -> Int? {
        for i in 0..<count where nameMatches(i, name) { return i }
        return nil
    }

    /// Validates entry `index` (type, rank, dims, bounds, alignment).
    func entry(_ index: Int) throws(ModelFileError) -> ModelFileEntry {
        let base = ModelFileFormat.headerSize + index * ModelFileFormat.entrySize
        let at = Int32(truncatingIfNeeded: index)
        guard let dtype = DType(rawValue: bytes[base + 32]) else {
            throw .invalidField(field: "entry.dtype", value: Int32(bytes[base + 32]))
        }
        let rank = Int(bytes[base + 33])
        guard rank >= 1 && rank <= 4 else { throw .invalidField(field: "entry.rank", value: Int32(rank)) }
        var dims = InlineArray<4, Int32>(repeating: 1)
        var elements = 1
        for d in 0..<4 {
            let raw = bytes.u32LE(base + 36 + 4 * d)
            guard raw <= 1 << 24, d < rank || raw == 1 else { throw .invalidField(field: "entry.dims", value: at) }
            dims[d] = Int32(bitPattern: raw)
            let (product, overflow) = elements.multipliedReportingOverflow(by: Int(raw))
            guard !overflow, product <= 1 << 26 else { throw .invalidField(field: "entry.dims", value: at) }
            elements = product
        }
        let offset = Int(truncatingIfNeeded: bytes.u32LE(base + 52))
        let byteCount = Int(truncatingIfNeeded: bytes.u32LE(base + 56))
        guard offset >= 0, byteCount >= 0, byteCount == elements * dtype.byteSize else {
            throw .invalidField(field: "entry.byteCount", value: at)
        }
        guard offset % ModelFileFormat.dataAlignment == 0, offset >= dataStart,
            offset <= dataEnd, byteCount <= dataEnd - offset
        else { throw .entryOutOfBounds(entry: at) }
        return ModelFileEntry(dtype: dtype, rank: rank, dims: dims, offset: offset, byteCount: byteCount)
    }

    /// Finds `name` and checks its type and shape (`dims` beyond `rank` are 1).
    func require(_ name: StaticString, _ dtype: DType, _ d0: Int32, _ d1: Int32 = 1, _ d2: Int32 = 1)
        throws(ModelFileError) -> TensorRef
    {
        guard let index = find(name) else { throw .missingEntry(name: name) }
        let e = try entry(index)
        guard e.dtype == dtype, e.dims[0] == d0, e.dims[1] == d1, e.dims[2] == d2, e.dims[3] == 1 else {
            throw .badShape(name: name)
        }
        return TensorRef(offset: e.offset, count: e.elementCount)
    }
}
