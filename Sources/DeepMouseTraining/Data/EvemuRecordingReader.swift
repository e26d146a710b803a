import Foundation

/// Reads evemu recordings into a 100 Hz motion stream through DeepMouseMotion's offline API
/// (tracker + grid), so the trainer and the daemon resample motion identically.
public enum EvemuRecordingReader {
    public static func parse(_ bytes: Data, file: String) throws -> MotionStream {
        // DeepMouseMotion's evemu parser and 100 Hz grid are not in the package yet.
        throw DataError.unreadable(file: file, reason: "evemu recordings are not supported yet (waiting for DeepMouseMotion's evemu reader)")
    }
}
