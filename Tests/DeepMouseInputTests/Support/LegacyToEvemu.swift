import DeepMouseMotion
import DeepMouseTraining
import Foundation

/// The equivalence test's conversion of a legacy `x,y` recording into an evemu touchpad stream:
/// `LegacyConversion`, the one implementation (also behind `deepmouse dataset convert --to
/// evemu`), on its replay pad at 10 px/mm, so one device unit is one pixel and
/// `--px-per-mm 10` gives the daemon exactly the file's pixel deltas, first delta in cell 1.
enum LegacyToEvemu {
    static let unitsPerMillimetre = LegacyConversion.replayPadUnitsPerMillimetre

    /// Reads `x,y` lines with the trainer's reader.
    static func positions(_ text: String) throws -> [(x: Double, y: Double)] {
        try LegacyRecordingReader.positions(Data(text.utf8), file: "legacy text")
    }

    static func evemu(_ p: [(x: Double, y: Double)]) throws -> [UInt8] {
        try LegacyConversion.evemu(positions: p, pixelsPerMillimetre: Double(unitsPerMillimetre))
    }
}
