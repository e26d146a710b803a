import DeepMouseCore
import DeepMouseMotion

extension ModelFileError {
    /// Writes a one-line explanation of why the model file was rejected.
    public func write<Sink: ByteSink>(to s: inout Sink) {
        switch self {
        case let .truncated(field, needed, available):
            s.append("file is truncated at '"); s.append(field); s.append("' (needs ")
            s.append(decimal: Int64(needed)); s.append(" bytes, has "); s.append(decimal: Int64(available)); s.append(")")
        case .badMagic:
            s.append("not a DeepMouse model file (the first bytes are not DMMF)")
        case let .unsupportedVersion(found, supported):
            s.append("format version "); s.append(decimal: Int64(found)); s.append(" is not supported (this daemon reads version ")
            s.append(decimal: Int64(supported)); s.append("): export the model again or update the daemon")
        case .wrongByteOrder:
            s.append("written with the wrong byte order")
        case let .sizeMismatch(declared, actual):
            s.append("header says "); s.append(decimal: Int64(declared)); s.append(" bytes, file has ")
            s.append(decimal: Int64(actual)); s.append(" (incomplete copy?)")
        case let .checksumMismatch(stored, computed):
            s.append("checksum mismatch (stored "); s.append(hex: UInt64(stored), digits: 8)
            s.append(", computed "); s.append(hex: UInt64(computed), digits: 8); s.append("): the file is corrupt")
        case let .invalidField(field, value):
            s.append("invalid field '"); s.append(field); s.append("' = "); s.append(decimal: Int64(value))
        case let .entryOutOfBounds(entry):
            s.append("entry "); s.append(decimal: Int64(entry)); s.append(" lies outside the file")
        case let .missingEntry(name):
            s.append("missing entry '"); s.append(name); s.append("'")
        case let .badShape(name):
            s.append("entry '"); s.append(name); s.append("' has the wrong type or shape")
        case let .unsupported(field, value):
            s.append("unsupported '"); s.append(field); s.append("' = "); s.append(decimal: Int64(value))
        case let .badMultiplier(name, index):
            s.append("bad quantization multiplier in '"); s.append(name); s.append("' at ")
            s.append(decimal: Int64(index))
        case let .selfTestFailed(expectedQ15, actualQ15):
            s.append("golden self-test failed (expected p_left Q15 "); s.append(decimal: Int64(expectedQ15))
            s.append(", got "); s.append(decimal: Int64(actualQ15)); s.append(")")
        case let .arenaTooSmall(needed, available):
            s.append("arena too small ("); s.append(decimal: Int64(needed)); s.append(" bytes needed, ")
            s.append(decimal: Int64(available)); s.append(" given)")
        case let .badHop(hop):
            s.append("hop "); s.append(decimal: Int64(hop))
            s.append(" is not a positive multiple of the model's pooling factor")
        }
    }
}
