import DeepMouseCore

/// Human-readable model file errors for the workstation tools (the core stays String-free).
extension ModelFileError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .truncated(let field, let needed, let available):
            return "truncated file: \(field) needs \(needed) bytes, the file has \(available)"
        case .badMagic: return "not a DeepMouse model file (the first bytes are not \"DMMF\")"
        case .unsupportedVersion(let found, let supported):
            return "model format version \(found); this build reads version \(supported): re-export the model with this build"
        case .wrongByteOrder: return "the file was written big-endian; .dmm files are little-endian"
        case .sizeMismatch(let declared, let actual): return "header says \(declared) bytes, the file has \(actual)"
        case .checksumMismatch(let stored, let computed):
            return "corrupt file: CRC-32 is \(hex(computed)), the file says \(hex(stored))"
        case .invalidField(let field, let value): return "invalid \(field): \(value)"
        case .entryOutOfBounds(let entry): return "entry \(entry) points outside the data region"
        case .missingEntry(let name): return "missing entry '\(name)'"
        case .badShape(let name): return "entry '\(name)' has the wrong type or shape for the architecture"
        case .unsupported(let field, let value): return "not supported by the fixed-point engine: \(field) = \(value)"
        case .badMultiplier(let name, let index): return "\(name)[\(index)]: multiplier/shift outside the recipe's ranges"
        case .selfTestFailed(let expected, let actual):
            return "golden self-test failed: expected p_left \(expected)/32768, the engine computed \(actual)/32768"
        case .arenaTooSmall(let needed, let available): return "arena of \(available) bytes, the model needs \(needed)"
        case .badHop(let hop): return "hop \(hop) must be a positive multiple of 2^(conv layers)"
        }
    }

    private func hex(_ v: UInt32) -> String { "0x" + String(v, radix: 16, uppercase: true) }
}
