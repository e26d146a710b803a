/// Constants of the `.dmm` model file, version 1 (all integers little-endian):
///
///     header (32 bytes)
///       0  magic "DMMF"             4  version u16 (1)          6  byte-order mark u16 0xFEFF
///       8  header size u16 (32)    10  entry size u16 (64)     12  file size u32 (with CRC)
///      16  entry count u32         20  entries offset u32 (32) 24  flags u32 (0)  28  reserved
///     entry table (entry count x 64 bytes)
///       0  name, 32 bytes ASCII, NUL-padded ("conv0.weight")
///      32  dtype u8 (DType)  33 rank u8 (1...4)  34 reserved u16  36 dims 4 x u32 (unused = 1)
///      52  data offset u32 (from file start, 16-aligned)  56 byte count u32  60 reserved u32
///     data (each entry's bytes; dims product x dtype size == byte count)
///     CRC-32 u32 of every byte before it
///
/// The entries a model needs are listed by `ModelTensors`; `arch` holds `ArchitectureField`s. A reader checks every
/// entry's bounds and ignores the names it does not know, so an optional entry (`provenance`, `decision`,
/// `decision.cusum`) is added without a version bump: an older reader loads the file and does without it. The
/// version changes only for a change an older reader would misread.
public enum ModelFileFormat {
    public static let magic: (UInt8, UInt8, UInt8, UInt8) = (0x44, 0x4D, 0x4D, 0x46)  // "DMMF"
    public static let version: UInt16 = 1
    public static let byteOrderMark: UInt16 = 0xFEFF
    public static let headerSize: Int = 32
    public static let entrySize: Int = 64
    public static let nameSize: Int = 32
    public static let maxEntries: Int = 256
    public static let dataAlignment: Int = 16
    public static let checksumSize: Int = 4
}

/// Element types of model file entries.
public enum DType: UInt8, Sendable {
    case int8 = 1
    case int16 = 2
    case int32 = 3
    case uint8 = 4
    case float32 = 5
    case int64 = 6

    public var byteSize: Int {
        switch self {
        case .int8, .uint8: return 1
        case .int16: return 2
        case .int32, .float32: return 4
        case .int64: return 8
        }
    }
}

/// Positions of the int32 fields of the `arch` entry (format version 1).
public enum ArchitectureField: Int {
    case window = 0
    case hop, sampleRateHz, inputChannels, inputUnit, convCount
    case conv0Kernel, conv1Kernel, conv2Kernel, conv0Filters, conv1Filters, conv2Filters
    case poolSize, recurrentKind, hidden, denseOutputs, gateFractionBits, tableEntries
    /// `ReadoutKind` (0 in files written before the field existed: the last hidden state).
    case readout
    /// `InputCells` (0 in files written before the field existed: every cell).
    case inputCells
    public static let count = 20
}

/// Positions of the int32 fields of the optional `decision.cusum` entry (`ChangeDetectorParameters`). Added
/// without a format version bump: readers that predate it ignore the entry and decide by the vote.
public enum ChangeDetectorField: Int {
    case plattScaleQ16 = 0
    case plattOffsetQ16, thresholdQ12, headStartQ12, pauseHops, idleHopsToUnknown
    public static let count = 6
}

/// Which 100 Hz cells of the motion stream a model reads. A model trained on moving samples only
/// never sees pauses, so it cannot lean on how often the pointer rests (a session habit, not a
/// trait of the hand); the runtime then feeds it only cells with motion.
public enum InputCells: Int32, Sendable {
    /// Every cell, empty ones as zero motion.
    case every = 0
    /// Only cells with motion (dx, dy) != (0, 0); empty cells are skipped.
    case moving = 1
}

/// What the Dense layer reads from the recurrent layer's T hidden states. The mean lets every
/// step of the window speak directly to the decision (not only through the last state).
public enum ReadoutKind: Int32, Sendable {
    /// h_T, the last hidden state (the original network).
    case last = 0
    /// (1/T) Σ h_t over the T steps, in h's format (Q0.15), rounded by `dividedRoundingHalfUp`.
    case mean = 1
}

/// The recurrent layer of a model.
public enum RecurrentKind: Int32, Sendable {
    case gru = 1
    case lstm = 2
}
