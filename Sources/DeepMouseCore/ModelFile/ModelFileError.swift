/// Why a `.dmm` file was rejected. Every case names the field or entry at fault; the reader
/// never traps on bad bytes.
public enum ModelFileError: Error, Sendable {
    /// The file is shorter than the field being read needs.
    case truncated(field: StaticString, needed: Int, available: Int)
    /// The first four bytes are not "DMMF": not a DeepMouse model file.
    case badMagic
    /// Written by a different format version than this reader supports.
    case unsupportedVersion(found: UInt16, supported: UInt16)
    /// Written with the other byte order (this format is little-endian).
    case wrongByteOrder
    /// The header's file size disagrees with the number of bytes given.
    case sizeMismatch(declared: Int, actual: Int)
    /// The stored CRC-32 does not match the bytes: the file is corrupt.
    case checksumMismatch(stored: UInt32, computed: UInt32)
    /// A header or entry field holds an impossible value.
    case invalidField(field: StaticString, value: Int32)
    /// An entry's bytes lie outside the data region or overlap the table.
    case entryOutOfBounds(entry: Int32)
    /// A required entry is absent.
    case missingEntry(name: StaticString)
    /// An entry has the wrong element type or shape for the architecture.
    case badShape(name: StaticString)
    /// The architecture is valid but not supported by this engine (e.g. LSTM).
    case unsupported(field: StaticString, value: Int32)
    /// A quantization multiplier or shift is outside the recipe's ranges.
    case badMultiplier(name: StaticString, index: Int32)
    /// The golden self-test did not reproduce the stored output: `field` (`p_left Q15`, `logit Q12` or
    /// `idle`) is the first output that differs.
    case selfTestFailed(field: StaticString, expected: Int32, computed: Int32)
    /// The caller's arena is smaller than `arenaByteCount(for:)`.
    case arenaTooSmall(needed: Int, available: Int)
    /// The requested hop does not keep the pooling grid aligned or is not positive.
    case badHop(hop: Int32)
}
