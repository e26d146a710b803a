import DeepMouseMotion

/// Writes evemu text for tests (a thin alias so test files read naturally).
enum EvemuWriterBridge {
    static func description(_ d: DeviceDescription, into out: inout [UInt8]) {
        EvemuWriter.writeDescription(d, to: &out)
    }
}
