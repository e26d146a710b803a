extension ModelFileError {
    /// Writes a one-line explanation of why the model file was rejected, naming the field or
    /// entry at fault. The daemon, the firmware and the workstation tools all print this text.
    public func write<Sink: ByteSink>(to s: inout Sink) {
        switch self {
        case .truncated(let field, let needed, let available):
            s.append("truncated file: '")
            s.append(field)
            s.append("' needs ")
            s.append(decimal: Int64(needed))
            s.append(" bytes, the file has ")
            s.append(decimal: Int64(available))
        case .badMagic:
            s.append("not a DeepMouse model file (the first bytes are not DMMF)")
        case .unsupportedVersion(let found, let supported):
            s.append("format version ")
            s.append(decimal: Int64(found))
            s.append(" is not supported (this build reads version ")
            s.append(decimal: Int64(supported))
            s.append("): export the model again with this build, or update the daemon")
        case .wrongByteOrder:
            s.append("written big-endian; .dmm files are little-endian")
        case .sizeMismatch(let declared, let actual):
            s.append("header says ")
            s.append(decimal: Int64(declared))
            s.append(" bytes, the file has ")
            s.append(decimal: Int64(actual))
            s.append(" (an incomplete copy?)")
        case .checksumMismatch(let stored, let computed):
            s.append("checksum mismatch (stored ")
            s.append(hex: UInt64(stored), digits: 8)
            s.append(", computed ")
            s.append(hex: UInt64(computed), digits: 8)
            s.append("): the file is corrupt")
        case .invalidField(let field, let value):
            s.append("invalid field '")
            s.append(field)
            s.append("' = ")
            s.append(decimal: Int64(value))
        case .entryOutOfBounds(let entry):
            s.append("entry ")
            s.append(decimal: Int64(entry))
            s.append(" lies outside the data region")
        case .missingEntry(let name):
            s.append("missing entry '")
            s.append(name)
            s.append("'")
        case .badShape(let name):
            s.append("entry '")
            s.append(name)
            s.append("' has the wrong type or shape for the architecture")
        case .unsupported(let field, let value):
            s.append("not supported by this engine: '")
            s.append(field)
            s.append("' = ")
            s.append(decimal: Int64(value))
        case .badMultiplier(let name, let index):
            s.append("bad quantization multiplier or shift in '")
            s.append(name)
            s.append("' at ")
            s.append(decimal: Int64(index))
        case .selfTestFailed(let field, let expected, let computed):
            s.append("golden self-test failed (expected ")
            s.append(field)
            s.append(" ")
            s.append(decimal: Int64(expected))
            s.append(", computed ")
            s.append(decimal: Int64(computed))
            s.append(")")
        case .arenaTooSmall(let needed, let available):
            s.append("arena too small (")
            s.append(decimal: Int64(needed))
            s.append(" bytes needed, ")
            s.append(decimal: Int64(available))
            s.append(" given)")
        case .badHop(let hop):
            s.append("hop ")
            s.append(decimal: Int64(hop))
            s.append(" is not a positive multiple of the model's pooling factor")
        }
    }
}

#if !hasFeature(Embedded)
    extension ModelFileError: CustomStringConvertible {
        /// The same text as `write(to:)`, for the workstation tools.
        public var description: String {
            var line = LineBuffer()
            write(to: &line)
            return line.withBytes { String(decoding: $0, as: UTF8.self) }
        }
    }
#endif
